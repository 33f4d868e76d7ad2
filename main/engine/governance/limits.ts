/**
 * Bounds on what a decision or audit event stores from its input, so that bad input —
 * ten thousand unknown keys, a refusal listing every column of a wide file, params nested
 * thousands of levels deep — is refused in bounded memory and leaves a bounded record.
 */
import { canonicalJson } from './canonical';

/**
 * The longest reason or message a decision or audit event stores, in UTF-16 characters
 * (4096, "4 KB"): a refusal that lists twenty bad rows with their values fits many times
 * over, and a longer one is a list nobody reads in the decisions explorer. What is cut is
 * counted ("… N more characters"), so the record still says how much there was.
 */
export const MAX_STORED_TEXT_CHARS = 4096;

/**
 * The deepest nesting of objects and arrays accepted in an action's params, in levels
 * (`{}` is 1, `{ a: [] }` is 2). No action's schema goes deeper than 4; 64 leaves ample room
 * yet keeps every recursive walk over params (validation, redaction, RFC 8785
 * canonicalisation, hashing) far from the stack's limit, which a few thousand levels reach.
 */
export const MAX_PARAMS_DEPTH = 64;

/** How deep the stored preview of params refused for their depth goes, in levels. */
const PREVIEW_DEPTH = 4;

/**
 * `text` when it has at most `max` characters, else its first `max` followed by
 * "… N more characters" (N counts what was cut). Never splits a surrogate pair.
 */
export function capText(text: string, max = MAX_STORED_TEXT_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… ${text.length - end} more characters`;
}

/**
 * The items joined by `separator` (default ", "), at most `max` characters in all (default
 * MAX_STORED_TEXT_CHARS) and at most `maxItems` items: as many as fit whole, then
 * "… and N more" (N counts every item left out). Items are never cut in the middle; the
 * first is cut with {@link capText} when even it alone does not fit.
 */
export function capList(items: readonly string[], options: { max?: number; separator?: string; maxItems?: number } = {}): string {
  const { max = MAX_STORED_TEXT_CHARS, separator = ', ', maxItems = Infinity } = options;
  if (items.length <= maxItems) {
    const all = items.join(separator);
    if (all.length <= max) return all;
  }
  // room for the separator and the longest possible suffix
  const budget = max - separator.length - `… and ${items.length} more`.length;
  let length = 0;
  let taken = 0;
  for (const item of items) {
    const next = length + (taken > 0 ? separator.length : 0) + item.length;
    if (next > budget || taken >= maxItems) break;
    length = next;
    taken += 1;
  }
  if (taken === 0) return `${capText(items[0] ?? '', Math.max(0, budget))}${separator}… and ${items.length - 1} more`;
  return `${items.slice(0, taken).join(separator)}${separator}… and ${items.length - taken} more`;
}

/**
 * Whether a JSON-like value nests objects or arrays more than `max` levels deep (a scalar
 * is level 0). Walks with an explicit stack, so any depth — even a cycle — is answered
 * without recursion, and stops at the first branch past `max`.
 */
export function nestedDeeperThan(value: unknown, max = MAX_PARAMS_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * A copy of `value` with every object or array below `depth` levels replaced by the text
 * "…"; recursion is bounded by `depth`. For the stored preview of params refused for
 * their depth.
 */
export function pruneDepth(value: unknown, depth = PREVIEW_DEPTH): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth <= 0) return '…';
  if (Array.isArray(value)) return value.map((v) => pruneDepth(v, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pruneDepth(v, depth - 1)]));
}

/**
 * JSON text of refused params for their decision: RFC 8785 canonical JSON where it can
 * be, else plain JSON (RFC 8785 refuses NaN and ±Infinity; plain JSON writes them as
 * null), else a note of the value's type. Never throws for a value whose depth was
 * checked (nestedDeeperThan) or pruned (pruneDepth), whatever a transport delivered.
 */
export function recordableJson(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch {
    try {
      return JSON.stringify(value) ?? 'null';
    } catch {
      return JSON.stringify(`params JSON cannot hold (${typeof value})`);
    }
  }
}
