import { inspect } from 'node:util';
import type { AuthContext, Authenticator, AuthRequest } from './authenticator.js';
import { AuthError, invalidConfig, isAuthError } from './errors.js';
import type { TokenStore } from './stores/token-store.js';
import type { Token } from './token.js';
import { TokenManager } from './token-manager/token-manager.js';
import type { GetTokenOptions } from './token-manager/types.js';
import { vaultSecret, type VaultSecret } from './vault-secret.js';
import { checkOptionNames, optionNames } from './validate/option-names.js';

const vaultNames = optionNames<VaultOptions>()(['store', 'timeoutMs']);

/**
 * Options of {@link createVault}.
 *
 * @example
 * ```ts
 * const options: VaultOptions = { store: new FileTokenStore({ path: '.tokens.json' }), timeoutMs: 10_000 };
 * ```
 */
export interface VaultOptions {
  /**
   * The one store every token authenticator of the vault must keep its tokens in (give the same
   * store to each factory). Creating the vault fails with `ERR_AUTH_INVALID_CONFIG` naming the
   * entry that uses another. Unchecked when absent.
   */
  readonly store?: TokenStore;
  /** How long {@link Vault.secrets} waits for each token. Default: each token manager's `waitTimeoutMs`. */
  readonly timeoutMs?: number;
}

/**
 * Options of {@link Vault.secrets}.
 *
 * @example
 * ```ts
 * await vault.secrets({ signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface VaultSecretsOptions {
  /** Stop waiting when this fires: the names still waiting report `isLoggedIn: false`. */
  readonly signal?: AbortSignal;
  /** How long to wait for each token. Default: the vault's `timeoutMs`. */
  readonly timeoutMs?: number;
}

/**
 * What {@link Vault.secrets} resolves to: one {@link VaultSecret} per name.
 *
 * @example
 * ```ts
 * const secrets: VaultSecrets<'github' | 'spotify'> = await vault.secrets();
 * ```
 */
export type VaultSecrets<Name extends string> = { readonly [K in Name]: VaultSecret };

/**
 * Named authenticators held together, to hand fresh tokens to providers' own SDKs and to give
 * adapters the authenticator they need. See {@link createVault}.
 *
 * @example
 * ```ts
 * const vault: Vault<'github' | 'spotify'> = createVault({ github, spotify });
 * ```
 */
export interface Vault<Name extends string> {
  /** The names, in the order given. */
  readonly names: readonly Name[];
  /**
   * A {@link VaultSecret} per name, each with a usable token (refreshed first if it had expired).
   * Never rejects for a name that cannot produce a token: that name reports `isLoggedIn: false`
   * and its `error`. **The result holds live tokens** (redacted only in logs and JSON).
   */
  secrets(options?: VaultSecretsOptions): Promise<VaultSecrets<Name>>;
  /**
   * The current token of a token authenticator (OAuth2, session), refreshed if needed. Rejects
   * with the authenticator's error; `ERR_AUTH_INVALID_CONFIG` for an authenticator that issues no
   * tokens (static ones: use `secrets()`); `ERR_AUTH_UNKNOWN_OPTION` for an unknown name.
   */
  getToken(name: Name, options?: GetTokenOptions): Promise<Token>;
  /** The authenticator of `name`, for an adapter. `ERR_AUTH_UNKNOWN_OPTION` for an unknown name. */
  authenticator(name: Name): Authenticator;
  /** Closes every authenticator (each distinct one once); later calls fail with `ERR_AUTH_ABORTED`. */
  close(): Promise<void>;
}

/** A token authenticator as the vault sees it: anything with `getToken()` (oauth2Auth, sessionTokenAuth, createTokenAuthenticator). */
interface TokenSource {
  getToken(options?: GetTokenOptions): Promise<Token>;
  readonly tokenManager?: TokenManager | undefined;
}

