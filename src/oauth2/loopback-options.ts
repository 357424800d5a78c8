import type { AuthorizationCodeOptions } from './authorization-code/types.js';

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
