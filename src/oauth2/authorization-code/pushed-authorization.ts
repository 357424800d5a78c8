// Pushed authorization requests (RFC 9126): the authorization parameters go to the server in a
// client-authenticated POST, and the browser URL carries only `client_id` and the `request_uri`
// the server answered with. Nothing of the request can be read or changed in the browser.
import { AuthError } from '../../errors.js';
import { fetchText, type FetchFunction } from '../../http/fetch-text.js';
import { sanitizeText } from '../../http/sanitize-text.js';
import type { ClientAuthentication } from '../client-auth.js';
import type { Dpop } from '../dpop/dpop.js';
import { safeErrorCode } from '../error-code.js';
import { requestSignal } from '../request-signal.js';

/** How one pushed authorization request is sent: the client authentication of the token requests, and DPoP when on. */
export interface PushSetup {
  readonly clientAuth: ClientAuthentication;
  readonly extraHeaders: Readonly<Record<string, string>>;
  readonly fetch: FetchFunction;
  readonly requestTimeoutMs: number;
  /** DPoP, when the code is to be bound to the key the code exchange proves with (RFC 9449 §10.1). */
  readonly dpop: Dpop | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What the pushed authorization request endpoint answered. */
export interface PushedRequest {
  readonly requestUri: string;
  /** `expires_in`, seconds, when the server gave a usable one. */
  readonly expiresIn: number | undefined;
}

/**
 * Pushes the authorization parameters to `endpoint`, with the client's authentication and, when
 * `dpop` is given, a DPoP proof (a `use_dpop_nonce` answer gets exactly one more request with the
 * nonce). An error answer is `ERR_AUTH_TOKEN_REQUEST_FAILED` naming the OAuth error code; no
 * secret is in it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.1
 */
export async function pushAuthorizationRequest(setup: PushSetup, endpoint: URL, pairs: ReadonlyArray<readonly [string, string]>): Promise<PushedRequest> {
  const key = setup.dpop === undefined ? undefined : await setup.dpop.requestKey();
  const request = requestSignal(setup.requestTimeoutMs, 'the pushed authorization request', setup.signal);
  try {
    for (let attempt = 0; ; attempt += 1) {
      const body = new URLSearchParams(pairs.map(([name, value]) => [name, value]));
      const headers = new Headers(setup.extraHeaders);
      headers.set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8');
      headers.set('Accept', 'application/json');
      if (key !== undefined && setup.dpop !== undefined) headers.set('DPoP', setup.dpop.proof(key, { method: 'POST', url: endpoint }));
      const secrets = (await setup.clientAuth.apply(body, headers)).filter((secret) => secret !== '');
      const response = await fetchText({
        url: endpoint,
        init: { method: 'POST', headers, body: body.toString() },
        fetch: setup.fetch,
        signal: request.signal,
        what: `pushed authorization request to ${endpoint.origin}`,
        secrets,
        retryable: false,
      });
      const fresh = setup.dpop?.noteNonce(endpoint, response.headers) ?? false;
      const answer = parseJson(response.text);
      if (response.status === 201 || response.status === 200) return readPushed(answer, endpoint);
      const error = safeErrorCode(answer['error']);
      if (attempt === 0 && fresh && error === 'use_dpop_nonce') continue;
      const description = sanitizeText(answer['error_description'], secrets);
      const summary = `HTTP ${response.status}${error === undefined ? '' : ` ${error}`}${description === undefined ? '' : `: ${description}`}`;
      throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `pushed authorization request to ${endpoint.origin} failed: ${summary}`, {
        details: { status: response.status, retryable: response.status >= 500 || response.status === 429, reason: 'pushed_authorization_request', ...(error === undefined ? {} : { error }) },
      });
    }
  } finally {
    request.done();
  }
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function readPushed(answer: Record<string, unknown>, endpoint: URL): PushedRequest {
  const requestUri = answer['request_uri'];
  // A URI (RFC 9126 §2.2), which goes into the browser URL: printable ASCII, no spaces.
  if (typeof requestUri !== 'string' || !/^[\x21-\x7e]{1,2048}$/.test(requestUri)) {
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `pushed authorization request to ${endpoint.origin}: the answer has no usable request_uri`, {
      details: { retryable: false, reason: 'pushed_authorization_request' },
    });
  }
  const expiresIn = answer['expires_in'];
  return { requestUri, expiresIn: typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined };
}
