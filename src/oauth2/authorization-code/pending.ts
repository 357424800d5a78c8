import { inspect } from 'node:util';
import { AuthError, invalidConfig } from '../../errors.js';

/**
 * A {@link PendingAuthorization} as plain data, to keep it in a server-side session between the
 * redirect and the callback. It holds the PKCE verifier: keep it server-side, never in a cookie
 * the browser can read, and delete it once the callback has been handled.
 *
 * @example
 * ```ts
 * session.oauth = pending.toRecord();
 * // later, in the callback route:
 * const restored = PendingAuthorization.fromRecord(session.oauth);
 * delete session.oauth;
 * ```
 */
export interface PendingAuthorizationRecord {
  /** The `state` sent. */
  readonly state: string;
  /** The PKCE verifier (secret). */
  readonly codeVerifier: string;
  /** The `nonce` sent, if any. */
  readonly nonce?: string;
  /** The `redirect_uri` sent. */
  readonly redirectUri: string;
  /** The client id the request was built for. */
  readonly clientId: string;
  /** The origin of the authorization endpoint the browser was sent to. */
  readonly authorizationOrigin: string;
  /** The issuer expected in the callback, if configured. */
  readonly issuer?: string;
  /** When the request was built, in epoch milliseconds. */
  readonly createdAt: number;
  /** When it stops being accepted, in epoch milliseconds. */
  readonly expiresAt: number;
}

const verifiers = new WeakMap<PendingAuthorization, { readonly codeVerifier: string; used: boolean }>();

/**
 * One authorization request waiting for its callback: the `state`, `nonce` and PKCE verifier
 * {@link authorizationUrl} generated. It can be used once: a second callback for it (a replay)
 * is refused. `toJSON()` and `util.inspect()` leave the verifier out.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @example
 * ```ts
 * const { url, pending } = authorizationUrl(options);
 * console.log(pending.state, new Date(pending.expiresAt));
 * ```
 */
export class PendingAuthorization {
  /** The `state` sent (not secret: it is in the URL). */
  readonly state: string;
  /** The `nonce` sent, if any. */
  readonly nonce: string | undefined;
  /** The `redirect_uri` sent; the code exchange sends the same. */
  readonly redirectUri: string;
  /** The client id the request was built for. */
  readonly clientId: string;
  /** The origin of the authorization endpoint. */
  readonly authorizationOrigin: string;
  /** The issuer expected in the callback, if configured. */
  readonly issuer: string | undefined;
  /** When the request was built, in epoch milliseconds. */
  readonly createdAt: number;
  /** When it stops being accepted, in epoch milliseconds. */
  readonly expiresAt: number;

  /** @param record - the request's values (see {@link PendingAuthorization.fromRecord}) */
  constructor(record: PendingAuthorizationRecord) {
    this.state = record.state;
    this.nonce = record.nonce;
    this.redirectUri = record.redirectUri;
    this.clientId = record.clientId;
    this.authorizationOrigin = record.authorizationOrigin;
    this.issuer = record.issuer;
    this.createdAt = record.createdAt;
    this.expiresAt = record.expiresAt;
    verifiers.set(this, { codeVerifier: record.codeVerifier, used: false });
  }

  /**
   * A pending authorization kept with {@link PendingAuthorization.toRecord}. The one-use rule
   * holds per object: delete the record from your session when the callback is handled.
   */
  static fromRecord(record: PendingAuthorizationRecord): PendingAuthorization {
    if (typeof record !== 'object' || record === null) throw invalidConfig('pending', 'a pending authorization record');
    for (const field of ['state', 'codeVerifier', 'redirectUri', 'clientId', 'authorizationOrigin'] as const) {
      if (typeof record[field] !== 'string' || record[field] === '') throw invalidConfig(`pending.${field}`, 'a non-empty string');
    }
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(record.codeVerifier)) throw invalidConfig('pending.codeVerifier', 'a PKCE verifier (43-128 unreserved characters)');
    if (!Number.isFinite(record.createdAt) || !Number.isFinite(record.expiresAt)) throw invalidConfig('pending.expiresAt', 'epoch milliseconds');
    return new PendingAuthorization(record);
  }

  /** Whether a callback has already been accepted for it. */
  get used(): boolean {
    return verifiers.get(this)?.used ?? true;
  }

  /** Everything, the PKCE verifier included, as plain data for a server-side session. */
  toRecord(): PendingAuthorizationRecord {
    return { ...this.toJSON(), codeVerifier: verifiers.get(this)?.codeVerifier ?? '' };
  }

  /** The public values: no verifier. */
  toJSON(): Omit<PendingAuthorizationRecord, 'codeVerifier'> {
    return {
      state: this.state,
      ...(this.nonce === undefined ? {} : { nonce: this.nonce }),
      redirectUri: this.redirectUri,
      clientId: this.clientId,
      authorizationOrigin: this.authorizationOrigin,
      ...(this.issuer === undefined ? {} : { issuer: this.issuer }),
      createdAt: this.createdAt,
      expiresAt: this.expiresAt,
    };
  }

  /** What `util.inspect` shows: the public values, no verifier. */
  [inspect.custom](): string {
    return `PendingAuthorization ${inspect(this.toJSON())}`;
  }
}

/**
 * Marks `pending` used and returns its verifier: the one place a callback consumes it.
 * Throws `ERR_AUTH_CALLBACK` when it was used before (a replayed callback).
 */
export function consumePending(pending: PendingAuthorization): string {
  const entry = verifiers.get(pending);
  if (entry === undefined) throw invalidConfig('pending', 'the PendingAuthorization authorizationUrl() returned');
  if (entry.used) {
    throw new AuthError('ERR_AUTH_CALLBACK', 'authorization callback refused: this authorization request was already completed (a replayed callback)', {
      details: { reason: 'replayed' },
    });
  }
  entry.used = true;
  return entry.codeVerifier;
}
