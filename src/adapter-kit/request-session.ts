// The decisions of one logical request, made once for every adapter: authenticate an attempt,
// what a redirect hop keeps, strips or blocks, whether a refusal is answered with one retry,
// and what an error must not show. Adapters only translate their client's hooks into these calls.
import type { AuthBody, AuthContext, Authenticator } from '../authenticator.js';
import { isSigning } from '../strategies/signing-order.js';
import { authenticateAttempt, type AuthenticatedRequest, type OutgoingRequest } from './authenticate-outgoing.js';
import { headersFromRecord, isHeaders, type HeaderRecord } from './node-headers.js';
import { SentValues } from './sent-values.js';
import { sendsCredentialsTo, type OriginPolicy } from './origin-policy.js';
import { headersAtHandOf, type HeadersAtHand } from '../headers-at-hand.js';
import { AtHandAttempt } from './at-hand-attempt.js';
import { redactError } from './redact-error.js';
import type { RedactOptions } from './redact.js';
import { nextAttempt, redirectKeepsBody, shouldChallenge } from './retry.js';
import { crossOriginStrippedHeaders } from './strip-credentials.js';
import { redirectBlocked } from './redirect-blocked.js';
import type { RedirectOptions } from './redirect-options.js';
export { redirectBlocked } from './redirect-blocked.js';
export type { RedirectOptions } from './redirect-options.js';

/**
 * How a {@link RequestSession} is set up: once per logical request.
 *
 * @example
 * ```ts
 * const options: RequestSessionOptions = { authenticator: auth, policy, replayable: true, signal };
 * ```
 */
export interface RequestSessionOptions {
  /** The authenticator the adapter was installed with. */
  readonly authenticator: Authenticator;
  /** Which origins may receive credentials (see `createOriginPolicy`). */
  readonly policy: OriginPolicy;
  /** Whether the body can be sent again: a retry after a challenge needs it. */
  readonly replayable: boolean;
  /** The caller's signal, handed to the authenticator in its context. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * One logical request as an adapter sends it: its attempts (the first, and at most one retry
 * after a challenge) and their redirect hops. It owns the rules: credentials only to origins the
 * policy allows and never across a redirect to another origin, a body holding a credential never
 * resent there (`ERR_AUTH_REDIRECT_BLOCKED`), one retry after a 401 or a `WWW-Authenticate`
 * challenge (after a 403 only for a step-up challenge), and every value sent redacted from errors.
 *
 * @example
 * ```ts
 * const session = new RequestSession({ authenticator: auth, policy, replayable: true });
 * const begun = session.begin({ method: 'GET', url, headers, body: { type: 'none' } });
 * const sent = begun instanceof Promise ? await begun : begun; // no promise when the credential was at hand
 * // ... send sent.url / sent.headers; on a redirect: session.redirect(next, status, method)
 * if (await session.respond(response.status, response.headers)) {
 *   // send again from the request as the caller made it: session.begin(...)
 * }
 * ```
 */
export class RequestSession {
  readonly #authenticator: Authenticator;
  /** Which origins may receive credentials. */
  readonly policy: OriginPolicy;
  /** Whether the body can be sent again after a challenge. */
  readonly replayable: boolean;
  #context: AuthContext;
  /** What the first hop of the current attempt carried (`undefined` before `begin`), and its body as the caller made it. */
  #first: AuthenticatedRequest | undefined;
  #firstBody: AuthBody | undefined;
  /** The last hop authenticated in the current attempt: what a challenge is asked about. */
  #last: AuthenticatedRequest | undefined;
  /** The hops authenticated in the current attempt after its first (their query credentials come off another origin's URL). */
  #later: AuthenticatedRequest[] | undefined;
  #left = false;
  /** What has been sent as credentials, for redaction and stripping. */
  readonly #sent = new SentValues();
  readonly #atHand: HeadersAtHand | undefined;

  constructor(options: RequestSessionOptions) {
    this.#authenticator = options.authenticator;
    this.policy = options.policy;
    this.replayable = options.replayable;
    this.#atHand = headersAtHandOf(options.authenticator);
    this.#context = options.signal === undefined ? { attempt: 0 } : { attempt: 0, signal: options.signal };
  }

  /** The context of the current attempt (attempt 0, or 1 for the retry after a challenge). */
  get context(): AuthContext {
    return this.#context;
  }

  /** What the current attempt's first hop carried. */
  get first(): AuthenticatedRequest | undefined {
    return this.#first;
  }

