/**
 * Where the web dashboard's access token comes from. `--token` puts it in the
 * process list, where any local user reads it; HTTP_CONSOLE_TOKEN and
 * --token-file do not. See docs/reference/command-line.md.
 */
import { UsageError } from './args';

/** Name of the environment variable that carries the token. */
export const TOKEN_ENV = 'HTTP_CONSOLE_TOKEN';

/** A token a browser can send in a header or a URL: printable ASCII, no spaces. */
const TOKEN_SHAPE = /^[\x21-\x7e]{16,}$/;

/** Throws UsageError naming `source` unless `token` has the shape of a token. */
export function checkToken(source: string, token: string): string {
  if (!TOKEN_SHAPE.test(token)) {
    throw new UsageError(
      `${source}: the token must be at least 16 characters, printable ASCII without spaces`,
    );
  }
  return token;
}

/**
 * The token for `serve`: --token, else the first line of --token-file, else
 * HTTP_CONSOLE_TOKEN, else null (the server generates one).
 */
export function resolveToken(
  given: { token: string | null; tokenFile: string | null },
  env: NodeJS.ProcessEnv,
  readText: (path: string) => string,
): string | null {
  if (given.token !== null) return checkToken('--token', given.token);
  if (given.tokenFile !== null) {
    let text;
    try {
      text = readText(given.tokenFile);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new UsageError(`--token-file: cannot read ${given.tokenFile} (${reason})`);
    }
    return checkToken('--token-file', text.split(/\r?\n/, 1)[0] ?? '');
  }
  const fromEnv = env[TOKEN_ENV];
  return fromEnv === undefined || fromEnv === '' ? null : checkToken(TOKEN_ENV, fromEnv);
}
