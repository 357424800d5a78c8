import type { AuthBody, AuthContext, Authenticator, AuthRequest } from '../authenticator.js';
import { isSettled } from '../run-now.js';
import { addBodySecrets, addSecret, bodyDiffers, sameList } from './credential-values.js';
import type { HeaderRecord } from './node-headers.js';
import { OutgoingAuthRequest } from './outgoing-auth-request.js';
import { recordingHeaders, type RecordingHeaders } from './recording-headers.js';
import { assertSecureHref, mayReceiveHref, type OriginPolicy } from './origin-policy.js';
import { isSigning } from '../strategies/signing-order.js';

/**
 * A request as an adapter hands it to {@link authenticateOutgoing}; it is not changed. Pass what
 * the client already holds (a URL string, its own header object): the kit makes the one copy the
 * authenticator edits.
 *
 * @example
 * ```ts
 * const outgoing: OutgoingRequest = {
 *   method: 'post',
 *   url: new URL('https://api.example.com/items'),
 *   headers: new Headers({ 'content-type': 'application/json' }),
 *   body: parseBody('{"name":"a"}', 'application/json'),
 * };
 * const result = await authenticateOutgoing(auth, outgoing, { attempt: 0 }, policy);
 * ```
 */
export interface OutgoingRequest {
  /** HTTP method, any case. */
  readonly method: string;
  /** Absolute URL. A string is parsed once; a `URL` object is copied only if the authenticator reads it. */
  readonly url: URL | string;
  /**
   * Headers before authentication: WHATWG `Headers` or a Node-style header object (see
   * {@link HeaderRecord}); either is copied once.
   */
  readonly headers: Headers | HeaderRecord;
  /** Body before authentication. */
  readonly body: AuthBody;
}

/**
 * The result of authenticating one attempt: the request to send and what was added to it.
 *
 * @example
 * ```ts
 * const result: AuthenticatedRequest = await authenticateOutgoing(auth, outgoing, { attempt: 0 }, policy);
 * if (result.applied) console.log(result.credentialHeaders); // ['authorization']: strip these before another origin
 * ```
 */
export interface AuthenticatedRequest {
  /** `false` when the origin may not receive credentials: nothing was added. */
  readonly applied: boolean;
  /** The URL to send (query credentials added). The caller's own `URL` object when the authenticator left the URL alone: do not change it. */
  readonly url: URL;
  /** All headers to send. */
  readonly headers: Headers;
  /** Lower-case names of headers the authenticator gave a new value: write these into the client's request. */
  readonly changedHeaders: readonly string[];
  /** Lower-case names of headers that hold a credential (the changed ones but `cache-control`): strip them before another origin. */
  readonly credentialHeaders: readonly string[];
  /** Lower-case names of headers the authenticator deleted. */
  readonly removedHeaders: readonly string[];
  /** Whether the URL must be written back: the authenticator changed it (a query credential, usually), or it signs the request (the URL sent must be the one signed). */
  readonly urlChanged: boolean;
  /** Names of query parameters the authenticator set or changed. */
  readonly credentialQuery: readonly string[];
  /** The body to send. */
  readonly body: AuthBody;
  /** Whether the authenticator changed the body (a credential is in it). */
  readonly bodyChanged: boolean;
  /** Every value the authenticator added, for {@link redactSecrets}. */
  readonly secrets: readonly string[];
  /** The request the authenticator saw, for {@link Authenticator.challenge}. */
  readonly authRequest: AuthRequest;
}

/**
 * Runs `authenticator.authenticate` on a copy of `request` and reports what it changed. Adapters
 * call it once per attempt, always from the request as the caller made it, so a retry never
 * carries the previous attempt's credential.
 *
 * It notes what the authenticator does rather than comparing copies: the headers it is given
 * remember the names set, appended or deleted, the URL is compared by `href`, and the body is
 * copied only when the authenticator reads or replaces it. A request with a large JSON body and
 * a header credential costs no more than one without a body.
 *
 * Credentials are added only when `policy.mayReceive(url)`; a credential bound for plain `http:`
 * on a non-loopback host throws `ERR_AUTH_INSECURE_URL`.
 *
 * @example
 * ```ts
 * const result = await authenticateOutgoing(auth, { method: 'GET', url, headers, body: { type: 'none' } }, { attempt: 0 }, policy);
 * ```
 */
