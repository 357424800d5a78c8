/**
 * The value at a dotted `path` (`data.token`, `tokens.0.value`) in a parsed response, or
 * `undefined`. Only own properties are read, so `__proto__` or `constructor` never reach the prototype.
 *
 * @example
 * ```ts
 * readPath({ data: { token: 'abc' } }, 'data.token'); // 'abc'
 * ```
 */
export function readPath(value: unknown, path: string): unknown {
  let node: unknown = value;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
