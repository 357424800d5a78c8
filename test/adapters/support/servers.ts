// Servers the per-adapter tests start, closed after each test, and small helpers around them.
import { afterEach } from 'vitest';
import { startServer, type Handler, type TestServer } from '../../servers/http-server.js';

const closers: Array<() => Promise<void>> = [];

/** Closes, after each test of the calling file, what {@link server} started or {@link closeAfterTest} was given. */
export function closeAfterEachTest(): void {
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
}

/** Has `close` run after the current test. */
export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

/** A test server (by default a JSON echo), closed after the current test. */
export async function server(handler?: Handler): Promise<TestServer> {
  const started = await startServer(handler);
  closeAfterTest(() => started.close());
  return started;
}

/** Answers `code` with `headers` and a JSON echo of the request, credentials included. */
export function status(code: number, headers: Record<string, string> = {}): Handler {
  return (request, response) => {
    response.writeHead(code, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(request));
  };
}

/** How a request is made to fail in the error-shape tests. */
export type FailureKind = '401' | '500' | 'refused' | 'timeout';

/**
 * An origin where a request fails as `kind` says: a server answering 401 or 500 with an echo of
 * the request (credentials included, for the redaction checks), a server that never answers, or
 * a port nothing listens on any more.
 */
export async function failingOrigin(kind: FailureKind): Promise<string> {
  if (kind !== 'refused') return (await server(kind === 'timeout' ? () => {} : status(Number(kind)))).origin;
  const gone = await startServer();
  await gone.close();
  return gone.origin;
}

/** What `promise` rejected with; fails the test if it resolved. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}
