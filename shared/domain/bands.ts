/**
 * Cone bands of DOMAIN.md ("Governance state"): the operating posture, from A (expand)
 * to D (freeze).
 */
export const BANDS = ['A', 'B', 'C', 'D'] as const;

export type Band = (typeof BANDS)[number];

export const BAND_NAMES: Record<Band, string> = {
  A: 'expand',
  B: 'steady',
  C: 'conserve',
  D: 'freeze',
};

/**
 * Whether the current band allows an action whose minimum band is `minimum`.
 * A is the most permissive posture, D the least: an action with minimum band `C` runs in
 * A, B and C, and is refused in D.
 */
export function bandAllows(current: Band, minimum: Band): boolean {
  return BANDS.indexOf(current) <= BANDS.indexOf(minimum);
}
