// Per-request lists of a few names or values, kept as arrays: cheaper than Sets at this size.

/** The items of `list`, then those of `more` not already in it (`list` itself when nothing is new). */
export function union<T>(list: readonly T[], more: readonly T[]): readonly T[] {
  if (list.length === 0) return more;
  const added = more.filter((item) => !list.includes(item));
  return added.length === 0 ? list : [...list, ...added];
}
