import { randomUUID } from 'node:crypto';
import type { JWTHeaderParameters, JWTPayload } from 'jose';
import type { Authenticator } from '../authenticator.js';
import { AuthError, invalidConfig } from '../errors.js';
import { applyPlacement, validatePlacement, type Placement } from '../placement.js';
import { loadJose, type Jose } from './jose.js';
import { jwtTemplate, type JwtJsonValue, type JwtTemplate } from './jwt-claims.js';
import { privateSigningKey, secretSigningKey, type JwtAlgorithm, type JwtAsymmetricAlgorithm, type JwtHmacAlgorithm, type JwtPrivateKey } from './jwt-key.js';
import type { SigningKey } from './private-key.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';

/**
 * Options of {@link jwtAuth} shared by the secret and the private-key forms: header fields,
 * claims, lifetime and placement.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 * @example
 * ```ts
 * const common: JwtAuthCommonOptions = { kid: 'key-1', iss: 'my-app', aud: 'https://api.example.com', lifetimeSeconds: 600 };
 * ```
 */
export interface JwtAuthCommonOptions {
  /** `kid` header: which key the server should verify with. */
  readonly kid?: string;
  /** `typ` header; `JWT` by default. */
  readonly typ?: string;
  /** `cty` header. */
  readonly cty?: string;
  /** More header parameters (`x5t`, vendor fields). `alg`, `kid`, `typ`, `cty`, `crit` and `b64` are not allowed here. */
  readonly header?: Readonly<Record<string, JwtJsonValue>>;
  /** `iss` claim: who issued the token. */
  readonly iss?: string;
  /** `sub` claim: whom the token is about. */
  readonly sub?: string;
  /** `aud` claim: whom the token is for. */
  readonly aud?: string | readonly string[];
  /** More claims. `iat`, `exp`, `nbf`, `jti`, `iss`, `sub` and `aud` are not allowed here (they have their own options). */
  readonly claims?: Readonly<Record<string, JwtJsonValue>>;
  /** Seconds from `iat` to `exp`; a whole number from 1 to 31536000. Default 300. */
  readonly lifetimeSeconds?: number;
  /**
   * A cached token is replaced once less than this many seconds of its lifetime remain.
   * Default: a quarter of the lifetime, at most 60. Must be less than `lifetimeSeconds`.
   */
  readonly refreshMarginSeconds?: number;
  /** Sign a new token for every request instead of reusing one until it nears `exp` (servers that reject a replayed `jti`). Default `false`. */
  readonly signEachRequest?: boolean;
  /** Set a unique `jti` (a random UUID) on each token. Default `true`. */
  readonly jti?: boolean;
  /** Set `nbf` equal to `iat`. Default `false`. */
  readonly notBefore?: boolean;
  /** Written before the token in the `Authorization` header; `Bearer` by default, `''` for the bare token. Not together with `placement`. */
  readonly prefix?: string;
  /** Where the token goes; `{ in: 'header', name: 'Authorization', prefix: 'Bearer' }` by default. */
  readonly placement?: Placement;
}

/**
 * {@link jwtAuth} signing with a shared secret (HMAC).
 *
 * @example
 * ```ts
 * const options: JwtSecretOptions = { secret: process.env.JWT_SECRET_B64 ?? '', secretEncoding: 'base64', algorithm: 'HS512' };
 * ```
 */
export interface JwtSecretOptions extends JwtAuthCommonOptions {
  /** The shared secret: text, base64 text (see `secretEncoding`) or bytes. At least 32/48/64 bytes for HS256/384/512. */
  readonly secret: string | Uint8Array;
  /** How a string `secret` turns into bytes: `utf8` (default) or `base64` (standard or URL-safe alphabet). */
  readonly secretEncoding?: 'utf8' | 'base64';
  /** `HS256` (default), `HS384` or `HS512`. */
  readonly algorithm?: JwtHmacAlgorithm;
  /** Not allowed together with `secret`. */
  readonly privateKey?: never;
  /** Only for an encrypted PEM `privateKey`. */
  readonly passphrase?: never;
}

/**
 * {@link jwtAuth} signing with a private key.
 *
 * @example
 * ```ts
 * const options: JwtPrivateKeyOptions = { privateKey: readFileSync('key.pem', 'utf8'), algorithm: 'RS256', kid: '2024-01' };
 * ```
 */
