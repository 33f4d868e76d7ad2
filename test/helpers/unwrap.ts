/**
 * Unwrapping an engine envelope outside vitest (benchmarks, the soak, child processes,
 * helpers they share); tests use `must` of test/helpers/engine.ts.
 */

/** An engine envelope, as far as unwrapping needs it. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** The value of an ok envelope; throws `${what}: ${code}: ${message}` for a refusal. */
export function unwrap<T>(result: Envelope<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}
