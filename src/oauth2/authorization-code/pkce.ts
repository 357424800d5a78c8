import { createHash, randomBytes } from 'node:crypto';

/**
 * A PKCE pair. `codeVerifier` is a secret: it stays with the client until the code exchange.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @example
 * ```ts
 * const { codeChallenge, codeChallengeMethod } = createPkce(); // method is always 'S256'
 * ```
 */
export interface Pkce {
  /** 43 characters of base64url (32 random bytes, 256 bits). Secret. */
  readonly codeVerifier: string;
  /** `BASE64URL(SHA256(codeVerifier))`. */
  readonly codeChallenge: string;
  /** Always `S256`: authwire has no `plain` fallback. */
  readonly codeChallengeMethod: 'S256';
}

/**
 * A new PKCE pair: a verifier from 32 bytes of the system's CSPRNG (43 characters from the
 * unreserved set `[A-Za-z0-9-_]`) and its S256 challenge. A new one for every authorization request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 * @example
 * ```ts
 * const pkce = createPkce();
 * url.searchParams.set('code_challenge', pkce.codeChallenge);
 * url.searchParams.set('code_challenge_method', pkce.codeChallengeMethod);
 * ```
 */
export function createPkce(): Pkce {
  const codeVerifier = randomToken();
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier), codeChallengeMethod: 'S256' };
}

/**
 * The S256 code challenge of a verifier: `BASE64URL(SHA256(ASCII(verifier)))`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 * @example
 * ```ts
 * pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/** 32 random bytes as base64url (43 characters): verifiers, `state`, `nonce`. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
