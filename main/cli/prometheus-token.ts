/**
 * `--prometheus-token-file PATH`: the Bearer token Prometheus (or the proxy in
 * front of it) asks for, from the first line of PATH. Each problem is a usage
 * error that names the file; a file every local user may read gets a warning,
 * not a refusal (see docs/reference/command-line.md).
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError, type PrometheusOption } from './args';

/** How the file is read; injected by tests. */
export interface TokenFileAccess {
  read(path: string): string;
  /** The file's permission bits. */
  mode(path: string): number;
}

const nodeAccess: TokenFileAccess = {
  read: (p) => readFileSync(p, 'utf8'),
  mode: (p) => statSync(p).mode,
};

/** The token in `path`; `warn` hears of a world-readable file. Throws UsageError. */
export function readPrometheusToken(
  path: string,
  warn: (message: string) => void,
  access: TokenFileAccess = nodeAccess,
): string {
  const flag = '--prometheus-token-file';
  let first: string;
  try {
    first = access.read(path).split(/\r?\n/, 1)[0]!.trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : (code ?? (err as Error).message);
    throw new UsageError(`${flag}: cannot read ${path} (${why})`);
  }
  if (first === '') throw new UsageError(`${flag}: ${path} is empty; its first line is the token`);
  if (/\s/.test(first)) throw new UsageError(`${flag}: the token in ${path} has a space in it`);
  if ((access.mode(path) & 0o004) !== 0)
    warn(`${flag}: ${path} is readable by every user of this machine (chmod o-r ${path})`);
  return first;
}

/** The option with its token read from its file, if it names one. */
export function withPrometheusToken(
  p: PrometheusOption,
  warn: (message: string) => void,
  access?: TokenFileAccess,
): PrometheusOption {
  return p.tokenFile === null ? p : { ...p, token: readPrometheusToken(p.tokenFile, warn, access) };
}
