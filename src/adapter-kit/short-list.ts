// Lists of a few names or values, made per request. V8 gives an empty array that is pushed to
// room for 17 elements; an array literal gets exactly its length. With one or two entries, the
// usual case, copying into a new literal costs less memory than growing.

/** The empty list, shared (lists made here are never changed in place). */
export const none: readonly never[] = Object.freeze([]);

/** `list` with `item` added at the end, as a new array of exactly that length. */
export function withItem<T>(list: readonly T[], item: T): readonly T[] {
  return list.length === 0 ? [item] : [...list, item];
}

/** `list` with `item` added at the end unless it is there already (then `list` itself). */
export function withNewItem<T>(list: readonly T[], item: T): readonly T[] {
  return list.includes(item) ? list : withItem(list, item);
}