  /** Whether a hop of the current attempt has gone to another origin than its first: nothing more is added. */
  get left(): boolean {
    return this.#left;
  }

  /** Every value authenticated into this request so far, for redaction. */
  get secrets(): readonly string[] {
    return this.#sent.secrets;
  }

  /** Lower-case names of every header that carried a credential, plus those never sent to another origin. */
  get credentialHeaders(): readonly string[] {
    return this.#sent.credentialHeaders;
  }

  /**
   * Authenticates the first hop of an attempt, always from the request as the caller made it
   * (a retry never carries the previous attempt's credential). Rejects with
   * `ERR_AUTH_INSECURE_URL` for a credential bound for plain `http:` beyond loopback. The result
   * itself, not a promise, when the authenticator had its credential at hand: the adapter can
   * send in the same turn of the event loop. Never throws.
   */
  begin(request: OutgoingRequest): AuthenticatedRequest | Promise<AuthenticatedRequest> {
    this.#start(request.body);
    return this.#authenticate(request);
  }

  /**
   * {@link begin} without building the request an authenticator edits, for authwire's own
   * strategies with their credential at hand (a static one, a cached token): the headers to set on
   * the request as the caller made it (lower-case names, replacing any of the same name in any
   * case), or `undefined` when the adapter must call {@link begin}. The attempt's report is made
   * only when a redirect, a challenge or an error asks for it.
   */
  beginAtHand(request: OutgoingRequest): Readonly<Record<string, string>> | undefined {
    const atHand = this.#atHand;
    if (atHand === undefined || !sendsCredentialsTo(this.policy, request.url)) return undefined;
    const headers = atHand(this.#context);
    if (headers === undefined) return undefined;
    this.#start(request.body);
    this.#record(new AtHandAttempt(request, headers));
    return headers;
  }

  #start(body: AuthBody | undefined): void {
    this.#first = undefined;
    this.#last = undefined;
    this.#later = undefined;
    this.#left = false;
    this.#firstBody = body;
  }

  /**
   * Authenticates a later hop of the current attempt, for clients whose hops are authenticated
   * one by one (the fetch adapters): `undefined` once the attempt has left its first origin.
   */
  hop(request: OutgoingRequest): AuthenticatedRequest | Promise<AuthenticatedRequest> | undefined {
    return this.#left ? undefined : this.#authenticate(request);
  }

