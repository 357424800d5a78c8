// axios's Node adapter follows redirects with follow-redirects, which calls `config.beforeRedirect`
// with the next hop's options (href, path, method and a plain header object) before each hop.
// The session decides (a signing authenticator's hop on the first origin is signed afresh, see
// hop-signing.ts); this applies its decision to those options.
import { signRedirectHop } from '../../src/adapter-kit/hop-signing.js';
import { redirectBlocked, type RequestSession } from '../../src/adapter-kit/request-session.js';
import { dropClientCertificate, type AxiosTlsHop } from './axios-tls.js';
import { deleteHeaders } from './header-record.js';

/**
 * Prepares follow-redirects' options of the next hop of an attempt as `session` decides. With
 * `tls` (the attempt carries authwire's client-certificate agent), a hop that has left the first
 * hop's origin gets the request's own agent back.
 */
export function guardAxiosHop(session: RequestSession, tls: AxiosTlsHop | undefined, options: Record<string, unknown>, status: number): void {
  const headers = options['headers'];
  const record = typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : {};
  const next = hopUrl(options);
  if (next === undefined) {
    // Where this hop goes is unknown: treat it as another origin.
    deleteHeaders(record, session.leave());
  } else {
    const before = next.href;
    const method = typeof options['method'] === 'string' ? options['method'] : 'GET';
    deleteHeaders(record, session.redirect(next, status, method, { restoreQuery: true }));
    // follow-redirects calls this hook synchronously: a hop is signed now, or not followed.
    const signed = signRedirectHop(session, { status, method, url: next, headers: record, fixedBody: true });
    let sent = next;
    if (signed instanceof Promise) {
      signed.catch(() => undefined); // Its failure, if any, is not the one the caller gets.
      throw redirectBlocked(status, session.first?.url ?? next, next, 'the hop must be signed afresh, and the authenticator could not sign it at once');
    } else if (signed === undefined) {
      const hop = session.hopHeaders(next, method);
      deleteHeaders(record, Object.keys(hop));
      Object.assign(record, hop);
    } else {
      deleteHeaders(record, signed.headers);
      for (const name of signed.headers) {
        const value = signed.result.headers.get(name);
        if (value !== null) record[name] = value;
      }
      if (signed.result.urlChanged) sent = signed.result.url;
    }
    if (sent.href !== before) {
      options['href'] = sent.href;
      options['search'] = sent.search;
      options['query'] = sent.search.slice(1);
      options['path'] = `${sent.pathname}${sent.search}`;
    }
  }
  const first = session.first;
  if (tls !== undefined && session.left && first !== undefined) dropClientCertificate(options, tls, first.url.origin, next?.origin ?? 'an unknown origin');
}

function hopUrl(options: Record<string, unknown>): URL | undefined {
  const href = options['href'];
  if (typeof href !== 'string') return undefined;
  try {
    return new URL(href);
  } catch {
    return undefined;
  }
}
