import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError, invalidConfig, isAuthError } from '../errors.js';
import { abortedError } from '../token-manager/timers.js';
import { checkLoginOptions } from '../validate/oauth2-options.js';
import { buildAuthorizationUrl, pushAuthorization, pushesAuthorization, type AuthorizationUrlResult } from './authorization-code/authorization-url.js';
import { completeAuthorization, prepareAuthorizationCode } from './authorization-code/flow.js';
import type { AuthorizationCodeOptions } from './authorization-code/types.js';
import type { LoginResult } from './login-types.js';
import { failurePage, LOOPBACK_HEADERS, otherPage, successPage, type LoopbackPage } from './loopback-page.js';

/**
 * Options of {@link loopbackLogin}: the authorization-code options (without `redirectUri`, which
 * the loopback server sets) and how to run the local callback server.
 *
 * @example
 * ```ts
 * const options: LoopbackLoginOptions = {
 *   authorizationEndpoint: 'https://auth.example.com/authorize',
 *   tokenUrl: 'https://auth.example.com/token',
 *   clientId: 'my-cli',
 *   scope: ['openid', 'offline_access'],
 *   open: (url) => { spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref(); },
 * };
 * ```
 */
export interface LoopbackLoginOptions extends Omit<AuthorizationCodeOptions, 'redirectUri'> {
  /** The port on 127.0.0.1. Default `0`: a free port chosen by the system (register `http://127.0.0.1/callback` with any port). */
  readonly port?: number;
  /** The callback path. Default `/callback`. */
  readonly callbackPath?: string;
  /** Hands the consent URL to the user. Default: print it to stderr. Opening a browser is your choice. */
  readonly open?: (url: string) => void | Promise<void>;
  /** How long to wait for the callback. Default 300 000 (5 minutes); then `ERR_AUTH_TIMEOUT`. */
  readonly timeoutMs?: number;
  /** Stops the login (`ERR_AUTH_ABORTED`). */
  readonly signal?: AbortSignal;
}

type Outcome = { readonly result: LoginResult } | { readonly error: unknown };

/**
 * Signs a user in from a CLI or desktop app (RFC 8252): listens on `127.0.0.1` (a free port by
 * default), builds the consent URL with `redirect_uri=http://127.0.0.1:PORT/callback`, PKCE S256,
 * `state` and `nonce` (pushed first, RFC 9126, when the server has a pushed authorization request
 * endpoint), hands it to `open`, and waits for the browser to come back. The callback
 * is checked and the code exchanged as {@link handleCallback} does; the browser is answered with a
 * small page saying it worked or what failed (no token in it). The server is closed before this
 * returns — on success, error, timeout (`ERR_AUTH_TIMEOUT`) and abort (`ERR_AUTH_ABORTED`) alike.
 *
 * A callback with a wrong `state`, `iss` or an `error=` ends the login with that error. Requests
 * with another `Host` header (DNS rebinding) or path are refused without ending it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @see https://www.rfc-editor.org/rfc/rfc7636
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 * @example
 * ```ts
 * import { FileTokenStore, loopbackLogin, oauth2Auth } from 'authwire';
 *
 * const options = {
 *   authorizationEndpoint: 'https://auth.example.com/authorize',
 *   tokenUrl: 'https://auth.example.com/token',
 *   issuer: 'https://auth.example.com',
 *   clientId: 'my-cli',
 *   scope: ['openid', 'offline_access'],
 *   store: new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` }),
 * };
 * const { authenticator } = await loopbackLogin({ ...options, signal: AbortSignal.timeout(120_000) });
 * // Later runs: oauth2Auth({ grant: 'authorization_code', ...options }) uses and refreshes the stored token.
 * ```
 */
