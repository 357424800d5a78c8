// Lists of a few names or values, made per request. V8 gives an empty array that is pushed to
// room for 17 elements; an array literal gets exactly its length. With one or two entries, the
// usual case, copying into a new literal costs less memory than growing.

/** The empty list, shared (lists made here are never changed in place). */
export const none: readonly never[] = Object.freeze([]);

/** `list` with `item` added at the end, as a new array (of exactly that length when it holds one or two). */
export function withItem<T>(list: readonly T[], item: T): readonly T[] {
  // Literals for the usual lengths: a spread makes its result with room to spare.
  if (list.length === 0) return [item];
  if (list.length === 1) return [list[0] as T, item];
  return [...list, item];
}

const singles = new Map<string, readonly string[]>();

/**
 * `list` with `name` added, like {@link withItem}; a one-name list is shared between calls
 * (header names recur on every request), so the usual case allocates nothing.
 */
export function withName(list: readonly string[], name: string): readonly string[] {
  if (list.length > 0) return withItem(list, name);
  let single = singles.get(name);
  if (single === undefined) {
    single = Object.freeze([name]);
    if (singles.size < 100) singles.set(name, single);
  }
  return single;
}

/** `list` with `item` added at the end unless it is there already (then `list` itself). */
export function withNewItem<T>(list: readonly T[], item: T): readonly T[] {
  return list.includes(item) ? list : withItem(list, item);
}