export function authenticateOutgoing(
  authenticator: Authenticator,
  request: OutgoingRequest,
  context: AuthContext,
  policy: OriginPolicy,
): Promise<AuthenticatedRequest> {
  try {
    const result = authenticateAttempt(authenticator, request, context, policy);
    return result instanceof Promise ? result : Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * {@link authenticateOutgoing} without a promise where none is needed: the result itself when the
 * authenticator did its work at once (a static credential, a cached token), so that an adapter
 * can send in the same turn of the event loop. Throws what the policy refuses; a promise for
 * anything the authenticator had to wait for.
 *
 * @example
 * ```ts
 * const sent = authenticateAttempt(auth, { method: 'GET', url, headers, body: { type: 'none' } }, { attempt: 0 }, policy);
 * const result = sent instanceof Promise ? await sent : sent;
 * ```
 */
export function authenticateAttempt(
  authenticator: Authenticator,
  request: OutgoingRequest,
  context: AuthContext,
  policy: OriginPolicy,
): AuthenticatedRequest | Promise<AuthenticatedRequest> {
  // A string is parsed only when something needs the URL (the policy can mostly tell from the
  // string, a header credential never reads it); a URL object is copied only if the authenticator reads it.
  const given = request.url;
  const authRequest = new OutgoingAuthRequest(request.method.toUpperCase(), given, recordingHeaders(request.headers), request.body);
  if (!(typeof given === 'string' ? mayReceiveHref(policy, given) : policy.mayReceive(given))) {
    return new Attempt(false, authRequest, none, none, none, false, none, request.body, false, none);
  }
  const done = authenticator.authenticate(authRequest, context);
  // Not async: a `then` keeps less alive while the authenticator works than an async function's frame.
  const signed = isSigning(authenticator);
  return isSettled(done) ? changesOf(authRequest, request.body, policy, signed) : done.then(() => changesOf(authRequest, request.body, policy, signed));
}

/** The empty list, shared: the lists of a result are never changed once made. */
const none: readonly string[] = Object.freeze([]);

/** The request to send after the authenticator has run on `authRequest`, and what it changed. */
function changesOf(authRequest: OutgoingAuthRequest, originalBody: AuthBody, policy: OriginPolicy, signed: boolean): AuthenticatedRequest {
  const { headers } = authRequest;
  // The values sent as credentials: what `secrets` is made of, when something asks (an error).
  let values: string[] | undefined;
  let changedHeaders: string[] | undefined;
  let credentialHeaders: string[] | undefined;
  let removedHeaders: string[] | undefined;
  const { touched, before } = headers;
  for (let index = 0; index < touched.length; index++) {
    const name = touched[index] as string;
    const after = headers.get(name);
    if (after === before[index]) continue;
    if (after === null) {
      (removedHeaders ??= []).push(name);
      continue;
    }
    (changedHeaders ??= []).push(name);
    if (name === 'cache-control') continue;
    (credentialHeaders ??= []).push(name);
    (values ??= []).push(after);
  }
  let credentialQuery: string[] | undefined;
  const href = authRequest.originalHref();
  const sentUrl = href === undefined ? undefined : authRequest.sentUrl();
  // A signature covers the URL in the form the kit serialises it: the adapter sends that form
  // (a client's own encoding of its params, axios's say, may differ in characters like `'`).
  const urlChanged = sentUrl !== undefined && (signed || sentUrl.href !== href);
  if (urlChanged) {
    const before = new URL(href as string).searchParams;
    for (const name of new Set(sentUrl.searchParams.keys())) {
      const after = sentUrl.searchParams.getAll(name);
      if (sameList(after, before.getAll(name))) continue;
      (credentialQuery ??= []).push(name);
      (values ??= []).push(...after);
    }
  }
  const sentBody = authRequest.sentBody();
  const bodyChanged = authRequest.bodyTouched() && bodyDiffers(originalBody, sentBody);
  // Body values are picked out now: the body may be edited once it is handed on.
  if (bodyChanged) values = addBodySecrets(originalBody, sentBody, values ?? []);

  if (credentialHeaders !== undefined || credentialQuery !== undefined || bodyChanged) {
    const unparsed = authRequest.unparsedHref();
    if (unparsed === undefined) policy.assertSecure(authRequest.sentUrl());
    else assertSecureHref(policy, unparsed);
  }
  return new Attempt(
    true, authRequest, changedHeaders ?? none, credentialHeaders ?? none, removedHeaders ?? none, urlChanged, credentialQuery ?? none,
    sentBody, bodyChanged, values ?? none,
  );
}

/** An {@link AuthenticatedRequest}; its URL is parsed when first read (it is the caller's string until then). */
class Attempt implements AuthenticatedRequest {
  constructor(
    readonly applied: boolean,
    readonly authRequest: OutgoingAuthRequest,
    readonly changedHeaders: readonly string[],
    readonly credentialHeaders: readonly string[],
    readonly removedHeaders: readonly string[],
    readonly urlChanged: boolean,
    readonly credentialQuery: readonly string[],
    readonly body: AuthBody,
    readonly bodyChanged: boolean,
    values: readonly string[],
  ) {
    this.#values = values;
  }

  /** The values sent as credentials, their variants made on first read of {@link secrets}. */
  readonly #values: readonly string[];
  #secrets: readonly string[] | undefined;

  get secrets(): readonly string[] {
    if (this.#secrets === undefined) {
      let secrets: string[] | undefined;
      for (const value of this.#values) secrets = addSecret(secrets, value);
      this.#secrets = secrets ?? none;
    }
    return this.#secrets;
  }

  get url(): URL {
    return this.authRequest.sentUrl();
  }

  get headers(): RecordingHeaders {
    return this.authRequest.headers;
  }
}
