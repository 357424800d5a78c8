// Signs one request as RFC 5849 §3 describes: the protocol parameters (fresh nonce and
// timestamp each time), a body hash for bodies that are not forms, the signature over the
// request as it will be sent, and the parameters written where the options say.
import { randomBytes } from 'node:crypto';
import type { AuthRequest } from '../../authenticator.js';
import { serializeBody } from '../../adapter-kit/body.js';
import { AuthError } from '../../errors.js';
import { signatureBaseString, type OAuth1Parameter } from './base-string.js';
import { oauthPercentEncode } from './percent-encode.js';
import type { OAuth1Signer } from './signature-method.js';

/**
 * Where {@link oauth1Auth} sends the protocol parameters: the `Authorization` header (the
 * default, RFC 5849 §3.5.1), the query (§3.5.3) or a form body (§3.5.2).
 *
 * @example
 * ```ts
 * const placement: OAuth1ParameterPlacement = 'query';
 * ```
 */
export type OAuth1ParameterPlacement = 'header' | 'query' | 'form';

/** Everything that signs, checked. */
export interface OAuth1Credentials {
  readonly consumerKey: string;
  readonly token?: string | undefined;
  readonly signer: OAuth1Signer;
  readonly realm?: string | undefined;
  readonly placement: OAuth1ParameterPlacement;
  /** Send `oauth_body_hash` for bodies that are not forms. */
  readonly bodyHash: boolean;
  /** Send `oauth_version="1.0"` (optional in RFC 5849, expected by some providers); default true. */
  readonly version?: boolean;
}

/** Nonce and clock, replaceable in tests of the RFC's examples. */
export interface OAuth1Clock {
  nonce(): string;
  /** Seconds since the epoch. */
  now(): number;
}

const systemClock: OAuth1Clock = {
  // 30 alphanumeric characters (120 bits): what servers built on oauthlib accept by default.
  nonce: () => randomBytes(15).toString('hex'),
  now: () => Math.floor(Date.now() / 1000),
};

/**
 * Signs `request` in place and returns the signature. `extra` protocol parameters
 * (`oauth_callback`, `oauth_verifier`) are signed and sent with the others.
 *
 * @internal
 * @example
 * ```ts
 * signOAuth1Request(request, credentials, [['oauth_verifier', verifier]]);
 * ```
 */
export function signOAuth1Request(request: AuthRequest, credentials: OAuth1Credentials, extra: readonly OAuth1Parameter[] = [], clock: OAuth1Clock = systemClock): string {
  const { signer } = credentials;
  const protocol: OAuth1Parameter[] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', clock.nonce()],
    ['oauth_signature_method', signer.method],
    ['oauth_timestamp', String(clock.now())],
  ];
  if (credentials.token !== undefined) protocol.push(['oauth_token', credentials.token]);
  if (credentials.version !== false) protocol.push(['oauth_version', '1.0']);
  protocol.push(...extra);
  const body = request.body;
  const form = body.type === 'form' ? [...body.value] : [];
  if (credentials.bodyHash && body.type !== 'form' && body.type !== 'none') {
    const hash = bodyHash(request, signer);
    if (hash !== undefined) protocol.push(['oauth_body_hash', hash]);
  }
  if (credentials.placement === 'form') checkFormBody(request);
  const signature = signer.sign(signatureBaseString(request.method, request.url, [...form, ...protocol]));
  protocol.push(['oauth_signature', signature]);
  place(request, credentials, protocol);
  return signature;
}

function bodyHash(request: AuthRequest, signer: OAuth1Signer): string | undefined {
  if (request.body.type === 'stream') {
    throw new AuthError(
      'ERR_AUTH_BODY_PLACEMENT',
      `oauth1: a ${request.method} request with a stream body cannot be signed with oauth_body_hash (the body is not buffered); buffer the body, or set bodyHash: false`,
      { details: { method: request.method } },
    );
  }
  const { data } = serializeBody(request.body);
  return signer.bodyHash(typeof data === 'string' ? Buffer.from(data, 'utf8') : (data ?? new Uint8Array()));
}

function checkFormBody(request: AuthRequest): void {
  const { type } = request.body;
  if (type === 'form') return;
  if (type === 'none' && request.method !== 'GET' && request.method !== 'HEAD') return;
  throw new AuthError(
    'ERR_AUTH_BODY_PLACEMENT',
    `oauth1: cannot put the protocol parameters in a form body of a ${request.method} request with a ${type} body; use placement 'header' or 'query'`,
    { details: { placement: 'form', method: request.method } },
  );
}

function place(request: AuthRequest, credentials: OAuth1Credentials, protocol: readonly OAuth1Parameter[]): void {
  switch (credentials.placement) {
    case 'header': {
      let value = credentials.realm === undefined ? 'OAuth ' : `OAuth realm="${credentials.realm}", `;
      value += protocol.map(([name, item]) => `${name}="${oauthPercentEncode(item)}"`).join(', ');
      request.headers.set('Authorization', value);
      return;
    }
    case 'query': {
      // Appended to the query as written, so that the caller's own parameters reach the server as sent.
      const added = protocol.map(([name, item]) => `${name}=${oauthPercentEncode(item)}`).join('&');
      const { search } = request.url;
      request.url.search = search === '' || search === '?' ? added : `${search.slice(1)}&${added}`;
      request.headers.set('Cache-Control', 'no-store');
      return;
    }
    case 'form': {
      const body = request.body.type === 'form' ? request.body.value : new URLSearchParams();
      for (const [name, item] of protocol) body.append(name, item);
      request.body = { type: 'form', value: body };
      return;
    }
    default:
      throw credentials.placement satisfies never;
  }
}
