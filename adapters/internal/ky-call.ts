// What ky knows about a call and its fetch does not: the base URL and whether the body was a
// stream. A beforeRequest hook writes it into a private header of ky's Request (headers survive
// ky's clones for retries); the fetch pipeline reads and removes it before anything is sent.
import type { CallDescription, DescribeCall } from './fetch-request.js';

/** The private header carrying a {@link CallDescription} from ky's hook to the pipeline. Never sent. */
export const kyCallHeader = 'x-authwire-ky-call';

/**
 * Writes the description of a call into ky's `request`, from ky's normalised `options`.
 *
 * @example
 * ```ts
 * markKyCall(request, { prefixUrl: 'https://api.example.com/', body: '{}' });
 * ```
 */
export function markKyCall(request: Request, options: unknown): void {
  const opaqueBody = isOpaqueBody(field(options, 'body'));
  const prefixUrl = field(options, 'prefixUrl');
  const prefix = field(options, 'prefix');
  const baseUrl = field(options, 'baseUrl');
  // A ky instance sends call after call with the same options: compare with the last call first.
  const last = lastCall;
  if (last.opaqueBody === opaqueBody && last.prefixUrl === prefixUrl && last.prefix === prefix && last.baseUrl === baseUrl) {
    request.headers.set(kyCallHeader, last.value);
    return;
  }
  const key = `${opaqueBody}\n${String(prefixUrl ?? '')}\n${String(prefix ?? '')}\n${String(baseUrl ?? '')}`;
  let value = encoded.get(key);
  if (value === undefined) {
    const description: CallDescription = { baseUrls: baseUrlsOf(options), opaqueBody };
    value = encodeURIComponent(JSON.stringify(description));
    remember(encoded, key, value);
  }
  lastCall = { opaqueBody, prefixUrl, prefix, baseUrl, value };
  request.headers.set(kyCallHeader, value);
}

let lastCall: { readonly opaqueBody: boolean; readonly prefixUrl: unknown; readonly prefix: unknown; readonly baseUrl: unknown; readonly value: string } = {
  opaqueBody: false,
  prefixUrl: Symbol('none'),
  prefix: undefined,
  baseUrl: undefined,
  value: '',
};

// A client makes the same few descriptions over and over: each is encoded and decoded once.
const encoded = new Map<string, string>();
const decoded = new Map<string, CallDescription | undefined>();
const baseKeys = ['prefixUrl', 'prefix', 'baseUrl'] as const;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size < 100) cache.set(key, value);
}

/**
 * Reads and removes the description written by {@link markKyCall}.
 *
 * @example
 * ```ts
 * describeKyCall(request.headers); // { baseUrls: ['https://api.example.com'], opaqueBody: false }
 * ```
 */
export const describeKyCall: DescribeCall = (headers) => {
  const value = headers.get(kyCallHeader);
  if (value === null) return undefined;
  headers.delete(kyCallHeader);
  if (decoded.has(value)) return decoded.get(value);
  const description = decode(value);
  remember(decoded, value, description);
  return description;
};

function decode(value: string): CallDescription | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(value));
  } catch {
    return undefined;
  }
  const baseUrls = field(parsed, 'baseUrls');
  const opaqueBody = field(parsed, 'opaqueBody');
  if (!Array.isArray(baseUrls) || !baseUrls.every((url) => typeof url === 'string') || typeof opaqueBody !== 'boolean') return undefined;
  return { baseUrls: baseUrls as string[], opaqueBody };
}

/** The origins of ky's absolute base URLs: `prefixUrl` (ky 1), `prefix` and `baseUrl` (ky 2). */
function baseUrlsOf(options: unknown): string[] {
  const origins: string[] = [];
  for (const key of baseKeys) {
    const value = field(options, key);
    if ((typeof value !== 'string' && !(value instanceof URL)) || String(value) === '') continue;
    try {
      const { origin } = new URL(String(value));
      if (origin !== 'null') origins.push(origin);
    } catch {
      // A relative prefix (ky 2) resolves against baseUrl, whose origin is already listed.
    }
  }
  return origins;
}

/** A stream or FormData body: sent as it is, once. */
function isOpaqueBody(body: unknown): boolean {
  if (body === undefined || body === null || typeof body === 'string') return false;
  if (body instanceof URLSearchParams || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof Blob) return false;
  return true;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
