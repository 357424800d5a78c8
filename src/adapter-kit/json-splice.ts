// Writes the changes an authenticator made to a parsed JSON body back into the caller's JSON
// text, so that everything it did not change arrives byte for byte: numbers beyond 2^53, key
// order, whitespace, escapes and duplicate keys, all of which a JSON.parse / JSON.stringify
// round trip would alter.
import { createRequire } from 'node:module';
import type * as JsoncParser from 'jsonc-parser';
import type { Edit, Node } from 'jsonc-parser';

// jsonc-parser is loaded (its CommonJS build, synchronously, as `serializeBody` is synchronous) by
// the first body whose JSON an authenticator changed, not at import: most requests never need it.
const load = createRequire(import.meta.url);
let jsonc: typeof JsoncParser | undefined;
function parser(): typeof JsoncParser {
  jsonc ??= load('jsonc-parser') as typeof JsoncParser;
  return jsonc;
}

/**
 * `text` with `value`'s differences from `JSON.parse(text)` spliced in: a changed value replaces
 * the caller's, a new key is appended to its object (new nested objects with it). Other
 * changes (a removed key, an array of another length) rewrite only the smallest object or array
 * that holds them. A key written more than once counts, as in `JSON.parse`, by its last copy.
 *
 * @param text - valid JSON text, as the caller wrote it
 * @param value - the value to send, derived from `JSON.parse(text)`
 * @example
 * ```ts
 * spliceJson('{"id":12345678901234567890}', { id: 12345678901234567000, key: 'k' });
 * // '{"id":12345678901234567890,"key":"k"}'
 * ```
 */
export function spliceJson(text: string, value: unknown): string {
  const before: unknown = JSON.parse(text);
  if (jsonEqual(before, value)) return text;
  const { parseTree, applyEdits } = parser();
  const root = parseTree(text);
  if (root === undefined) return encode(value);
  const edits: Edit[] = [];
  diff(root, before, value, edits);
  return applyEdits(text, edits);
}

/** Adds the edits that turn `node` (whose value is `before`) into `next`. */
function diff(node: Node, before: unknown, next: unknown, edits: Edit[]): void {
  if (jsonEqual(before, next)) return;
  const children = node.children ?? [];
  if (node.type === 'object' && isPlainObject(before) && isPlainObject(next)) {
    if (diffObject(node, before, next, edits)) return;
  } else if (node.type === 'array' && Array.isArray(before) && Array.isArray(next) && next.length === children.length) {
    children.forEach((child, index) => diff(child, before[index], next[index], edits));
    return;
  }
  edits.push({ offset: node.offset, length: node.length, content: encode(next) });
}

/** Edits for an object whose keys were only changed or added; `false` when one was removed. */
function diffObject(node: Node, before: Record<string, unknown>, next: Record<string, unknown>, edits: Edit[]): boolean {
  const members = new Map<string, Node>();
  for (const property of node.children ?? []) {
    const [key, member] = property.children ?? [];
    if (key !== undefined && member !== undefined) members.set(String(key.value), member); // the last copy wins, as in JSON.parse
  }
  const kept = Object.keys(next).filter((key) => !omitted(next[key]));
  const keptSet = new Set(kept);
  for (const key of members.keys()) if (!keptSet.has(key)) return false;
  let added = '';
  for (const key of kept) {
    const member = members.get(key);
    if (member === undefined) added += `${added === '' ? '' : ','}${JSON.stringify(key)}:${encode(next[key])}`;
    else diff(member, before[key], next[key], edits);
  }
  if (added !== '') {
    const last = node.children?.at(-1);
    edits.push(last === undefined ? { offset: node.offset + 1, length: 0, content: added } : { offset: last.offset + last.length, length: 0, content: `,${added}` });
  }
  return true;
}

/** Whether two values serialize to the same JSON, ignoring key order. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const aKeys = Object.keys(a).filter((key) => !omitted(a[key]));
  const bKeys = Object.keys(b).filter((key) => !omitted(b[key]));
  return aKeys.length === bKeys.length && aKeys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** A property JSON.stringify leaves out. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** JSON text of a value; `null` where JSON.stringify gives nothing (as inside an array). */
function encode(value: unknown): string {
  return (JSON.stringify(value) as string | undefined) ?? 'null';
}
