// What a resource's refusal asks for beyond the token it got: more scope (RFC 6750 §3.1
// insufficient_scope) or a stronger or fresher sign-in (RFC 9470 insufficient_user_authentication).
import { AuthError } from '../errors.js';
import { parseWwwAuthenticate } from '../http/www-authenticate.js';

/**
 * What a `WWW-Authenticate` step-up challenge requires.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc9470#section-3
 * @example
 * ```ts
 * const needed: StepUpChallenge = { error: 'insufficient_scope', scope: ['files:write'] };
 * ```
 */
export interface StepUpChallenge {
  /** `insufficient_scope` (RFC 6750) or `insufficient_user_authentication` (RFC 9470). */
  readonly error: 'insufficient_scope' | 'insufficient_user_authentication';
  /** The scopes the resource requires (its `scope` parameter), possibly empty. */
  readonly scope: readonly string[];
  /** `acr_values` (RFC 9470): the authentication context classes acceptable, space-separated. */
  readonly acrValues?: string;
  /** `max_age` (RFC 9470): the most seconds since the user last authenticated. */
  readonly maxAge?: number;
  /** `resource_metadata` (RFC 9728 §5.1), when the challenge carries it. */
  readonly resourceMetadata?: string;
}

/**
 * Reads the first Bearer or DPoP challenge that asks for a step-up, or `undefined`.
 *
 * @example
 * ```ts
 * readStepUpChallenge(new Headers({ 'www-authenticate': 'Bearer error="insufficient_scope", scope="a b"' }))?.scope; // ['a', 'b']
 * ```
 */
export function readStepUpChallenge(headers: Headers): StepUpChallenge | undefined {
  for (const challenge of parseWwwAuthenticate(headers.get('www-authenticate'))) {
    if (challenge.scheme !== 'bearer' && challenge.scheme !== 'dpop') continue;
    const { error } = challenge.params;
    if (error !== 'insufficient_scope' && error !== 'insufficient_user_authentication') continue;
    const scope = (challenge.params['scope'] ?? '').split(' ').filter((item) => item !== '');
    const acrValues = challenge.params['acr_values'];
    const maxAgeText = challenge.params['max_age'];
    const maxAge = maxAgeText !== undefined && /^\d{1,10}$/.test(maxAgeText) ? Number(maxAgeText) : undefined;
    const resourceMetadata = challenge.params['resource_metadata'];
    return {
      error,
      scope,
      ...(acrValues === undefined || acrValues === '' ? {} : { acrValues }),
      ...(maxAge === undefined ? {} : { maxAge }),
      ...(resourceMetadata === undefined ? {} : { resourceMetadata }),
    };
  }
  return undefined;
}

/**
 * The union of `granted` and `needed`, in order, each scope once.
 *
 * @example
 * ```ts
 * scopeUnion(['openid', 'files:read'], ['files:write']); // ['openid', 'files:read', 'files:write']
 * ```
 */
export function scopeUnion(granted: readonly string[], needed: readonly string[]): string[] {
  return [...new Set([...granted, ...needed])];
}

/**
 * The `ERR_AUTH_INSUFFICIENT_SCOPE` error for a challenge an authenticator cannot answer itself:
 * `details.scope` (space-separated), `acrValues`, `maxAge`, `status`.
 *
 * @example
 * ```ts
 * throw insufficientScopeError(needed, 403, 'oauth2:client_credentials');
 * ```
 */
export function insufficientScopeError(needed: StepUpChallenge, status: number, name: string, why = 'it cannot ask a person for it'): AuthError {
  const wanted = needed.scope.length > 0 ? `scope "${needed.scope.join(' ')}"` : 'a stronger or more recent sign-in';
  // Scope names are public protocol values; they are shown only when they look like scopes.
  const shown = needed.scope.every((item) => /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/.test(item)) ? wanted : 'more scope';
  return new AuthError('ERR_AUTH_INSUFFICIENT_SCOPE', `${name}: the resource requires ${shown} (HTTP ${status} ${needed.error}); ${why}`, {
    details: {
      status,
      error: needed.error,
      scope: needed.scope.join(' '),
      retryable: false,
      ...(needed.acrValues === undefined ? {} : { acrValues: needed.acrValues }),
      ...(needed.maxAge === undefined ? {} : { maxAge: needed.maxAge }),
    },
  });
}
