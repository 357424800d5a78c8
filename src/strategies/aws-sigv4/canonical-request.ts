// The canonical request of AWS Signature Version 4: method, URI, query, headers, signed header
// names and payload hash, each in the one form AWS and the signer agree on.
import { awsUriEncode, percentDecode } from './uri-encode.js';

/** What a canonical request is built from: the request as it goes on the wire. */
export interface CanonicalInput {
  /** Upper-case method. */
  readonly method: string;
  /** The path as sent (percent-encoded, or raw in AWS's test suite). */
  readonly path: string;
  /** The query as sent, without `?`. */
  readonly query: string;
  /** Lower-case names and their values (repeated headers joined with `,`), the ones to sign only. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  readonly payloadHash: string;
  /**
   * `true` for every service but S3: the path is normalised (`.`, `..` and empty segments
   * removed) and each segment encoded again. S3 signs the path as sent.
   */
  readonly encodePath: boolean;
}

/** The canonical request text and the `SignedHeaders` list. */
export interface CanonicalRequest {
  readonly text: string;
  readonly signedHeaders: string;
}

/** Builds the canonical request. */
export function canonicalRequest(input: CanonicalInput): CanonicalRequest {
  const headers = [...input.headers].sort(([a], [b]) => compare(a, b));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const lines = headers.map(([name, value]) => `${name}:${canonicalHeaderValue(value)}`).join('\n');
  const text = `${input.method}\n${canonicalPath(input.path, input.encodePath)}\n${canonicalQuery(input.query)}\n${lines}\n\n${signedHeaders}\n${input.payloadHash}`;
  return { text, signedHeaders };
}

/**
 * The canonical URI. Other services than S3: the path without `.`, `..` and empty segments,
 * each segment URI-encoded (the path as sent is encoded once already: this is the "double"
 * encoding). S3: the path as sent.
 */
export function canonicalPath(path: string, encode: boolean): string {
  if (!encode) return path === '' ? '/' : path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(awsUriEncode(segment));
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

/**
 * The canonical query: each name and value decoded (`+` is a space, as a server's form decoder
 * reads it), URI-encoded, sorted by name and then value; `X-Amz-Signature` left out.
 */
export function canonicalQuery(query: string): string {
  const pairs: Array<readonly [string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = awsUriEncode(percentDecode(equals < 0 ? part : part.slice(0, equals), true));
    if (name === 'X-Amz-Signature') continue;
    pairs.push([name, equals < 0 ? '' : awsUriEncode(percentDecode(part.slice(equals + 1), true))]);
  }
  pairs.sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** Code-unit order, which for the ASCII of encoded text is AWS's byte order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a value has a line break, a tab, two spaces in a row, or a space at either end. */
const needsFolding = /[\r\n\t]| {2}|^ | $/;

/** A header value trimmed, with runs of spaces and tabs (and folded line breaks) made one space. */
export function canonicalHeaderValue(value: string): string {
  if (!needsFolding.test(value)) return value;
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}
