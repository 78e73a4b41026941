// Binary search over ascending offsets, for the structures that keep sorted starts (editedText.ts,
// shiftMap.ts).

/** The index of the last element of `sorted` (ascending) that is <= `value`, or -1 when none is. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid - 1;
  }
  return high;
}
