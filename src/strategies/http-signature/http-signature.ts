import { randomBytes } from 'node:crypto';
import type { Authenticator, AuthRequest } from '../../authenticator.js';
import { AuthError } from '../../errors.js';
import { runNow } from '../../run-now.js';
import { bodyToSign, byteLength } from '../signed-body.js';
import { markSigning } from '../signing-order.js';
import { componentValue, isSfString, signatureBase, signatureParams } from './components.js';
import { contentDigest } from './content-digest.js';
import { checkHttpSignatureOptions, type HttpSignatureSettings } from './options.js';
import type { HttpSignatureAuthOptions } from './types.js';

const field = 'httpSignature';
const withBody = ['@method', '@target-uri', 'content-digest'];
const withoutBody = ['@method', '@target-uri'];

/**
 * HTTP Message Signatures (RFC 9421): signs every request with `Signature-Input` and
 * `Signature`, covering `components` of the request as it is sent (by default `@method`,
 * `@target-uri` and, with a body, `content-digest`), with the parameters `created`, `keyid`
 * and, if asked for, `expires`, `nonce`, `alg` and `tag`. `Content-Digest` (RFC 9530) is
 * computed from the exact body bytes; `content-length`, when covered, is their length (which every
 * client sends for a buffered body; a request without a body must carry the header itself). Each
 * attempt and each same-origin redirect hop is signed afresh; a hop to another origin carries
 * no signature. A stream body cannot be digested: it fails with `ERR_AUTH_BODY_PLACEMENT` unless
 * `contentDigest: false`. In {@link combineAuth} it runs after the others.
 *
 * Algorithms: `ed25519`, `ecdsa-p256-sha256`, `rsa-pss-sha512`, `rsa-v1_5-sha256` (private
 * keys as PEM, JWK or `KeyObject`) and `hmac-sha256` (a shared secret). A key that does not fit
 * the algorithm fails at once with `ERR_AUTH_INVALID_CONFIG` naming `httpSignature.key`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9421
 * @example
 * ```ts
 * const auth = httpSignatureAuth({
 *   keyId: 'client-2025',
 *   key: readFileSync('client-ed25519.pem', 'utf8'),
 *   algorithm: 'ed25519',
 *   components: ['@method', '@target-uri', 'content-type', 'content-digest'],
 * });
 * const api = authFetch(auth);
 * await api('https://api.example.com/payments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":10}' });
 * ```
 */
export function httpSignatureAuth(options: HttpSignatureAuthOptions): Authenticator {
  const settings = checkHttpSignatureOptions(options, field, () => randomBytes(16).toString('base64url'));
  return markSigning({
    name: `http-signature:${settings.algorithm}`,
    authenticate: (request) => runNow(signHttpMessage, request, settings, Date.now()),
  });
}

/** Signs `request` in place at `time` (epoch milliseconds). */
export function signHttpMessage(request: AuthRequest, settings: HttpSignatureSettings, time: number): void {
  const hasBody = request.body.type !== 'none';
  const components = settings.components ?? (hasBody && settings.contentDigest !== false ? withBody : withoutBody);
  const { headers } = request;
  // The length every client sends for a buffered body, not set here: fetch adds its own, and two differ from one.
  let length: string | undefined;
  if (components.includes('content-digest') || (components.includes('content-length') && hasBody && !headers.has('content-length'))) {
    const data = bodyToSign(request.body);
    if (data === undefined) {
      throw new AuthError(
        'ERR_AUTH_BODY_PLACEMENT',
        `${field}: a stream body cannot be digested before it is sent; send a buffered body, or set contentDigest: false (and leave content-digest and content-length out of components)`,
        { details: { field: `${field}.contentDigest` } },
      );
    }
    if (components.includes('content-digest') && settings.contentDigest !== false) headers.set('content-digest', contentDigest(settings.contentDigest, data));
    if (hasBody) length = String(byteLength(data));
  }
  const values = components.map((name) => (name === 'content-length' && length !== undefined && !headers.has(name) ? length : componentValue(request, name, `${field}.components`)));
  const seconds = Math.floor(time / 1000);
  const nonce = settings.nonce?.();
  if (nonce !== undefined && (!isSfString(nonce) || nonce === '')) {
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', `${field}.nonce: returned no nonce (expected a non-empty string of printable ASCII)`, { details: { field: `${field}.nonce` } });
  }
  const params = signatureParams(components, {
    keyid: settings.keyId,
    created: settings.created ? seconds : undefined,
    expires: settings.expiresIn === undefined ? undefined : seconds + settings.expiresIn,
    alg: settings.includeAlg ? settings.algorithm : undefined,
    nonce,
    tag: settings.tag,
  });
  const signature = settings.sign(signatureBase(components, values, params)).toString('base64');
  appendMember(headers, 'signature-input', settings.label, params);
  appendMember(headers, 'signature', settings.label, `:${signature}:`);
}

/** Adds `label=value` to a dictionary header, after the caller's own signatures (another label). */
function appendMember(headers: Headers, name: string, label: string, value: string): void {
  const existing = headers.get(name);
  const member = `${label}=${value}`;
  headers.set(name, existing === null || existing.trim() === '' ? member : `${existing}, ${member}`);
}
