/**
 * Who may talk to the web dashboard: the access token (constant-time compare)
 * and the Host check that keeps a loopback-only server safe from DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token, URL-safe. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** True when `host` (a bind address) only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Compare two secrets without leaking their common prefix length through timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; only the length may leak, as with any such compare.
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer T`, else `?token=T` when `allowQuery`. */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m ? (m[1] ?? null) : null;
  }
  return allowQuery ? url.searchParams.get('token') : null;
}

/**
 * For a loopback-bound server: accept only Host headers naming this machine,
 * so a web page on another site cannot reach us by re-pointing its DNS name
 * at 127.0.0.1 (DNS rebinding).
 */
export function hostHeaderAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (typeof host !== 'string') return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return isLoopbackHost(name);
}
