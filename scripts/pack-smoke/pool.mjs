/**
 * Maps `items` through `task` with at most `size` tasks running at once; results keep the items' order.
 *
 * @template T, R
 * @param {readonly T[]} items
 * @param {number} size
 * @param {(item: T) => Promise<R>} task
 * @returns {Promise<R[]>}
 */
export async function inPool(items, size, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  return results;
}
