import type { JWTPayload } from 'jose';
import { AuthError } from '../../errors.js';
import { loadJose } from '../../strategies/jose.js';
import type { IdTokenVerifier } from '../id-token-keys.js';

/** What the ID token of a login must say. */
export interface IdTokenExpectation {
  readonly nonce: string | undefined;
  readonly clientId: string;
  readonly issuer: string | undefined;
  /** The signature check against the issuer's JWKS; `undefined` when neither `jwksUrl` nor `issuer` is known. */
  readonly verify: IdTokenVerifier | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Checks an ID token the token endpoint returned: its signature against the issuer's JWKS
 * (`jwksUrl`, or `jwks_uri` from the issuer's metadata; asymmetric algorithms only, never `none`),
 * then its claims: `nonce` equal to the one sent, `aud` holding the client id, `iss` equal to the
 * issuer when known, not expired. Without `jwksUrl` and `issuer` only the claims are checked.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function checkIdToken(idToken: string | undefined, expected: IdTokenExpectation): Promise<void> {
  if (idToken === undefined) return;
  const { decodeJwt } = await loadJose();
  let claims: JWTPayload;
  try {
    claims = decodeJwt(idToken);
  } catch {
    throw refused('the ID token cannot be decoded', 'id_token_invalid');
  }
  if (expected.verify !== undefined) await expected.verify(idToken, expected.signal);
  if (expected.nonce !== undefined && claims['nonce'] !== expected.nonce) throw refused('the ID token nonce does not match the one sent', 'nonce_mismatch');
  const audience = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  if (!audience.includes(expected.clientId)) throw refused('the ID token was issued to another client (aud)', 'id_token_audience');
  if (expected.issuer !== undefined && claims.iss !== expected.issuer) throw refused('the ID token issuer does not match (iss)', 'id_token_issuer');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now() - 60_000) throw refused('the ID token has expired', 'id_token_expired');
}

function refused(why: string, reason: string): AuthError {
  return new AuthError('ERR_AUTH_CALLBACK', `login refused: ${why}`, { details: { reason } });
}
