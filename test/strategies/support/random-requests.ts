// Random requests for the signing tests: methods, paths and queries with reserved and non-ASCII
// characters, extra headers with odd spacing, and JSON, form, byte or no bodies. Seeded, so a
// failure names a request that can be sent again.
import type { DriverRequest } from '../../conformance/driver.js';

/** A small seeded generator (mulberry32): the same seed gives the same requests. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = ['a', 'Z', '0', '-', '_', '.', '~', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@', '!', ' ', 'é', 'ሴ', '😀', '%41', '%2F', 'x y'];
const queryPieces = ['a', 'B', '1', '-', '_', '.', '~', '!', "'", '(', ')', '*', ' ', '/', ':', '@', '$', ',', ';', '?', '+', 'ü', '日本', '😀'];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

function text(next: () => number, list: readonly string[], max: number): string {
  const length = 1 + Math.floor(next() * max);
  let out = '';
  for (let index = 0; index < length; index++) out += pick(next, list);
  return out;
}

/** One random request, with a URL path relative to the server's origin (`/…`). */
export function randomRequest(next: () => number): DriverRequest & { readonly method: string } {
  const method = pick(next, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
  const depth = 1 + Math.floor(next() * 3);
  const segments = Array.from({ length: depth }, () => text(next, pieces, 4));
  // Raw characters in the path: each client sends it through the WHATWG URL parser's encoding.
  // A first segment of its own: a colon there would read as a scheme once a client drops the leading slash.
  const path = `/r/${segments.map((segment) => segment.replace(/[?#%/]/g, (char) => encodeURIComponent(char))).join('/')}${next() < 0.2 ? '/' : ''}`;
  const query: Record<string, string> = {};
  const count = Math.floor(next() * 4);
  for (let index = 0; index < count; index++) query[text(next, queryPieces, 5)] = next() < 0.15 ? '' : text(next, queryPieces, 6);
  const headers: Record<string, string> = {};
  if (next() < 0.6) headers['x-amz-meta-note'] = `  ${text(next, ['a', 'b', ' ', '  ', '\t', '1'], 8)}x  `;
  if (next() < 0.3) headers['x-custom'] = text(next, ['v', '1', ' '], 5).trim() || 'v';
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const kind = hasBody ? pick(next, ['json', 'form', 'bytes', 'text', 'none'] as const) : 'none';
  const base = { method, url: path, headers, ...(count > 0 ? { query } : {}) };
  switch (kind) {
    case 'json':
      return { ...base, json: { name: text(next, queryPieces, 10), n: Math.floor(next() * 1000), list: [1, 'ü', null], nested: { ok: next() < 0.5 } } };
    case 'form':
      return { ...base, form: { a: text(next, queryPieces, 6), 'b c': text(next, queryPieces, 6) } };
    case 'bytes':
      return { ...base, headers: { ...headers, 'content-type': 'application/octet-stream' }, body: Buffer.from(Array.from({ length: 1 + Math.floor(next() * 300) }, () => Math.floor(next() * 256))) };
    case 'text':
      return { ...base, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: text(next, queryPieces, 40) };
    default:
      return base;
  }
}
