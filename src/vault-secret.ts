// One entry of vault.secrets(): the live token, hidden from console.log and JSON.stringify.
import { inspect } from 'node:util';
import { REDACTED } from './adapter-kit/redact.js';
import type { AuthError } from './errors.js';

/**
 * One named credential of {@link Vault.secrets}, ready to hand to a provider's own SDK.
 *
 * **`bearerToken` is the live token.** Read it (`secrets.github.bearerToken`) or spread the
 * object to pass it on; `console.log`, `util.inspect` and `JSON.stringify` show `[REDACTED]`
 * instead, so a stray log line does not leak it — but once you copy the value elsewhere, keeping
 * it out of logs is up to you.
 *
 * @example
 * ```ts
 * const { github } = await vault.secrets();
 * if (github.isLoggedIn) octokit = new Octokit({ auth: github.bearerToken });
 * ```
 */
export interface VaultSecret {
  /** Whether a usable credential could be obtained just now. */
  readonly isLoggedIn: boolean;
  /**
   * The token to send (`Authorization: Bearer <bearerToken>` for most SDKs); `undefined` when not
   * logged in, or for an authenticator that has no token (HTTP Basic).
   */
  readonly bearerToken: string | undefined;
  /** When `bearerToken` expires, in epoch milliseconds; `undefined` when unknown (static tokens). */
  readonly expiresAt: number | undefined;
  /** The granted scopes (the token's `scope` split at spaces and commas); empty when unknown. */
  readonly scopes: readonly string[];
  /** Why `isLoggedIn` is `false`: a secret-free error such as `ERR_AUTH_REAUTH_REQUIRED`. */
  readonly error?: AuthError;
}

/**
 * The fields of a {@link VaultSecret}.
 *
 * @example
 * ```ts
 * const fields: VaultSecretFields = { isLoggedIn: false, bearerToken: undefined, expiresAt: undefined, scope: undefined, error };
 * ```
 */
export interface VaultSecretFields {
  readonly isLoggedIn: boolean;
  readonly bearerToken: string | undefined;
  readonly expiresAt: number | undefined;
  readonly scope: string | undefined;
  readonly error: AuthError | undefined;
}

/**
 * A frozen {@link VaultSecret} whose `toJSON()` and `util.inspect()` redact `bearerToken`
 * (both non-enumerable, so spreading the object copies only the data).
 *
 * @example
 * ```ts
 * const secret = vaultSecret({ isLoggedIn: true, bearerToken: token.accessToken, expiresAt: token.expiresAt, scope: token.scope, error: undefined });
 * ```
 */
export function vaultSecret(fields: VaultSecretFields): VaultSecret {
  const scopes = Object.freeze((fields.scope ?? '').split(/[\s,]+/).filter((scope) => scope !== ''));
  const secret: VaultSecret = {
    isLoggedIn: fields.isLoggedIn,
    bearerToken: fields.bearerToken,
    expiresAt: fields.expiresAt,
    scopes,
    ...(fields.error === undefined ? {} : { error: fields.error }),
  };
  const redacted = (): Record<string, unknown> => ({ ...secret, bearerToken: secret.bearerToken === undefined ? undefined : REDACTED });
  Object.defineProperty(secret, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(secret, inspect.custom, {
    value: (depth: number, options: Parameters<typeof inspect>[1], view: typeof inspect) => `VaultSecret ${view(redacted(), { ...options, depth })}`,
    enumerable: false,
  });
  return Object.freeze(secret);
}
