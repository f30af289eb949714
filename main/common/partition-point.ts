/**
 * Binary search: the first index in [0, n) at which `before(i)` is false,
 * for a `before` that is true, then false, along a sorted array (n when it
 * is never false). With `a[i] < v` it is the number of values below `v`;
 * with `a[i] <= v`, the place after the last value not above `v`.
 */
export function partitionPoint(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
