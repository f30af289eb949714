/**
 * The dashboard page's Content-Security-Policy, one definition for the web
 * server's header, the Electron session's header and the page's own meta tag
 * (written into index.html by scripts/build.mjs): only our own scripts,
 * styles, images and connections; no inline script, no plugins, no remote
 * content, no framing (see docs/reference/security.md). Plain data, so the
 * build script can import it as it is.
 */
export const CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** As an HTTP header. */
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/** As a <meta> tag, where browsers ignore frame-ancestors (and warn about it). */
export const CONTENT_SECURITY_POLICY_META = CSP_DIRECTIVES.filter(
  (d) => !d.startsWith('frame-ancestors'),
).join('; ');