export interface JwtPrivateKeyOptions extends JwtAuthCommonOptions {
  /** PEM text (PKCS#8, PKCS#1 or SEC1), a private JWK object, or a private `KeyObject`. */
  readonly privateKey: JwtPrivateKey;
  /** The algorithm; it must fit the key (`ES256` needs a P-256 key). Inferred from the key when absent: RSA → RS256, EC → ES256/384/512 by curve, Ed25519 → EdDSA. */
  readonly algorithm?: JwtAsymmetricAlgorithm;
  /** The passphrase of an encrypted PEM `privateKey` (`-----BEGIN ENCRYPTED PRIVATE KEY-----`). */
  readonly passphrase?: string;
  /** Not allowed together with `privateKey`. */
  readonly secret?: never;
  /** Only for `secret`. */
  readonly secretEncoding?: never;
}

/**
 * Options of {@link jwtAuth}: exactly one of `secret` and `privateKey`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519
 * @example
 * ```ts
 * const options: JwtAuthOptions = { secret: process.env.JWT_SECRET ?? '', sub: 'svc-reports', claims: { scope: 'read' } };
 * ```
 */
export type JwtAuthOptions = JwtSecretOptions | JwtPrivateKeyOptions;

const jwtNames = optionNames<JwtAuthOptions>()(
  [
    'secret', 'secretEncoding', 'privateKey', 'passphrase', 'algorithm', 'kid', 'typ', 'cty', 'header', 'iss', 'sub', 'aud', 'claims', 'lifetimeSeconds',
    'refreshMarginSeconds', 'signEachRequest', 'jti', 'notBefore', 'prefix', 'placement',
  ],
  { secret: '', privateKey: '', passphrase: 'Omit the key for a private key that is not encrypted.' },
);

interface SignedToken {
  readonly token: string;
  /** Epoch milliseconds after which the token is replaced. */
  readonly refreshAt: number;
}

/**
 * A JSON Web Token signed locally and sent on every request: an Airbyte-style JWT authenticator,
 * or a request-signature header such as Appsmith's `X-Appsmith-Signature` (with `placement`).
 *
 * Every token carries `iat`, `exp` (`iat + lifetimeSeconds`) and, unless `jti: false`, a random
 * `jti`. The signed token is reused until less than `refreshMarginSeconds` of it remain; then the
 * next request signs a new one, and requests arriving meanwhile wait for that one signing.
 * The key is checked when the authenticator is created: the algorithm must be on the allow-list,
 * an HMAC secret as long as the hash output, and a private key of the algorithm's type.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3
 * @example
 * ```ts
 * // Authorization: Bearer <JWT signed with ES256>
 * const auth = jwtAuth({ privateKey: process.env.JWT_PRIVATE_KEY_PEM ?? '', algorithm: 'ES256', iss: 'my-app', aud: 'https://api.example.com' });
 *
 * // X-Appsmith-Signature: <JWT signed with a shared secret>, next to a bearer token
 * const signed = combineAuth(
 *   bearerAuth({ token: process.env.API_TOKEN ?? '' }),
 *   jwtAuth({ secret: process.env.SIGNING_SECRET ?? '', placement: { in: 'header', name: 'X-Appsmith-Signature' } }),
 * );
 * ```
 */