  /**
   * Decides the next hop of a redirect to `next` and edits `next` in place. To another origin
   * than the attempt's first hop (scheme, host or port): takes the authenticator's query
   * parameters off `next` and returns the header names to delete (`Authorization`,
   * `Proxy-Authorization`, `Cookie` and the authenticator's), or throws
   * `ERR_AUTH_REDIRECT_BLOCKED` when the hop would resend a body holding a credential. On the
   * first origin, returns no names; with `restoreQuery`, puts the authenticator's query
   * parameters back (for clients that keep the credentials of a hop by themselves).
   *
   * @param method - the next hop's method, after the client's own rewriting (POST → GET on 301/302/303)
   * @param keepsBody - whether the client sends the body again; by default {@link redirectKeepsBody}
   */
  redirect(next: URL, status: number, method: string, { keepsBody = redirectKeepsBody(status, method), restoreQuery = false }: RedirectOptions = {}): readonly string[] {
    const first = this.#first;
    if (first !== undefined) for (const name of first.credentialQuery) next.searchParams.delete(name);
    for (const hop of this.#later ?? noHops) for (const name of hop.credentialQuery) next.searchParams.delete(name);
    if (first === undefined) {
      // Nothing of ours on this request: a hop elsewhere still loses what the caller set.
      if (next.origin !== this.#origin) this.#left = true;
      return this.#left ? crossOriginStrippedHeaders : none;
    }
    if (next.origin === first.url.origin) {
      // A signing authenticator signs the hop afresh, its query parameters with it (see hop-signing.ts).
      if (restoreQuery && !this.#left && !isSigning(this.#authenticator)) for (const name of first.credentialQuery) for (const value of first.url.searchParams.getAll(name)) next.searchParams.append(name, value);
      return none;
    }
    if (!this.#left && this.#last?.bodyChanged === true && keepsBody) throw redirectBlocked(status, first.url, next);
    this.#left = true;
    return this.credentialHeaders;
  }

  /**
   * The headers to set on a redirect hop to `next` that stays on the first hop's origin (a new
   * DPoP proof for the hop's method and URL); none for other authenticators, for a hop elsewhere
   * or after the attempt left its origin. Call it after {@link redirect}.
   */
  hopHeaders(next: URL, method: string): Readonly<Record<string, string>> {
    const first = this.#first;
    const hook = this.#authenticator.hopHeaders;
    if (hook === undefined || this.#left || first === undefined || !first.applied || next.origin !== first.url.origin) return noHeaders;
    const headers = hook.call(this.#authenticator, method.toUpperCase(), next, this.#context) ?? noHeaders;
    this.#sent.addHopValues(Object.values(headers));
    return headers;
  }

  /**
   * What a redirect hop to `next` is signed afresh from (see `signRedirectHop`): the last hop sent
   * and the caller's body; `undefined` for a hop that is not signed afresh.
   *
   * @internal
   */
  hopBasis(next: URL): { readonly previous: AuthenticatedRequest; readonly body: AuthBody } | undefined {
    const first = this.#first;
    if (this.#left || first === undefined || !first.applied || next.origin !== first.url.origin || !isSigning(this.#authenticator)) return undefined;
    return { previous: this.#last ?? first, body: this.#firstBody ?? first.body };
  }

  /**
   * Marks the current attempt as gone to an origin that is not known (a client that does not say
   * where a hop goes): nothing more is added, and the names returned are to be deleted.
   */
  leave(): readonly string[] {
    this.#left = true;
    return this.#sent.authenticated ? this.credentialHeaders : crossOriginStrippedHeaders;
  }

  /** The origin of an attempt this session did not authenticate (see {@link unauthenticated}). */
  #origin = '';

  /**
   * Starts an attempt that authwire did not authenticate, sent to `url` (its hooks came after
   * the client had begun): a redirect to another origin still loses the caller's credentials.
   */
  unauthenticated(url: URL): void {
    this.#start(undefined);
    this.#origin = url.origin;
  }

  /**
   * Whether the response ends the request or is answered with one retry: `false` at once for
   * anything that is no refusal of credentials sent by this attempt (nearly every response); a
   * promise of the authenticator's `challenge` answer for a 401, a `WWW-Authenticate` on a 4xx
   * other than 403, or a 403 with a step-up challenge (`insufficient_scope`), on the first attempt whose credentials stayed on their origin. `true` means:
   * send once more (the body can be replayed); the session has moved to the next attempt.
   */
  respond(status: number, headers: Headers | HeaderRecord): false | Promise<boolean> {
    const { challenge } = this.#authenticator;
    const last = this.#last;
    if (challenge === undefined || last === undefined || !last.applied || this.#left || this.#context.attempt > 0) return false;
    if (status < 400) return false; // Checked before the headers are copied.
    const view = isHeaders(headers) ? headers : headersFromRecord(headers);
    if (!shouldChallenge(status, view)) return false;
    return challenge.call(this.#authenticator, { status, headers: view }, last.authRequest, this.#context).then((again) => {
      if (!again || !this.replayable) return false;
      this.#context = nextAttempt(this.#context);
      return true;
    });
  }

  /**
   * Redacts every value this request sent, in every encoded form, from `error` and its `cause`
   * chain, in place (see `redactError`).
   */
  redact(error: unknown, options?: RedactOptions): void {
    redactError(error, this.secrets, options);
  }

  /**
   * Forgets the credential the authenticator noted in the context and the values sent, once an
   * error has been redacted and handed over (a client may keep the request's config for long).
   */
  release(): void {
    const { credential: _credential, ...rest } = this.#context;
    this.#context = rest;
    this.#sent.release();
  }

  #authenticate(request: OutgoingRequest): AuthenticatedRequest | Promise<AuthenticatedRequest> {
    let sent: AuthenticatedRequest | Promise<AuthenticatedRequest>;
    try {
      sent = authenticateAttempt(this.#authenticator, request, this.#context, this.policy);
    } catch (error) {
      return Promise.reject(error);
    }
    return sent instanceof Promise ? sent.then((result) => this.#record(result)) : this.#record(sent);
  }

  /** Notes a hop authenticated in the current attempt. */
  #record(sent: AuthenticatedRequest): AuthenticatedRequest {
    if (this.#first === undefined) this.#first = sent;
    else (this.#later ??= []).push(sent);
    this.#last = sent;
    this.#sent.add(sent);
    return sent;
  }
}

const none: readonly string[] = Object.freeze([]);
const noHops: readonly AuthenticatedRequest[] = Object.freeze([]);
const noHeaders: Readonly<Record<string, string>> = Object.freeze({});
