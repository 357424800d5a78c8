// The local callback server of every browser login from a CLI or desktop app (RFC 8252 §7.3):
// listen on 127.0.0.1, hand a consent URL to the user, wait for the one callback, answer the
// browser with a small page, and close — on success, error, timeout and abort alike.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError, invalidConfig, isAuthError } from '../errors.js';
import { abortedError } from '../token-manager/timers.js';
import { failurePage, LOOPBACK_HEADERS, otherPage, successPage, type LoopbackPage } from './loopback-page.js';

/** The loopback options a login takes, unchecked. */
export interface LoopbackInput {
  readonly port?: number;
  readonly callbackPath?: string;
  readonly open?: (url: string) => void | Promise<void>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** {@link LoopbackInput} checked, defaults applied. */
export interface LoopbackSettings {
  readonly port: number;
  readonly path: string;
  readonly timeoutMs: number;
  readonly open: (url: string) => void | Promise<void>;
  readonly signal: AbortSignal | undefined;
}

/** The consent URL and what the callback is checked against. */
export interface LoopbackStart<P> {
  readonly url: string;
  readonly pending: P;
}

/** What one login does around the server: `P` is what `prepare` hands to `complete`, `T` the result. */
export interface LoopbackHooks<P, T> {
  /** Starts messages: `loopback login`, `oauth1Login`. */
  readonly label: string;
  /** Names the login in `ERR_AUTH_ABORTED` messages: `the loopback login`. */
  readonly what: string;
  /** The consent URL for this redirect URI (a request to the provider may come first). */
  prepare(redirectUri: string, signal: AbortSignal): LoopbackStart<P> | Promise<LoopbackStart<P>>;
  /** Checks the callback against `pending` and completes the login; its error ends the login. */
  complete(callback: URL, pending: P, signal: AbortSignal): Promise<T>;
  /** Frees what the login holds when it fails. */
  dispose(): Promise<void>;
}

type Outcome<T> = { readonly result: T } | { readonly error: unknown };

/**
 * Checks `port`, `callbackPath`, `timeoutMs` and `open` (`ERR_AUTH_INVALID_CONFIG` naming the field).
 *
 * @internal
 * @example
 * ```ts
 * const settings = loopbackSettings(options);
 * ```
 */
export function loopbackSettings(options: LoopbackInput): LoopbackSettings {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw invalidConfig('port', 'an integer from 0 to 65535 (0: a free port)');
  const path = options.callbackPath ?? '/callback';
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(path)) throw invalidConfig('callbackPath', 'a path such as /callback');
  const timeoutMs = options.timeoutMs ?? 300_000;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 1 || timeoutMs > 2 ** 31 - 1) throw invalidConfig('timeoutMs', 'milliseconds from 1 to 2147483647');
  if (options.open !== undefined && typeof options.open !== 'function') throw invalidConfig('open', 'a function (url) => void');
  return { port, path, timeoutMs, open: options.open ?? printUrl, signal: options.signal };
}

/**
 * Runs one loopback login: listens on `127.0.0.1:port`, gets the consent URL from `prepare`,
 * hands it to `open` and resolves with what `complete` makes of the callback. Requests with
 * another `Host` header (DNS rebinding), path or method are refused without ending the login.
 * The server is closed before the promise settles; `dispose` runs on every failure.
 *
 * @internal
 * @example
 * ```ts
 * const result = await runLoopback(settings, { label: 'loopback login', what: 'the loopback login', prepare, complete, dispose });
 * ```
 */
export async function runLoopback<P, T>(settings: LoopbackSettings, hooks: LoopbackHooks<P, T>): Promise<T> {
  const { port, path, timeoutMs, open, signal } = settings;
  // node:http is loaded here rather than at import: only a login needs a server.
  const { createServer } = await import('node:http');
  const server = createServer();
  try {
    await listen(server, port);
  } catch (error) {
    await hooks.dispose();
    const code = (error as { code?: unknown }).code;
    throw new AuthError('ERR_AUTH_CALLBACK', `${hooks.label}: cannot listen on 127.0.0.1:${port}${typeof code === 'string' ? ` (${code})` : ''}`, {
      details: { reason: 'listen', port },
    });
  }
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    let started: LoopbackStart<P> | undefined;
    let handling = false;
    let done = false;
    let forceTimer: ReturnType<typeof setTimeout> | undefined;

    const finish = async (outcome: Outcome<T>): Promise<void> => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (forceTimer !== undefined) clearTimeout(forceTimer);
      signal?.removeEventListener('abort', onAbort);
      if ('error' in outcome) controller.abort(outcome.error);
      await closeServer(server);
      if ('result' in outcome) {
        resolve(outcome.result);
        return;
      }
      await hooks.dispose();
      reject(outcome.error);
    };
    /** Timeout, abort, a failed `prepare` or `open`: end now, or once the callback in progress has answered the browser. */
    const stop = (error: unknown): void => {
      if (done) return;
      controller.abort(error);
      if (!handling) {
        void finish({ error });
        return;
      }
      forceTimer = setTimeout(() => void finish({ error }), 5_000);
      forceTimer.unref?.();
    };
    const onAbort = (): void => stop(abortedError(signal, hooks.what));
    const timer = setTimeout(() => {
      stop(new AuthError('ERR_AUTH_TIMEOUT', `${hooks.label}: no callback within ${timeoutMs} ms`, { details: { timeoutMs } }));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) onAbort(); // fired while the server was starting

    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (request.headers.host !== host) return send(response, otherPage(400, 'Wrong host'));
      const target = new URL(request.url ?? '/', `http://${host}`);
      if (target.pathname !== path) return send(response, otherPage(404, 'Not found'));
      if (request.method !== 'GET') return send(response, otherPage(405, 'Method not allowed'));
      if (started === undefined) return send(response, otherPage(409, 'This sign-in has not started'));
      if (handling || done) return send(response, otherPage(409, 'This sign-in was already handled'));
      handling = true;
      hooks.complete(target, started.pending, controller.signal).then(
        (result): Outcome<T> => ({ result }),
        (error: unknown): Outcome<T> => ({ error }),
      ).then((outcome) => {
        send(response, 'result' in outcome ? successPage() : failurePage(outcome.error), () => void finish(outcome));
      }, () => undefined);
    });

    Promise.resolve()
      .then(() => hooks.prepare(`http://${host}${path}`, controller.signal))
      .then(
        (start) => {
          if (done) return;
          started = start;
          Promise.resolve()
            .then(() => open(start.url))
            .catch((error: unknown) => {
              stop(isAuthError(error) ? error : new AuthError('ERR_AUTH_CALLBACK', `${hooks.label}: the open callback failed`, { cause: error, details: { reason: 'open' } }));
            });
        },
        (error: unknown) => stop(error),
      );
  });
}

function printUrl(url: string): void {
  process.stderr.write(`\nOpen this URL in your browser to sign in:\n\n  ${url}\n\n`);
}

function send(response: ServerResponse, page: LoopbackPage, then?: () => void): void {
  if (response.headersSent || response.destroyed) {
    then?.();
    return;
  }
  if (then !== undefined) response.once('close', then);
  response.writeHead(page.status, LOOPBACK_HEADERS);
  response.end(page.html);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Closes the server and every connection to it; resolves once nothing listens. */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
