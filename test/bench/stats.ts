/**
 * Statistics the bench and the soak report with.
 */

/**
 * The `p`-th percentile (0–100) of `sorted` (ascending): the element at ⌊p/100 · n⌋,
 * nearest-rank without interpolation, the last element at most; NaN for an empty list.
 */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
