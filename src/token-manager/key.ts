import { createHash } from 'node:crypto';

/**
 * What identifies one token: two authenticators with equal parts (and the same store) share a
 * token and its refresh; any difference gives another token. Secrets do not belong here.
 *
 * @example
 * ```ts
 * const parts: TokenCacheKeyParts = { tokenUrl: 'https://auth.example.com/token', clientId: 'app', scope: ['read'] };
 * ```
 */
export interface TokenCacheKeyParts {
  /** The token endpoint (or login URL). */
  readonly tokenUrl: string;
  /** The client id, if any. */
  readonly clientId?: string;
  /** Whose token it is: a user name, an assertion subject, a tenant. */
  readonly subject?: string;
  /** The requested scope; order does not matter. */
  readonly scope?: readonly string[];
  /** The requested audience. */
  readonly audience?: string;
  /** The requested resource indicators (RFC 8707); order does not matter. */
  readonly resource?: readonly string[];
  /** The grant or strategy, e.g. `client_credentials`. */
  readonly grant?: string;
}

/**
 * The store key for a token: `authwire:` and a SHA-256 of the parts, so keys are short, safe
 * for any store, and reveal neither the subject nor the endpoint.
 *
 * @example
 * ```ts
 * tokenCacheKey({ tokenUrl: 'https://auth.example.com/token', clientId: 'app', scope: ['b', 'a'] });
 * // same key as scope ['a', 'b']
 * ```
 */
export function tokenCacheKey(parts: TokenCacheKeyParts | string): string {
  const canonical =
    typeof parts === 'string'
      ? ['custom', parts]
      : [
          'v1',
          parts.grant ?? '',
          parts.tokenUrl,
          parts.clientId ?? '',
          parts.subject ?? '',
          [...new Set(parts.scope ?? [])].sort(),
          parts.audience ?? '',
          [...new Set(parts.resource ?? [])].sort(),
        ];
  return `authwire:${createHash('sha256').update(JSON.stringify(canonical)).digest('base64url')}`;
}

/** A short fingerprint of a secret, for comparing without keeping the value around. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 22);
}
