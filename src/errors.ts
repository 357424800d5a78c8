import { inspect } from 'node:util';

/**
 * The codes an {@link AuthError} can carry. Switch on `error.code`, never on the message.
 *
 * - `ERR_AUTH_INVALID_CONFIG`: options rejected when the authenticator was created.
 * - `ERR_AUTH_TOKEN_REQUEST_FAILED`: the token endpoint failed (network, 5xx, garbage body, error response).
 * - `ERR_AUTH_REAUTH_REQUIRED`: the grant is no longer valid (`invalid_grant`); a person must sign in again.
 * - `ERR_AUTH_INSECURE_URL`: a credential would have gone over plain `http:` to a non-loopback host.
 * - `ERR_AUTH_STORE`: the token store failed or holds a record that cannot be read.
 * - `ERR_AUTH_BODY_PLACEMENT`: a credential was to go into a body that cannot take it.
 * - `ERR_AUTH_REDIRECT_BLOCKED`: a redirect to another origin would have re-sent a body that holds a credential.
 * - `ERR_AUTH_TIMEOUT`: waiting for a token (or a lock) took longer than allowed.
 * - `ERR_AUTH_ABORTED`: the caller's `AbortSignal` fired.
 * - `ERR_AUTH_CALLBACK`: an authorization callback was refused (state, issuer, error response).
 * - `ERR_AUTH_ACCESS_DENIED`: the user or server denied the authorization.
 * - `ERR_AUTH_EXPIRED`: an interactive authorization (device code, login) expired before it completed.
 * - `ERR_AUTH_UNKNOWN_OPTION`: a selector value matched none of the configured choices.
 * - `ERR_AUTH_INSUFFICIENT_SCOPE`: the resource asks for more scope (or a stronger authentication) than the token has, and the grant cannot ask a person for it; `details.scope` lists what it requires.
 *
 * @example
 * ```ts
 * function advice(code: AuthErrorCode): string {
 *   switch (code) {
 *     case 'ERR_AUTH_REAUTH_REQUIRED':
 *       return 'sign in again';
 *     case 'ERR_AUTH_INSECURE_URL':
 *       return 'use https';
 *     default:
 *       return code;
 *   }
 * }
 * ```
 */
export type AuthErrorCode =
  | 'ERR_AUTH_INVALID_CONFIG'
  | 'ERR_AUTH_TOKEN_REQUEST_FAILED'
  | 'ERR_AUTH_REAUTH_REQUIRED'
  | 'ERR_AUTH_INSECURE_URL'
  | 'ERR_AUTH_STORE'
  | 'ERR_AUTH_BODY_PLACEMENT'
  | 'ERR_AUTH_REDIRECT_BLOCKED'
  | 'ERR_AUTH_TIMEOUT'
  | 'ERR_AUTH_ABORTED'
  | 'ERR_AUTH_CALLBACK'
  | 'ERR_AUTH_ACCESS_DENIED'
  | 'ERR_AUTH_EXPIRED'
  | 'ERR_AUTH_UNKNOWN_OPTION'
  | 'ERR_AUTH_INSUFFICIENT_SCOPE';

/**
 * What kind of network failure stopped a request authwire sent itself (token endpoint, session
 * login, profile, server metadata), in `details.reason` of its `ERR_AUTH_TOKEN_REQUEST_FAILED`
 * (or `ERR_AUTH_TIMEOUT` for `'timeout'` of authwire's own request timeout):
 *
 * - `'connection-refused'`: nothing accepts connections at that address and port (`ECONNREFUSED`);
 * - `'dns'`: the host name did not resolve (`ENOTFOUND`, `EAI_AGAIN`);
 * - `'tls'`: the TLS handshake failed, most often a server certificate that is not trusted,
 *   expired or for another name — not retried, since it is not transient;
 * - `'timeout'`: no answer in time (the request timeout, or a connect/headers timeout of the client);
 * - `'reset'`: the connection was closed or reset by the other side (`ECONNRESET`, `UND_ERR_SOCKET`);
 * - `'unreachable'`: no route to the network or host (`EHOSTUNREACH`, `ENETUNREACH`);
 * - `'other'`: any other failure of the fetch call.
 *
 * The system code (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`) is the `code` of `error.cause`.
 *
 * @example
 * ```ts
 * const reason = isAuthError(error) ? (error.details.reason as NetworkErrorReason | undefined) : undefined;
 * if (reason === 'tls') console.error("the token endpoint's certificate is not trusted: give its CA in the tls option");
 * if (reason === 'dns') console.error('check the host name of the token URL');
 * ```
 */
export type NetworkErrorReason = 'connection-refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'unreachable' | 'other';

