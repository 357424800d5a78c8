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
  // Signers hand their headers over sorted already: a copy is sorted only when they are not.
  const headers = isSorted(input.headers) ? input.headers : [...input.headers].sort(([a], [b]) => compare(a, b));
  let signedHeaders = '';
  let lines = '';
  for (const [name, value] of headers) {
    signedHeaders = signedHeaders === '' ? name : `${signedHeaders};${name}`;
    lines += `${name}:${canonicalHeaderValue(value)}\n`;
  }
  const text = `${input.method}\n${canonicalPath(input.path, input.encodePath)}\n${canonicalQuery(input.query)}\n${lines === '' ? '\n' : lines}\n${signedHeaders}\n${input.payloadHash}`;
  return { text, signedHeaders };
}

function isSorted(headers: ReadonlyArray<readonly [string, string]>): boolean {
  for (let index = 1; index < headers.length; index++) if (compare(headers[index - 1]![0], headers[index]![0]) > 0) return false;
  return true;
}

/** A path of unreserved segments with no `.`, `..` or empty one: its canonical form is itself. */
const canonicalAlready = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-_.~]+)*\/?$/;

/** A query of `name=value` pairs of unreserved characters: decoding and encoding leave it as it is. */
const safeQuery = /^[A-Za-z0-9\-_.~]+=[A-Za-z0-9\-_.~]*(?:&[A-Za-z0-9\-_.~]+=[A-Za-z0-9\-_.~]*)*$/;

/**
 * The canonical URI. Other services than S3: the path without `.`, `..` and empty segments,
 * each segment URI-encoded (the path as sent is encoded once already: this is the "double"
 * encoding). S3: the path as sent.
 */
export function canonicalPath(path: string, encode: boolean): string {
  if (!encode || canonicalAlready.test(path)) return path === '' ? '/' : path;
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
  if (query === '') return '';
  if (safeQuery.test(query) && isCanonicalAlready(query)) return query;
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

/** Whether the pairs of a safe query are sorted (by name, then value) with no `X-Amz-Signature`. */
function isCanonicalAlready(query: string): boolean {
  if (!query.includes('&')) return !query.startsWith('X-Amz-Signature=');
  let previous = '';
  for (const pair of query.split('&')) {
    if (pair.startsWith('X-Amz-Signature=')) return false;
    if (previous !== '' && comparePairs(previous, pair) > 0) return false;
    previous = pair;
  }
  return true;
}

function comparePairs(a: string, b: string): number {
  const equalsA = a.indexOf('=');
  const equalsB = b.indexOf('=');
  return compare(a.slice(0, equalsA), b.slice(0, equalsB)) || compare(a.slice(equalsA + 1), b.slice(equalsB + 1));
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
