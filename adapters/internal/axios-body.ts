// axios request bodies (`config.data` before axios's transformRequest) as authwire bodies, and back.
import { parseBody, serializeBody } from '../../src/entries/adapter-kit.js';
import { type AuthBody } from '../../src/index.js';
import { headerValue } from './header-record.js';

/** A request body as the authenticator sees it, and whether axios can send it again. */
export interface AxiosBody {
  readonly body: AuthBody;
  /** `false` for streams: a retry would send nothing. */
  readonly replayable: boolean;
}

const opaque: AxiosBody = { body: { type: 'stream' }, replayable: true };
/** No body: shared, as nothing edits it (an authenticator that reads the body gets a copy). */
const none: AxiosBody = Object.freeze({ body: Object.freeze({ type: 'none' }), replayable: true });

/**
 * Reads `config.data` the way axios will send it: a plain object or array is JSON (or a form
 * with a form content type), `URLSearchParams` a form, a string or bytes by their content type.
 * Streams cannot be read or replayed; `FormData`, `Blob` and anything axios serializes by
 * itself are left untouched (the authenticator sees a `stream` body) but can be replayed.
 */
export function readAxiosBody(data: unknown, headers: Readonly<Record<string, unknown>>): AxiosBody {
  if (data === undefined || data === null) return none;
  const contentType = headerValue(headers, 'content-type');
  if (typeof data === 'string') return { body: parseBody(data, contentType), replayable: true };
  if (typeof data !== 'object') return opaque;
  if (data instanceof ArrayBuffer) return { body: parseBody(new Uint8Array(data), contentType), replayable: true };
  if (ArrayBuffer.isView(data)) {
    return { body: parseBody(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), contentType), replayable: true };
  }
  if (data instanceof URLSearchParams) return { body: { type: 'form', value: new URLSearchParams(data) }, replayable: true };
  if (isStream(data)) return { body: { type: 'stream' }, replayable: false };
  if (data instanceof FormData || data instanceof Blob) return opaque;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('multipart/form-data')) return opaque;
  if (type.includes('application/x-www-form-urlencoded')) return readFormObject(data);
  return readJson(data);
}

/** The value to put in `config.data` for an authenticated body, and the content type it needs. */
export function writeAxiosBody(body: AuthBody): { readonly data: string | Buffer | undefined; readonly contentType: string | undefined } {
  const { data, contentType } = serializeBody(body);
  if (data === undefined || typeof data === 'string') return { data, contentType };
  // A Buffer of exactly these bytes: axios sends a bare Uint8Array's whole underlying ArrayBuffer.
  return { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), contentType };
}

function isStream(data: object): boolean {
  const candidate = data as { pipe?: unknown; getReader?: unknown };
  return typeof candidate.pipe === 'function' || typeof candidate.getReader === 'function';
}

/** A flat object axios will form-encode; nested objects are axios's own bracket format: left alone. */
function readFormObject(data: object): AxiosBody {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return opaque;
    form.append(name, String(value));
  }
  return { body: { type: 'form', value: form }, replayable: true };
}

/** What axios's JSON.stringify puts on the wire, as a value the authenticator may edit. */
function readJson(data: object): AxiosBody {
  try {
    const text = JSON.stringify(data) as string | undefined;
    if (text === undefined) return opaque;
    return { body: parseBody(text, 'application/json'), replayable: true };
  } catch {
    return opaque; // Circular or a BigInt: axios fails on it by itself.
  }
}