/** Causes whose message was scrubbed of secrets (see `scrubCause`): `util.inspect` shows their message. */
const scrubbedCauses = new WeakSet<Error>();

/**
 * Marks `error` as free of secrets, so `util.inspect` of an {@link AuthError} caused by it shows
 * its message. Only for errors built from sanitized text.
 *
 * @internal
 */
export function markScrubbed<T extends Error>(error: T): T {
  scrubbedCauses.add(error);
  return error;
}

/**
 * The JSON form of an {@link AuthError}.
 *
 * @example
 * ```ts
 * const json: AuthErrorJSON = error.toJSON(); // { name: 'AuthError', code, message, details }: no secret
 * logger.error(json);
 * ```
 */
export interface AuthErrorJSON {
  /** Always `AuthError`. */
  readonly name: string;
  /** The stable code. */
  readonly code: AuthErrorCode;
  /** The message for people. */
  readonly message: string;
  /** Non-secret facts about the failure. */
  readonly details: Readonly<Record<string, string | number | boolean | undefined>>;
}

/**
 * Options for {@link AuthError}.
 *
 * @example
 * ```ts
 * const options: AuthErrorOptions = { cause: databaseError, details: { table: 'tokens' } };
 * throw new AuthError('ERR_AUTH_STORE', 'my store: the database is down', options);
 * ```
 */
export interface AuthErrorOptions {
  /** The underlying error. Keep it free of secrets: it is shown by `util.inspect`. */
  readonly cause?: unknown;
  /** Non-secret facts a caller may switch on, such as an OAuth2 `error` code or an HTTP status. */
  readonly details?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/**
 * The one error type authwire throws. `code` is stable; `message` is for people.
 * Messages, `details`, `toJSON()` and `util.inspect()` never hold a secret.
 *
 * @example
 * ```ts
 * try { await client.get('/me'); }
 * catch (error) {
 *   if (isAuthError(error) && error.code === 'ERR_AUTH_REAUTH_REQUIRED') promptLogin();
 * }
 * ```
 */
export class AuthError extends Error {
  /** The stable code to switch on. */
  readonly code: AuthErrorCode;
  /** Non-secret facts about the failure (an OAuth2 `error`, an HTTP `status`, a config `field`). */
  readonly details: Readonly<Record<string, string | number | boolean | undefined>>;

  /**
   * @param code - the stable code
   * @param message - a message for people, naming the field or step that failed; never a secret
   * @param options - cause and details
   */
  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthError';
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }

  /** The JSON form: name, code, message and details only. */
  toJSON(): AuthErrorJSON {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }

  /**
   * What `util.inspect` and `console.log` show: the same as `toJSON()`, plus the stack and the
   * cause's name and code. The cause's message is shown only when authwire scrubbed it of
   * secrets (network errors: `connect ECONNREFUSED 127.0.0.1:8443`); any other cause may come
   * from user code or a client library that quotes its input. Read `error.cause` for it.
   */
  [inspect.custom](): string {
    const causeCode = (this.cause as { code?: unknown } | undefined)?.code;
    const causeMessage = this.cause instanceof Error && scrubbedCauses.has(this.cause) ? `: ${this.cause.message}` : '';
    const cause = this.cause instanceof Error ? `\n  [cause]: ${this.cause.name}${typeof causeCode === 'string' ? ` (${causeCode})` : ''}${causeMessage}` : '';
    const details = Object.keys(this.details).length > 0 ? ` ${JSON.stringify(this.details)}` : '';
    return `${this.stack ?? `${this.name}: ${this.message}`}\n  code: '${this.code}'${details}${cause}`;
  }
}

/**
 * Whether `value` is an {@link AuthError}, also across realms and duplicated installs (matched by name and code).
 *
 * @example
 * ```ts
 * if (isAuthError(error, 'ERR_AUTH_INSECURE_URL')) console.error(error.message);
 * ```
 */
export function isAuthError(value: unknown, code?: AuthErrorCode): value is AuthError {
  if (value instanceof AuthError) return code === undefined || value.code === code;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return candidate.name === 'AuthError' && typeof candidate.code === 'string' && (code === undefined || candidate.code === code);
}

/**
 * Shorthand for a configuration error that names the field and what was expected.
 *
 * @example
 * ```ts
 * if (!path.startsWith('/')) throw invalidConfig('myStore.path', 'an absolute path');
 * // AuthError ERR_AUTH_INVALID_CONFIG: "myStore.path: expected an absolute path", details.field 'myStore.path'
 * ```
 */
export function invalidConfig(field: string, expected: string): AuthError {
  return new AuthError('ERR_AUTH_INVALID_CONFIG', `${field}: expected ${expected}`, { details: { field } });
}
