// Redirect hops of a signing authenticator (AWS SigV4, HTTP Message Signatures, OAuth 1.0a,
// Digest: see markSigning). A signature covers one method, URL and body, so a hop on the first
// origin is signed afresh for its own, never sent with the previous hop's signature; a hop to
// another origin carries none (RequestSession.redirect strips it). Clients that carry the previous
// hop's headers on to the next one (axios's follow-redirects, got, axios's fetch adapter through
// authwire's fetch) call this from their redirect hook, after RequestSession.redirect.
import type { AuthBody } from '../authenticator.js';
import type { AuthenticatedRequest } from './authenticate-outgoing.js';
import { serializeBody } from './body.js';
import { headersFromRecord, isHeaders, type HeaderRecord } from './node-headers.js';
import type { HeaderLog } from './recording-headers.js';
import { redirectBlocked } from './redirect-blocked.js';
import type { RequestSession } from './request-session.js';

/**
 * One redirect hop as the client is about to send it, after `RequestSession.redirect`.
 *
 * @example
 * ```ts
 * const hop: RedirectHop = { status: 307, method: 'POST', url: next, headers: options.headers, fixedBody: true };
 * ```
 */
export interface RedirectHop {
  /** The redirect's status. */
  readonly status: number;
  /** The hop's method, after the client's own rewriting (POST → GET on 301/302/303). */
  readonly method: string;
  /** The hop's URL, as `RequestSession.redirect` left it (the earlier hops' query credentials taken off). */
  readonly url: URL;
  /** The headers the client carries on to the hop: the previous hop's, its signature among them. */
  readonly headers: Headers | HeaderRecord;
  /** Whether the client sends a body on this hop; by default, when it keeps the previous hop's method. */
  readonly keepsBody?: boolean;
  /** Whether the client sends the previous hop's body bytes again and cannot be given others (follow-redirects). */
  readonly fixedBody: boolean;
}

/**
 * A hop signed afresh: what to write into the client's hop.
 *
 * @example
 * ```ts
 * for (const name of signed.headers) setOrDelete(options.headers, name, signed.result.headers.get(name));
 * ```
 */
export interface SignedHop {
  /** The hop as authenticated: its URL (write it when `urlChanged`) and headers. */
  readonly result: AuthenticatedRequest;
  /** Lower-case names of the headers to write: each to `result.headers.get(name)`, deleted where that is `null`. */
  readonly headers: readonly string[];
  /** The body to send in place of the previous hop's, when the signature is in it; `undefined`: send the body the client resends. */
  readonly body: AuthBody | undefined;
}

/**
 * Signs a redirect hop afresh when the session's authenticator signs requests and the hop stays
 * on the attempt's first origin: from the hop's headers with what the previous hop's
 * authentication set put back as it was, the hop's method and URL, and the caller's body when the
 * client sends one. `undefined` for every other hop (the client sends it as it is, after
 * `RequestSession.redirect`). The signed hop itself when the authenticator signed at once (nearly
 * always), a promise otherwise. Throws `ERR_AUTH_REDIRECT_BLOCKED` when the signature is in the
 * body (OAuth 1.0a `placement: 'form'`) and the client resends the previous body unchanged.
 *
 * @param session - the request's session
 * @param hop - the hop as the client is about to send it
 * @example
 * ```ts
 * const signed = signRedirectHop(session, { status, method, url: next, headers: record, fixedBody: true });
 * if (signed !== undefined && !(signed instanceof Promise)) writeHop(record, signed);
 * ```
 */
export function signRedirectHop(session: RequestSession, hop: RedirectHop): SignedHop | Promise<SignedHop> | undefined {
  const basis = session.hopBasis(hop.url);
  if (basis === undefined) return undefined;
  const { previous } = basis;
  const headers = isHeaders(hop.headers) ? new Headers(hop.headers) : headersFromRecord(hop.headers);
  const log = headerLog(previous);
  // What the previous hop's authentication set goes back to what it was, where the client carried it on unchanged.
  for (let index = 0; index < log.touched.length; index++) {
    const name = log.touched[index] as string;
    if (headers.get(name) !== previous.headers.get(name)) continue;
    const before = log.before[index] ?? null;
    if (before === null) headers.delete(name);
    else headers.set(name, before);
  }
  const keepsBody = hop.keepsBody ?? hop.method.toUpperCase() === previous.authRequest.method;
  const begun = session.hop({ method: hop.method, url: hop.url, headers, body: keepsBody ? basis.body : noBody });
  if (begun === undefined) return undefined;
  const done = (result: AuthenticatedRequest): SignedHop => signedHop(previous, log, hop, keepsBody, result);
  return begun instanceof Promise ? begun.then(done) : done(begun);
}

/**
 * Whether {@link signRedirectHop} signs a hop to `url` afresh: a signing authenticator, on the
 * first origin of an attempt that carried credentials.
 *
 * @example
 * ```ts
 * if (signsRedirectHop(session, next)) undoApplied(options, state.applied);
 * ```
 */
export function signsRedirectHop(session: RequestSession, url: URL): boolean {
  return session.hopBasis(url) !== undefined;
}

const noBody: AuthBody = Object.freeze({ type: 'none' });
const noLog: HeaderLog = Object.freeze({ touched: [], before: [] });

/** What the authentication of `sent` changed in its headers (the kit's headers remember it). */
function headerLog(sent: AuthenticatedRequest): HeaderLog {
  const headers = sent.headers as Headers & Partial<HeaderLog>;
  return headers.touched !== undefined && headers.before !== undefined ? (headers as HeaderLog) : noLog;
}

function signedHop(previous: AuthenticatedRequest, log: HeaderLog, hop: RedirectHop, keepsBody: boolean, result: AuthenticatedRequest): SignedHop {
  const names = [...log.touched];
  for (const name of headerLog(result).touched) if (!names.includes(name)) names.push(name);
  let body: AuthBody | undefined;
  if (keepsBody && (result.bodyChanged || previous.bodyChanged)) {
    body = result.body;
    if (hop.fixedBody && !sameBytes(serializeBody(body).data, serializeBody(previous.body).data)) {
      throw redirectBlocked(hop.status, previous.url, hop.url, 'the signature is in the body, and this client sends the previous body again unchanged');
    }
  }
  return { result, headers: names, body };
}

function sameBytes(one: string | Uint8Array | undefined, other: string | Uint8Array | undefined): boolean {
  if (one === undefined || other === undefined) return one === other;
  return Buffer.from(one).equals(Buffer.from(other));
}
