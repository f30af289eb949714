/** Which request bodies the web server reads as JSON. */

/**
 * True for `application/json`, alone or with `charset=utf-8` (any case,
 * quoted or not): the body is decoded as UTF-8, so another charset, another
 * parameter or a look-alike type (`application/json-seq`) is refused.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [essence = '', ...params] = header.split(';');
  if (essence.trim().toLowerCase() !== 'application/json') return false;
  return params
    .filter((p) => p.trim() !== '')
    .every((p) => {
      const eq = p.indexOf('=');
      const name = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
      return eq > 0 && name === 'charset' && (value === 'utf-8' || value === 'utf8');
    });
}