export function jwtAuth(options: JwtAuthOptions): Authenticator {
  checkOptionNames(options, jwtNames, 'jwtAuth');
  if (typeof options !== 'object' || options === null) throw invalidConfig('jwt', 'an options object');
  const raw = options as Readonly<Record<keyof JwtSecretOptions | keyof JwtPrivateKeyOptions, unknown>>;
  if ((raw.secret === undefined) === (raw.privateKey === undefined)) throw invalidConfig('jwt', 'exactly one of secret and privateKey');
  if (raw.privateKey !== undefined && raw.secretEncoding !== undefined) throw invalidConfig('jwt.secretEncoding', 'no secretEncoding with a privateKey');
  if (raw.secret !== undefined && raw.passphrase !== undefined) throw invalidConfig('jwt.passphrase', 'no passphrase with a secret (only with an encrypted PEM privateKey)');
  const signingKey: SigningKey<JwtAlgorithm> = raw.secret !== undefined
    ? secretSigningKey(raw.secret, raw.secretEncoding, raw.algorithm)
    : privateSigningKey(raw.privateKey, raw.algorithm, raw.passphrase);
  const template = jwtTemplate(raw);
  const lifetime = lifetimeSeconds(raw.lifetimeSeconds);
  const margin = refreshMarginSeconds(raw.refreshMarginSeconds, lifetime);
  const withJti = flag(raw.jti, 'jwt.jti', true);
  const withNbf = flag(raw.notBefore, 'jwt.notBefore', false);
  const eachRequest = flag(raw.signEachRequest, 'jwt.signEachRequest', false);
  const placement = tokenPlacement(raw.prefix, raw.placement);

  const sign = async (): Promise<SignedToken> => {
    const jose = await loadJose();
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = { ...template.claims } as JWTPayload;
    const builder = new jose.SignJWT(payload)
      .setProtectedHeader({ ...template.header, alg: signingKey.algorithm } as JWTHeaderParameters)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime);
    if (withNbf) builder.setNotBefore(now);
    if (withJti) builder.setJti(randomUUID());
    try {
      const token = await builder.sign(signingKey.key);
      return { token, refreshAt: (now + lifetime - margin) * 1000 };
    } catch (error) {
      throw signingFailed(jose, error, signingKey, template);
    }
  };

  let cached: SignedToken | undefined;
  let pending: Promise<SignedToken> | undefined;
  const currentToken = async (): Promise<string> => {
    if (eachRequest) return (await sign()).token;
    if (cached !== undefined && Date.now() < cached.refreshAt) return cached.token;
    if (pending === undefined) {
      const signing: Promise<SignedToken> = sign()
        .then((signed) => {
          cached = signed;
          return signed;
        })
        .finally(() => {
          if (pending === signing) pending = undefined;
        });
      pending = signing;
    }
    return (await pending).token;
  };

  return {
    name: 'jwt',
    async authenticate(request, context) {
      const token = await currentToken();
      applyPlacement(request, placement, token);
      context.credential = token;
    },
  };
}

function lifetimeSeconds(value: unknown): number {
  if (value === undefined) return 300;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 31_536_000) {
    throw invalidConfig('jwt.lifetimeSeconds', 'a whole number of seconds from 1 to 31536000');
  }
  return value;
}

function refreshMarginSeconds(value: unknown, lifetime: number): number {
  if (value === undefined) return Math.min(60, lifetime / 4);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= lifetime) {
    throw invalidConfig('jwt.refreshMarginSeconds', `a number of seconds from 0 to less than lifetimeSeconds (${lifetime})`);
  }
  return value;
}

function flag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidConfig(field, 'true or false');
  return value;
}

function tokenPlacement(prefix: unknown, placement: unknown): Placement {
  if (placement !== undefined) {
    if (prefix !== undefined) throw invalidConfig('jwt.prefix', 'no prefix when placement is given (set placement.prefix instead)');
    validatePlacement(placement, 'jwt.placement');
    return placement;
  }
  if (prefix !== undefined && (typeof prefix !== 'string' || /\s/.test(prefix))) throw invalidConfig('jwt.prefix', 'a single word such as Bearer, or an empty string');
  return { in: 'header', name: 'Authorization', prefix: prefix ?? 'Bearer' };
}

function signingFailed(jose: Jose, error: unknown, key: SigningKey, template: JwtTemplate): AuthError {
  // jose's own messages name algorithms and parameters, never key bytes; anything else is reduced to its name.
  const reason = error instanceof jose.errors.JOSEError ? error.code : error instanceof Error ? error.name : 'unknown';
  return new AuthError('ERR_AUTH_INVALID_CONFIG', `jwt: could not sign a ${key.algorithm} token with the configured key`, {
    ...(error instanceof jose.errors.JOSEError ? { cause: error } : {}),
    details: { field: key.key instanceof Uint8Array ? 'jwt.secret' : 'jwt.privateKey', algorithm: key.algorithm, reason, kid: typeof template.header.kid === 'string' ? template.header.kid : undefined },
  });
}
