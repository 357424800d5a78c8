// Shared helpers of the conformance scenarios: servers that redirect, and ways to look at what a
// caller received.
import { inspect } from 'node:util';
import { isAuthError, type AuthError, type AuthErrorCode } from '../../src/index.js';
import { echo, type Handler, type ReceivedRequest, type TestServer } from '../servers/http-server.js';
import { reachableSecrets, type Leak } from '../../src/testing/reachable-secrets.js';

export { formsOf, type Leak } from '../../src/testing/reachable-secrets.js';

/**
 * Echoes every request, except `/redirect/<status>/<url-encoded target>`, which answers with that
 * status and a `Location` of the target carrying the incoming query string (as many servers do:
 * an API key in the query is repeated in the redirect).
 */
export const redirectingEcho: Handler = (request, response) => {
  const url = new URL(request.url, 'http://placeholder');
  const match = /^\/redirect\/(\d{3})\/(.+)$/.exec(url.pathname);
  if (match === null) return echo(request, response);
  const location = new URL(decodeURIComponent(match[2] ?? ''));
  for (const [name, value] of url.searchParams) location.searchParams.append(name, value);
  response.writeHead(Number(match[1]), { location: location.href, 'content-type': 'text/plain' });
  response.end('moved');
};

/** A path on `from` that redirects with `status` to `target`. */
export function redirectPath(status: number, target: string): string {
  return `redirect/${status}/${encodeURIComponent(target)}`;
}

/** The requests `server` received whose Host header names `host` (one server answers as 127.0.0.1 and localhost). */
export function receivedAt(server: TestServer, host: string): ReceivedRequest[] {
  return server.requests.filter((request) => request.headers.host === host);
}

/** The query parameters of a received request. */
export function queryOf(request: ReceivedRequest | undefined): URLSearchParams {
  return new URL(request?.url ?? '/', 'http://placeholder').searchParams;
}

/** Finds the AuthError in an error or in its chain of causes (got and axios wrap errors thrown in their hooks). */
export function findAuthError(error: unknown, code?: AuthErrorCode): AuthError | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    if (isAuthError(current, code)) return current;
    seen.add(current);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What `JSON.stringify` shows of a value; cycles (got's errors have them) and bigints are cut, not fatal. */
export function jsonOf(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[Circular]';
      seen.add(item);
    }
    return item;
  }) ?? '';
}

/** Everything a caller could print of `value`: its JSON and `util.inspect` at any depth. */
export function everythingShown(value: unknown): string {
  return `${jsonOf(value)}\n${inspect(value, { depth: Infinity })}`;
}

/** The secrets of `secrets` that appear in `text`. */
export function leaked(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

/**
 * Where any form of `secrets` shows in what is reachable from `root` (see
 * {@link reachableSecrets}); fails loudly if the graph is too large to search whole.
 */
export function leaksIn(root: unknown, secrets: readonly string[], limit = 400_000): Leak[] {
  const report = reachableSecrets(root, secrets, limit);
  if (!report.complete) throw new Error(`leaksIn: more than ${limit} objects reachable`);
  return [...report.found];
}
