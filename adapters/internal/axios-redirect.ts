// axios's Node adapter follows redirects with follow-redirects, which calls `config.beforeRedirect`
// with the next hop's options (href, path, method and a plain header object) before each hop.
import { crossOriginStrippedHeaders } from '../../src/index.js';
import { dropClientCertificate, type AxiosTlsHop } from './axios-tls.js';
import { deleteHeaders } from './header-record.js';
import { guardRedirect, type RedirectGuard } from './redirect-guard.js';

/**
 * Applies {@link guardRedirect} to the next hop of an attempt (`options` as follow-redirects
 * passes them to `beforeRedirect`). With `tls` (the attempt carries authwire's client-certificate
 * agent), a hop that has left the first hop's origin gets the request's own agent back.
 */
export function guardAxiosHop(guard: RedirectGuard, tls: AxiosTlsHop | undefined, options: Record<string, unknown>, status: number): void {
  guardHop(guard, options, status);
  if (tls !== undefined && guard.left) dropClientCertificate(options, tls, guard.first.origin, hopOrigin(options));
}

function hopOrigin(options: Record<string, unknown>): string {
  return hopUrl(options)?.origin ?? 'an unknown origin';
}

function guardHop(guard: RedirectGuard, options: Record<string, unknown>, status: number): void {
  const headers = options['headers'];
  const record = typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : {};
  const next = hopUrl(options);
  if (next === undefined) {
    // Where this hop goes is unknown: treat it as another origin.
    guard.left = true;
    deleteHeaders(record, new Set([...crossOriginStrippedHeaders, ...guard.result.credentialHeaders]));
    return;
  }
  const before = next.href;
  const method = typeof options['method'] === 'string' ? options['method'] : 'GET';
  deleteHeaders(record, guardRedirect(guard, next, status, method));
  if (next.href !== before) {
    options['href'] = next.href;
    options['search'] = next.search;
    options['query'] = next.search.slice(1);
    options['path'] = `${next.pathname}${next.search}`;
  }
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
