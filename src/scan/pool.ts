/**
 * Bounded fan-out (nut-scanner's `-T` thread limit): runs `fn` over items
 * with at most `limit` calls in flight; results keep the input order.
 *
 * @module
 */

/** Maps `items` through `fn`, at most `limit` at a time, results in input order. */
export async function mapBounded<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const it = items[Symbol.iterator]();
  const results: R[] = [];
  let index = 0;
  const worker = async () => {
    while (true) {
      const next = it.next();
      if (next.done) return;
      const at = index++;
      results[at] = await fn(next.value);
    }
  };
  const workers = Array.from({ length: Math.max(1, limit) }, worker);
  await Promise.all(workers);
  return results;
}
