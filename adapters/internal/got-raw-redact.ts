// got's errors reach the raw objects of the failed request: got's own `Request` stream
// (`error.request`: `_request`, `_requestOptions`, `_dispatchedBody`, its stream buffers) and
// the response (`error.response`: `rawBody`, `req`), and through them Node's ClientRequest
// (`_header`, `path`, the outgoing header map, pending writes) and its socket. Both properties
// are read-only on the error, and got still destroys the request after `beforeError`, so they
// cannot be detached: what they hold is redacted in place. Agents (which reach every request
// in flight), sockets not bound to this request, functions and got's Options (redacted apart)
// are not entered, so that nothing of another request is touched.
import { Agent, ClientRequest } from 'node:http';
import { Socket } from 'node:net';
import { REDACTED } from '../../src/index.js';

/** What to take out: every encoded form of each secret, and the header names redacted whole. */
export interface RawRedaction {
  readonly variants: readonly string[];
  readonly secretHeaders: ReadonlySet<string>;
}

/**
 * Property names not entered: got's Options (see got-redact.ts), the caller's raw option objects
 * and shared objects of the caller's (cookie jar, cache, DNS cache) or of every request (agents).
 */
const skipped = new Set(['options', '_init', 'cookieJar', 'cache', 'cacheOptions', 'dnsCache', 'agent', 'h2session']);
/** What a socket bound to this request holds of it: data not yet written. */
const socketParts = ['_pendingData', '_writableState'];

/** Redacts, in place, the raw request and response objects reachable from `roots`. */
export function redactRawObjects(roots: readonly unknown[], redaction: RawRedaction): void {
  const { variants } = redaction;
  const needles = variants.map((variant) => Buffer.from(variant, 'utf8'));
  const seen = new Set<object>();
  const requests = new Set<unknown>();
  let budget = 20_000; // Bounds the walk; the objects of one request are a few hundred.
  const cleanString = (key: PropertyKey, text: string): string => {
    if (typeof key === 'string' && redaction.secretHeaders.has(key.toLowerCase())) return REDACTED;
    let out = text.includes('\r\n') ? redactHeadLines(text, redaction.secretHeaders) : text;
    for (const variant of variants) if (out.includes(variant)) out = out.split(variant).join(REDACTED);
    return out;
  };
  const visit = (node: object): void => {
    if (seen.has(node) || budget-- <= 0 || node instanceof Agent) return;
    // A socket is entered only while it serves this request (a kept-alive one may serve another
    // by now), and may be met again from the request, so it is not marked before that.
    const socket = node instanceof Socket;
    if (socket && !requests.has((node as { _httpMessage?: unknown })._httpMessage)) return;
    seen.add(node);
    if (node instanceof ClientRequest) requests.add(node);
    const keys = socket ? socketParts : Reflect.ownKeys(node);
    for (const key of keys) {
      if (typeof key === 'string' && skipped.has(key)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(node, key);
      if (descriptor === undefined || !('value' in descriptor)) continue;
      const value: unknown = descriptor.value;
      if (typeof value === 'string') {
        const clean = cleanString(key, value);
        if (clean !== value) assign(node, key, clean);
      } else if (Array.isArray(value) && typeof key === 'string' && redaction.secretHeaders.has(key.toLowerCase())) {
        assign(node, key, value.map(() => REDACTED));
      } else if (value instanceof Uint8Array) {
        const clean = cleanBytes(value, needles);
        if (clean !== value) assign(node, key, clean);
      } else if (typeof value === 'object' && value !== null) {
        visit(value);
      }
    }
  };
  if (variants.length === 0 && redaction.secretHeaders.size === 0) return;
  for (const root of roots) if (typeof root === 'object' && root !== null) visit(root);
}

/** `text` (an HTTP message head) with the value of every header in `names` replaced. */
function redactHeadLines(text: string, names: ReadonlySet<string>): string {
  return text
    .split('\r\n')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon > 0 && names.has(line.slice(0, colon).trim().toLowerCase()) ? `${line.slice(0, colon)}: ${REDACTED}` : line;
    })
    .join('\r\n');
}

/**
 * `bytes` unchanged when neither they nor the memory they share (Node's pool of small Buffers
 * holds other data too) contain a secret; else a copy of their own, secrets replaced.
 */
function cleanBytes(bytes: Uint8Array, needles: readonly Buffer[]): Uint8Array {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = Buffer.from(bytes.buffer);
  if (!needles.some((needle) => whole.includes(needle))) return bytes;
  let out = Buffer.from(view);
  for (const needle of needles) {
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, from)) {
      parts.push(out.subarray(from, at), Buffer.from(REDACTED));
      from = at + needle.length;
    }
    if (parts.length > 0) out = Buffer.concat([...parts, out.subarray(from)]);
  }
  // Not from the pool: a copy of its own memory.
  const own = Buffer.alloc(out.byteLength);
  out.copy(own);
  return own;
}

function assign(node: object, key: PropertyKey, value: unknown): void {
  try {
    (node as Record<PropertyKey, unknown>)[key] = value;
  } catch {
    // Read-only: left as it is.
  }
}
