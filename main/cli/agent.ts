/**
 * `http-console agent`: the headless form for a fleet. The same engine as
 * `serve`, but the web server answers only GET /metrics and GET /api/snapshot
 * (no page, no event stream, no preferences), for Prometheus to scrape.
 * See docs/reference/command-line.md and docs/reference/web.md.
 */
import { isLoopbackHost } from '../web/auth';
import { UsageError, type CliOptions } from './args';
import { runWebFront } from './serve';
import { resolveToken, TOKEN_ENV } from './token';

/** The agent's token and where it came from (for the start line, which never shows it). */
export interface AgentToken {
  token: string | null;
  /** `--token`, `--token-file PATH`, HTTP_CONSOLE_TOKEN, or null when none was given. */
  from: string | null;
}

/**
 * The token for an agent, as for `serve`; but off loopback one must be given:
 * the scraper has to know it, so a generated one would lock everyone out.
 */
export function agentToken(
  options: Pick<CliOptions, 'token' | 'tokenFile' | 'host'>,
  env: NodeJS.ProcessEnv,
  readText: (path: string) => string,
): AgentToken {
  const token = resolveToken(options, env, readText);
  const from =
    options.token !== null
      ? '--token'
      : options.tokenFile !== null
        ? `--token-file ${options.tokenFile}`
        : token !== null
          ? TOKEN_ENV
          : null;
  if (token === null && !isLoopbackHost(options.host)) {
    throw new UsageError(
      `--host ${options.host}: an agent off loopback needs its token from --token-file, ${TOKEN_ENV} or --token`,
    );
  }
  return { token, from };
}

/** The line printed at start: the address, and where the token came from (never the token). */
export function agentBanner(url: string, from: string | null): string {
  const note = from === null ? 'no token: loopback only' : `token from ${from}`;
  return `http-console: agent at ${url} (${note})`;
}

/** Run the agent until SIGINT or SIGTERM; prints state changes and a final summary, like serve. */
export function runAgent(options: CliOptions, token: AgentToken): Promise<number> {
  return runWebFront(
    { ...options, token: token.token },
    {
      server: { routes: 'agent', exposeHosts: options.exposeHosts },
      announce: (server) => agentBanner(server.url, token.from),
    },
  );
}