/**
 * Holds named authenticators — typically one per provider — over one token store:
 *
 * - `vault.secrets()` → `{ github: { isLoggedIn, bearerToken, expiresAt, scopes }, ... }`, each
 *   token fresh (expired ones are refreshed first; one refresh however many callers), to pass to a
 *   provider's own SDK. A name that cannot produce a token reports `isLoggedIn: false` with its
 *   `error` — `secrets()` itself does not reject;
 * - `vault.getToken(name)` → the full {@link Token} of one name;
 * - `vault.authenticator(name)` → the authenticator, for `authFetch`, `axiosAuth`, ...;
 * - unknown names fail with `ERR_AUTH_UNKNOWN_OPTION`, listing the valid ones.
 *
 * Token authenticators are those with `getToken()` (`oauth2Auth`, `sessionTokenAuth`, presets,
 * `createTokenAuthenticator`). Any other authenticator is asked to authenticate a dummy request
 * (nothing is sent): `isLoggedIn` tells whether it could, and `bearerToken` is the credential it
 * reports (`bearerAuth`'s token, `jwtAuth`'s JWT) or `undefined` (`basicAuth`, `apiKeyAuth`);
 * `expiresAt` is `undefined` and `scopes` empty for them.
 *
 * The vault itself prints only its names. **The `secrets()` result holds live tokens by design**:
 * each entry shows `[REDACTED]` in `console.log` and `JSON.stringify`, but its `bearerToken`
 * property is the real token.
 *
 * @param authenticators - the named authenticators; at least one
 * @param options - the store they must share, and how long `secrets()` waits
 * @example
 * ```ts
 * import { createVault, MemoryTokenStore, oauth2Auth, bearerAuth } from 'authwire';
 * import { authFetch } from 'authwire/fetch';
 *
 * const store = new MemoryTokenStore();
 * const vault = createVault({
 *   spotify: oauth2Auth({ grant: 'client_credentials', tokenUrl: 'https://accounts.spotify.com/api/token', clientId, clientSecret, store }),
 *   github: bearerAuth({ token: process.env.GITHUB_TOKEN ?? '' }),
 * }, { store });
 *
 * const { spotify } = await vault.secrets();
 * if (spotify.isLoggedIn) spotifySdk.setAccessToken(spotify.bearerToken);
 * const api = authFetch(vault.authenticator('spotify'), { origins: ['https://api.spotify.com'] });
 * ```
 */
export function createVault<Name extends string>(authenticators: Readonly<Record<Name, Authenticator>>, options: VaultOptions = {}): Vault<Name> {
  if (typeof authenticators !== 'object' || authenticators === null || Array.isArray(authenticators)) throw invalidConfig('vault', 'an object of named authenticators');
  if (typeof options !== 'object' || options === null) throw invalidConfig('vault options', 'an object');
  checkOptionNames(options, vaultNames, 'createVault');
  const named = new Map<string, Authenticator>();
  for (const [name, auth] of Object.entries<unknown>(authenticators)) {
    if (typeof (auth as Partial<Authenticator> | null)?.authenticate !== 'function') throw invalidConfig(`vault.${name}`, 'an Authenticator');
    const manager = (auth as Partial<TokenSource>).tokenManager;
    if (options.store !== undefined && manager instanceof TokenManager && manager.store !== options.store) {
      throw invalidConfig(`vault.${name}`, "an authenticator that keeps its tokens in the vault's store (pass the same store to its factory)");
    }
    named.set(name, auth as Authenticator);
  }
  if (named.size === 0) throw invalidConfig('vault', 'at least one named authenticator');
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 1)) throw invalidConfig('vault.timeoutMs', 'a positive number of milliseconds');
  return new AuthVault<Name>(named, timeoutMs);
}

class AuthVault<Name extends string> implements Vault<Name> {
  readonly names: readonly Name[];
  readonly #named: ReadonlyMap<string, Authenticator>;
  readonly #timeoutMs: number | undefined;
  #closed = false;

