import { randomUUID } from 'node:crypto';
import { loadJose } from '../../strategies/jose.js';
import type { SigningKey } from '../../strategies/private-key.js';
import type { FetchToken } from '../../token-manager/types.js';
import type { GrantContext } from '../grant-context.js';

/** The assertion settings of one `jwt_bearer` authenticator, checked at creation. */
export interface JwtBearerSetup {
  readonly key: SigningKey;
  readonly keyId: string | undefined;
  readonly issuer: string;
  readonly subject: string | undefined;
  readonly audience: string;
  readonly lifetimeSeconds: number;
  readonly claims: Readonly<Record<string, unknown>>;
  /** The `scope` claim (Google style), when the scope goes in the assertion. */
  readonly scopeClaim: string | undefined;
}

/** The assertion grant type URN. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * The JWT bearer grant: signs a fresh assertion (unique `jti`, `iat` now, short `exp`) for every
 * token request. `invalid_grant` here means the assertion was refused (key revoked, clock skew):
 * a failed request with a cooldown, not a stop.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 */
export function jwtBearerGrant(context: GrantContext, setup: JwtBearerSetup): FetchToken {
  return async ({ signal }) => {
    const { SignJWT } = await loadJose();
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ ...setup.claims, ...(setup.scopeClaim === undefined ? {} : { scope: setup.scopeClaim }) })
      .setProtectedHeader({ alg: setup.key.algorithm, typ: 'JWT', ...(setup.keyId === undefined ? {} : { kid: setup.keyId }) })
      .setIssuer(setup.issuer)
      .setAudience(setup.audience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + setup.lifetimeSeconds);
    if (setup.subject !== undefined) jwt.setSubject(setup.subject);
    const signed = await jwt.sign(setup.key.key);
    return context.send({
      entries: [
        ['grant_type', JWT_BEARER_GRANT_TYPE],
        ['assertion', signed],
      ],
      withScope: setup.scopeClaim === undefined,
      secrets: [signed],
      invalidGrantMeansReauth: false,
      signal,
    });
  };
}