export async function loopbackLogin(options: LoopbackLoginOptions): Promise<LoginResult> {
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object');
  checkLoginOptions(options, 'loopbackLogin');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw invalidConfig('port', 'an integer from 0 to 65535 (0: a free port)');
  const path = options.callbackPath ?? '/callback';
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(path)) throw invalidConfig('callbackPath', 'a path such as /callback');
  const timeoutMs = options.timeoutMs ?? 300_000;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 1 || timeoutMs > 2 ** 31 - 1) throw invalidConfig('timeoutMs', 'milliseconds from 1 to 2147483647');
  if (options.open !== undefined && typeof options.open !== 'function') throw invalidConfig('open', 'a function (url) => void');
  const open = options.open ?? printUrl;
  const { signal } = options;
  if (signal?.aborted === true) throw abortedError(signal, 'the loopback login');

  const flow = prepareAuthorizationCode(flowOptions(options), true);
  // node:http is loaded here rather than at import: only a login needs a server.
  const { createServer } = await import('node:http');
  const server = createServer();
  try {
    await listen(server, port);
  } catch (error) {
    await flow.setup.authenticator.close();
    const code = (error as { code?: unknown }).code;
    throw new AuthError('ERR_AUTH_CALLBACK', `loopback login: cannot listen on 127.0.0.1:${port}${typeof code === 'string' ? ` (${code})` : ''}`, {
      details: { reason: 'listen', port },
    });
  }
  const actualPort = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${actualPort}`;
  let built: AuthorizationUrlResult;
  try {
    const request = buildAuthorizationUrl(flow.request, `http://${host}${path}`);
    built = request;
    // Pushed (RFC 9126) with the client authentication and DPoP key of the code exchange, before the browser is involved.
    if (pushesAuthorization(flow.request)) {
      const { setup } = flow;
      built = await pushAuthorization(flow.request, request, {
        clientAuth: setup.clientAuth, extraHeaders: setup.extraHeaders, fetch: setup.fetch, requestTimeoutMs: setup.requestTimeoutMs, dpop: setup.context.dpop, signal,
      });
    }
  } catch (error) {
    await closeServer(server);
    await flow.setup.authenticator.close();
    throw error;
  }
  const { url, pending } = built;

  return new Promise<LoginResult>((resolve, reject) => {
    const controller = new AbortController();
    let handling = false;
    let done = false;
    let forceTimer: ReturnType<typeof setTimeout> | undefined;

    const finish = async (outcome: Outcome): Promise<void> => {
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
      await flow.setup.authenticator.close();
      reject(outcome.error);
    };
    /** Timeout, abort, a failed `open`: end now, or once the callback in progress has answered the browser. */
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
    const onAbort = (): void => stop(abortedError(signal, 'the loopback login'));
    const timer = setTimeout(() => {
      stop(new AuthError('ERR_AUTH_TIMEOUT', `loopback login: no callback within ${timeoutMs} ms`, { details: { timeoutMs } }));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) onAbort(); // fired while the server was starting

    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (request.headers.host !== host) return send(response, otherPage(400, 'Wrong host'));
      const target = new URL(request.url ?? '/', `http://${host}`);
      if (target.pathname !== path) return send(response, otherPage(404, 'Not found'));
      if (request.method !== 'GET') return send(response, otherPage(405, 'Method not allowed'));
      if (handling || done) return send(response, otherPage(409, 'This sign-in was already handled'));
      handling = true;
      completeAuthorization(flow, target, pending, controller.signal).then(
        (result): Outcome => ({ result }),
        (error: unknown): Outcome => ({ error }),
      ).then((outcome) => {
        send(response, 'result' in outcome ? successPage() : failurePage(outcome.error), () => void finish(outcome));
      }, () => undefined);
    });

    Promise.resolve()
      .then(() => open(url))
      .catch((error: unknown) => {
        stop(isAuthError(error) ? error : new AuthError('ERR_AUTH_CALLBACK', 'loopback login: the open callback failed', { cause: error, details: { reason: 'open' } }));
      });
  });
}

/** The flow's options: the loopback's own removed, and a `redirectUri` from options shared with `authorizationUrl` ignored. */
function flowOptions(options: LoopbackLoginOptions): AuthorizationCodeOptions {
  const { port: _port, callbackPath: _path, open: _open, timeoutMs: _timeout, signal: _signal, ...rest } = options;
  const { redirectUri: _redirectUri, ...flow } = rest as AuthorizationCodeOptions;
  return flow;
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
