// What kind of network failure an error from fetch (undici, node:net/tls/dns, or a user's own
// fetch) stands for, read from the `code`s along its cause chain.
import type { NetworkErrorReason } from '../errors.js';

const byCode: ReadonlyMap<string, NetworkErrorReason> = new Map([
  ['ECONNREFUSED', 'connection-refused'],
  ['ENOTFOUND', 'dns'],
  ['EAI_AGAIN', 'dns'],
  ['EAI_FAIL', 'dns'],
  ['EAI_NONAME', 'dns'],
  ['EAI_NODATA', 'dns'],
  ['ETIMEDOUT', 'timeout'],
  ['ESOCKETTIMEDOUT', 'timeout'],
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
  ['UND_ERR_BODY_TIMEOUT', 'timeout'],
  ['ECONNRESET', 'reset'],
  ['ECONNABORTED', 'reset'],
  ['EPIPE', 'reset'],
  ['UND_ERR_SOCKET', 'reset'],
  ['EHOSTUNREACH', 'unreachable'],
  ['ENETUNREACH', 'unreachable'],
  ['EHOSTDOWN', 'unreachable'],
  ['ENETDOWN', 'unreachable'],
]);

/** OpenSSL's certificate verification codes and Node's TLS codes: never transient. */
const tlsCode = /CERT|^ERR_SSL_|^ERR_TLS_|^SSL_|^UNABLE_TO_|^DEPTH_ZERO_|^HOSTNAME_MISMATCH$/;
/** What a system or library code looks like; anything else (free text a user's fetch put in `code`) is never shown. */
const codeShape = /^[A-Z][A-Z0-9_]{1,63}$/;

/** A network failure, classified. */
export interface NetworkFailure {
  readonly reason: NetworkErrorReason;
  /** The system or library code it was read from (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`), if any. */
  readonly code: string | undefined;
}

/**
 * Classifies `error` by the first code along its `cause` chain (and an `AggregateError`'s
 * `errors`, as when every address of a host refused) that names a kind of failure.
 *
 * @example
 * ```ts
 * classifyNetworkError(await fetch('http://127.0.0.1:9').catch((error: unknown) => error)); // { reason: 'connection-refused', code: 'ECONNREFUSED' }
 * ```
 */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const queue: unknown[] = [error];
  let firstCode: string | undefined;
  for (let seen = 0; queue.length > 0 && seen < 16; seen += 1) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) continue;
    const { code, name, cause, errors } = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    const known = typeof code === 'string' && codeShape.test(code) ? code : undefined;
    if (known !== undefined) {
      firstCode ??= known;
      const reason = byCode.get(known) ?? (tlsCode.test(known) ? 'tls' : undefined);
      if (reason !== undefined) return { reason, code: known };
    }
    if (name === 'TimeoutError') return { reason: 'timeout', code: known };
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return { reason: 'other', code: firstCode };
}

const words: Readonly<Record<NetworkErrorReason, string>> = {
  'connection-refused': 'connection refused: nothing accepts connections at that address and port',
  dns: 'DNS lookup failed: the host name did not resolve',
  tls: "TLS failed: the server's certificate was not accepted or the handshake broke down (not retried)",
  timeout: 'timed out: no answer in time',
  reset: 'connection reset: the other side closed or reset the connection',
  unreachable: 'network unreachable: no route to the network or host',
  other: 'network error',
};

/**
 * The words for a failure in an error message, with its code.
 *
 * @example
 * ```ts
 * describeNetworkFailure({ reason: 'dns', code: 'ENOTFOUND' }); // 'DNS lookup failed: the host name did not resolve (ENOTFOUND)'
 * ```
 */
export function describeNetworkFailure(failure: NetworkFailure): string {
  return failure.code === undefined ? words[failure.reason] : `${words[failure.reason]} (${failure.code})`;
}
