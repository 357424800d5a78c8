import type { AuthBody, AuthContext, Authenticator, AuthRequest } from '../authenticator.js';
import { cloneBody, serializeBody } from './body.js';
import { recordingHeaders, type HeaderRecord, type RecordingHeaders } from './node-headers.js';
import type { OriginPolicy } from './origin-policy.js';
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
  let authRequest: OutgoingAuthRequest;
  try {
    // A string is parsed here, once; a URL object is copied only if the authenticator reads it.
    const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
    authRequest = new OutgoingAuthRequest(request.method.toUpperCase(), url, url !== request.url, recordingHeaders(request.headers), request.body);
    if (!policy.mayReceive(url)) {
      return Promise.resolve({
        applied: false, url, headers: authRequest.headers, changedHeaders: [], credentialHeaders: [], removedHeaders: [],
        urlChanged: false, credentialQuery: [], body: request.body, bodyChanged: false, secrets: [], authRequest,
      });
    }
  } catch (error) {
    return Promise.reject(error);
  }
  // Not async: a `then` keeps less alive while the authenticator works than an async function's frame.
  return authenticator.authenticate(authRequest, context).then(() => changesOf(authRequest, request.body, policy, isSigning(authenticator)));
}

/** The request to send after the authenticator has run on `authRequest`, and what it changed. */
function changesOf(authRequest: OutgoingAuthRequest, originalBody: AuthBody, policy: OriginPolicy, signed: boolean): AuthenticatedRequest {
  const { headers } = authRequest;
  const secrets: string[] = [];
  const changedHeaders: string[] = [];
  const credentialHeaders: string[] = [];
  const removedHeaders: string[] = [];
  const { touched, before } = headers;
  for (let index = 0; index < touched.length; index++) {
    const name = touched[index] as string;
    const after = headers.get(name);
    if (after === before[index]) continue;
    if (after === null) {
      removedHeaders.push(name);
      continue;
    }
    changedHeaders.push(name);
    if (name === 'cache-control') continue;
    credentialHeaders.push(name);
    addSecret(secrets, after);
  }
  const credentialQuery: string[] = [];
  const sentUrl = authRequest.sentUrl();
  const href = authRequest.originalHref();
  // A signature covers the URL in the form the kit serialises it: the adapter sends that form
  // (a client's own encoding of its params, axios's say, may differ in characters like `'`).
  const urlChanged = signed || sentUrl.href !== href;
  if (urlChanged) {
    const before = new URL(href).searchParams;
    for (const name of new Set(sentUrl.searchParams.keys())) {
      const after = sentUrl.searchParams.getAll(name);
      if (sameList(after, before.getAll(name))) continue;
      credentialQuery.push(name);
      for (const value of after) addSecret(secrets, value);
    }
  }
  const sentBody = authRequest.sentBody();
  const bodyChanged = authRequest.bodyTouched() && bodyDiffers(originalBody, sentBody);
  if (bodyChanged) addBodySecrets(originalBody, sentBody, secrets);

  if (credentialHeaders.length > 0 || credentialQuery.length > 0 || bodyChanged) policy.assertSecure(sentUrl);
  return {
    applied: true, url: sentUrl, headers, changedHeaders, credentialHeaders, removedHeaders, urlChanged, credentialQuery,
    body: sentBody, bodyChanged, secrets, authRequest,
  };
}

/**
 * The request an authenticator edits. URL and body are the caller's until first read, then
 * copies, so that edits stay on the copies and a header-only authenticator costs no copy.
 */
class OutgoingAuthRequest implements AuthRequest {
  readonly #href: string;
  #url: URL;
  #urlOwned: boolean;
  readonly #original: AuthBody;
  #body: AuthBody;
  #bodyTouched = false;

  constructor(
    readonly method: string,
    url: URL,
    urlOwned: boolean,
    readonly headers: RecordingHeaders,
    body: AuthBody,
  ) {
    this.#href = url.href;
    this.#url = url;
    this.#urlOwned = urlOwned;
    this.#original = body;
    this.#body = body;
  }

  get url(): URL {
    if (!this.#urlOwned) {
      this.#url = new URL(this.#url);
      this.#urlOwned = true;
    }
    return this.#url;
  }

  set url(value: URL) {
    this.#url = value;
    this.#urlOwned = true;
  }

  /** The URL's `href` as the caller gave it. */
  originalHref(): string {
    return this.#href;
  }

  /** The URL to send: the caller's own object when the authenticator never read it. */
  sentUrl(): URL {
    return this.#url;
  }

  get body(): AuthBody {
    if (!this.#bodyTouched) {
      this.#body = cloneBody(this.#original);
      this.#bodyTouched = true;
    }
    return this.#body;
  }

  set body(value: AuthBody) {
    this.#body = value;
    this.#bodyTouched = true;
  }

  /** Whether the authenticator read or replaced the body (only then can it differ). */
  bodyTouched(): boolean {
    return this.#bodyTouched;
  }

  /** The body to send, without copying it. */
  sentBody(): AuthBody {
    return this.#body;
  }
}

/** Adds a header or parameter value to `secrets`, and the part after a scheme prefix (`Bearer abc` → `abc`). */
function addSecret(secrets: string[], value: string): void {
  if (value.length < 4) return; // Too short to redact without mangling unrelated text.
  if (!secrets.includes(value)) secrets.push(value);
  const space = value.indexOf(' ');
  const rest = space > 0 && value.length - space > 4 ? value.slice(space + 1) : undefined;
  if (rest !== undefined && !secrets.includes(rest)) secrets.push(rest);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** JSON and form bodies are edited in place, so compare them serialized; other bodies by identity (no copy of large uploads). */
function bodyDiffers(before: AuthBody, after: AuthBody): boolean {
  if (before.type !== after.type) return true;
  if (after.type === 'json' || after.type === 'form') return serializeBody(before).data !== serializeBody(after).data;
  return after.type === 'bytes' && before.type === 'bytes' && after.value !== before.value;
}

function addBodySecrets(before: AuthBody, after: AuthBody, secrets: string[]): void {
  if (after.type === 'form') {
    const old = before.type === 'form' ? before.value : new URLSearchParams();
    for (const [name, value] of after.value) if (!old.getAll(name).includes(value)) addSecret(secrets, value);
  } else if (after.type === 'json') {
    const old = new Set<string>();
    if (before.type === 'json') collectStrings(before.value, (value) => old.add(value));
    collectStrings(after.value, (value) => {
      if (!old.has(value)) addSecret(secrets, value);
    });
  }
}

function collectStrings(value: unknown, visit: (value: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, visit);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collectStrings(item, visit);
}
