// The one fetch pipeline behind authFetch and kyAuth: authenticate every attempt, follow
// redirects ourselves so credentials never cross origins, answer one 401 with one retry.
import {
  authenticateOutgoing,
  AuthError,
  clientSecureContext,
  nextAttempt,
  redactError,
  redirectKeepsBody,
  serializeBody,
  shouldChallenge,
  stripCredentials,
  type AdapterOptions,
  type AuthContext,
  type AuthenticatedRequest,
  type Authenticator,
  type OriginPolicy,
} from '../../src/index.js';
import { fetchFailed, followRedirect, isRedirectStatus, maxRedirects, redirectLocation, type Hop } from './fetch-redirect.js';
import { originPolicies } from './policy-cache.js';
import { readFetchCall, type DescribeCall, type FetchCall, type RawBody } from './fetch-request.js';
import { discard, presentResponse } from './fetch-response.js';
import { tlsDispatcherLoader, type TlsDispatcher } from '../../src/index.js';

/** The signature of fetch. */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** How one pipeline is set up. */
export interface FetchPipelineOptions {
  readonly adapter: AdapterOptions;
  /** The fetch to send with; `globalThis.fetch` (looked up on each call) by default. */
  readonly fetch?: FetchFunction | undefined;
  /** Reads what the wrapping client knows about a call (its base URL, an opaque body) from the headers. */
  readonly describe?: DescribeCall;
  /** Told, for each response handed on, the secrets sent for it (so a client's own errors can be redacted). */
  readonly onResponse?: (response: Response, secrets: readonly string[]) => void;
}

interface ChainResult {
  readonly response: Response;
  /** What authenticateOutgoing added to the hop that answered, if that hop carried credentials. */
  readonly sent: AuthenticatedRequest | undefined;
  /** The answering hop's URL without credentials. */
  readonly visibleUrl: URL;
  readonly redirected: boolean;
}

/** `dispatcher`: undici's per-request option, which Node's fetch and undici's fetch both read. */
type SendInit = RequestInit & { duplex?: 'half'; dispatcher?: TlsDispatcher };

/**
 * Builds a function with the signature of fetch that authenticates every attempt of every
 * call with `authenticator`. Errors it throws have every credential it sent redacted.
 *
 * With `authenticator.tls`, each https hop that carries credentials is sent with one undici
 * `Agent` of this pipeline as `dispatcher` (its `connect` options hold the secure context of the
 * client certificate and the trusted authorities), in place of a `dispatcher` of the caller's;
 * other hops keep the caller's. undici is imported the first time such a hop is sent.
 *
 * @example
 * ```ts
 * const send = createFetchPipeline(auth, { adapter: { origins: ['https://api.example.com'] } });
 * await send('https://api.example.com/me');
 * ```
 */
export function createFetchPipeline(authenticator: Authenticator, options: FetchPipelineOptions): FetchFunction {
  const policyFor = originPolicies(options.adapter);
  const send: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Checked now, so that a bad `tls` fails when the adapter is made; undici is loaded on first use.
  const tlsDispatcher = authenticator.tls === undefined ? undefined : tlsDispatcherLoader(clientSecureContext(authenticator.tls));

  return async function authenticatedFetch(input, init) {
    const secrets: string[] = [];
    try {
      const call = await readFetchCall(input, init, options.describe);
      const policy = policyFor(call.description?.baseUrls ?? []);
      let context: AuthContext = call.signal === undefined ? { attempt: 0 } : { attempt: 0, signal: call.signal };
      for (;;) {
        const result = await sendChain(call, context, policy, secrets);
        const { response, sent } = result;
        if (sent?.applied === true && context.attempt === 0 && authenticator.challenge !== undefined && shouldChallenge(response.status, response.headers)) {
          const retry = await authenticator.challenge({ status: response.status, headers: response.headers }, sent.authRequest, context);
          if (retry && call.replayable) {
            await discard(response);
            context = nextAttempt(context);
            continue;
          }
        }
        const presented = presentResponse(response, { visibleUrl: result.visibleUrl, hideUrl: (sent?.credentialQuery.length ?? 0) > 0, redirected: result.redirected });
        options.onResponse?.(presented, secrets);
        return presented;
      }
    } catch (error) {
      redactError(error, secrets);
      throw error;
    }
  };

  /** Sends one attempt, following redirects by the fetch standard; credentials only while on the first origin. */
  async function sendChain(call: FetchCall, context: AuthContext, policy: OriginPolicy, secrets: string[]): Promise<ChainResult> {
    const sentSoFar: AuthenticatedRequest[] = [];
    let hop: Hop = { url: call.url, method: call.method, headers: call.headers, body: call.body, raw: call.raw };
    let trusted = true;
    for (let redirects = 0; ; redirects++) {
      let sent: AuthenticatedRequest | undefined;
      let url: URL;
      let headers: Headers;
      let body: RawBody | undefined = hop.raw;
      if (trusted) {
        sent = await authenticateOutgoing(authenticator, hop, context, policy);
        secrets.push(...sent.secrets);
        sentSoFar.push(sent);
        ({ url, headers } = sent);
        if (sent.bodyChanged) {
          const serialized = serializeBody(sent.body);
          body = serialized.data;
          if (serialized.contentType !== undefined && !headers.has('content-type')) headers.set('content-type', serialized.contentType);
        }
      } else {
        url = new URL(hop.url);
        headers = new Headers(hop.headers);
        stripCredentials(url, headers, sentSoFar);
      }
      const sendInit: SendInit = { ...call.extra, method: hop.method, headers, redirect: 'manual' };
      if (tlsDispatcher !== undefined && sent?.applied === true && url.protocol === 'https:') sendInit.dispatcher = await tlsDispatcher();
      if (body !== undefined) sendInit.body = body as BodyInit;
      if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array) && !(body instanceof FormData)) sendInit.duplex = 'half';
      if (call.signal !== undefined) sendInit.signal = call.signal;
      const response = await send(url, sendInit);

      let location: URL | undefined;
      if (call.redirect !== 'manual' && isRedirectStatus(response.status)) {
        if (call.redirect === 'error') {
          await discard(response);
          throw fetchFailed('unexpected redirect');
        }
        try {
          location = redirectLocation(response, hop.url);
        } catch (error) {
          await discard(response);
          throw error;
        }
      }
      if (location === undefined) {
        const answered = trusted ? sent : undefined;
        let visibleUrl = hop.url;
        if (answered !== undefined && answered.credentialQuery.length > 0) {
          visibleUrl = new URL(hop.url);
          for (const name of answered.credentialQuery) visibleUrl.searchParams.delete(name);
        }
        return { response, sent: answered, visibleUrl, redirected: redirects > 0 };
      }
      await discard(response);
      if (redirects >= maxRedirects) throw fetchFailed('redirect count exceeded');
      // A Location often repeats the query string, query credential included: take it out, so
      // that the next hop is authenticated afresh (or not at all) and response.url stays clean.
      for (const earlier of sentSoFar) for (const name of earlier.credentialQuery) location.searchParams.delete(name);
      const next = followRedirect(hop, response.status, location, call.resendable);
      if (trusted && location.origin !== call.url.origin) {
        if (sent?.bodyChanged === true && redirectKeepsBody(response.status, hop.method)) {
          throw new AuthError(
            'ERR_AUTH_REDIRECT_BLOCKED',
            `refusing to follow a ${response.status} redirect from ${hop.url.origin} to ${location.origin}: it would resend a body that holds a credential`,
            { details: { status: response.status, from: hop.url.origin, to: location.origin } },
          );
        }
        trusted = false;
      }
      hop = next;
    }
  }
}
