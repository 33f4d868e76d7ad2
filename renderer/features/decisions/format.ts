/** Text for decision values in tables. */

/**
 * One value of a diff row as text: `—` for null/undefined, strings bare, gate lists as
 * `gate: verdict` lines, anything else as compact JSON.
 */
export function diffValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((g) => typeof g === 'object' && g !== null && 'gate' in g && 'verdict' in g)) {
    return value.map((g: { gate: unknown; verdict: unknown }) => `${String(g.gate)}: ${String(g.verdict)}`).join('\n') || '—';
  }
  return JSON.stringify(value);
}