  constructor(named: ReadonlyMap<string, Authenticator>, timeoutMs: number | undefined) {
    this.#named = named;
    this.#timeoutMs = timeoutMs;
    this.names = Object.freeze([...named.keys()] as Name[]);
  }

  async secrets(options: VaultSecretsOptions = {}): Promise<VaultSecrets<Name>> {
    this.#assertOpen();
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const wait: GetTokenOptions = {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
    const entries = await Promise.all(this.names.map(async (name) => [name, await this.#secret(this.#lookup(name), wait)] as const));
    return Object.freeze(Object.fromEntries(entries)) as VaultSecrets<Name>;
  }

  async getToken(name: Name, options: GetTokenOptions = {}): Promise<Token> {
    this.#assertOpen();
    const auth = this.#lookup(name);
    if (!isTokenSource(auth)) {
      throw new AuthError('ERR_AUTH_INVALID_CONFIG', `vault: '${name}' (${auth.name}) issues no tokens; use secrets() for its credential`, { details: { field: `vault.${name}` } });
    }
    return auth.getToken(options);
  }

  authenticator(name: Name): Authenticator {
    this.#assertOpen();
    return this.#lookup(name);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...new Set(this.#named.values())].map((auth) => auth.close?.()));
  }

  /** The vault prints its names only. */
  toJSON(): { names: readonly Name[] } {
    return { names: this.names };
  }

  [inspect.custom](): string {
    return `Vault { names: [${this.names.map((name) => `'${name}'`).join(', ')}] }`;
  }

  async #secret(auth: Authenticator, wait: GetTokenOptions): Promise<VaultSecret> {
    try {
      if (isTokenSource(auth)) {
        const token = await auth.getToken(wait);
        if (typeof token?.accessToken !== 'string' || token.accessToken === '') throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `vault: ${auth.name} returned no token`);
        return vaultSecret({ isLoggedIn: true, bearerToken: token.accessToken, expiresAt: token.expiresAt, scope: token.scope, error: undefined });
      }
      const credential = await probe(auth, wait.signal);
      return vaultSecret({ isLoggedIn: true, bearerToken: credential, expiresAt: undefined, scope: undefined, error: undefined });
    } catch (error) {
      return vaultSecret({ isLoggedIn: false, bearerToken: undefined, expiresAt: undefined, scope: undefined, error: asAuthError(error, auth.name) });
    }
  }

  #lookup(name: string): Authenticator {
    const auth = this.#named.get(name);
    if (auth !== undefined) return auth;
    const valid = [...this.#named.keys()];
    throw new AuthError('ERR_AUTH_UNKNOWN_OPTION', `vault: no authenticator named '${name}'; expected one of ${valid.map((item) => `'${item}'`).join(', ')}`, {
      details: { field: 'vault', options: valid.join(',') },
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new AuthError('ERR_AUTH_ABORTED', 'the vault was closed');
  }
}

function isTokenSource(auth: Authenticator): auth is Authenticator & TokenSource {
  return typeof (auth as Partial<TokenSource>).getToken === 'function';
}

/**
 * Runs a non-token authenticator on a dummy request (never sent) and returns the credential it
 * recorded in `context.credential`, if that is a string.
 */
async function probe(auth: Authenticator, signal: AbortSignal | undefined): Promise<string | undefined> {
  const request: AuthRequest = { method: 'GET', url: new URL('https://vault.authwire.invalid/'), headers: new Headers(), body: { type: 'none' } };
  const context: AuthContext = signal === undefined ? { attempt: 0 } : { attempt: 0, signal };
  await auth.authenticate(request, context);
  return typeof context.credential === 'string' && context.credential !== '' ? context.credential : undefined;
}

/** An AuthError as it is; anything else wrapped without its message (it may quote a secret). */
function asAuthError(error: unknown, name: string): AuthError {
  if (isAuthError(error) && error instanceof AuthError) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `vault: ${name} could not produce a credential (${kind})`);
}
