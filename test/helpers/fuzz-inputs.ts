/**
 * Inputs for the contract fuzzer (test/helpers/fuzz.ts), free of vitest: nasty JSON (and what
 * Electron's structured clone also carries), params shaped by a call's own zod schema, and
 * mutations of those. Random junk alone only ever meets the first check of a schema; shaped
 * params reach the handlers, and their mutations probe every field's rule.
 */
import fc from 'fast-check';
import type { z } from 'zod';

const MIB = 1024 * 1024;

/** Strings and ids seen in the database, so shaped params name things that exist. */
export interface ValuePools {
  strings: readonly string[];
}

/** Keys that pollute prototypes or shadow Object's methods when code copies params naively. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', '__defineGetter__', 'isPrototypeOf'];

/** Dates JavaScript, SQLite or a regex may each read differently, or not at all. */
export const NASTY_DATES = [
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-13',
  '-271821-04-20T00:00:00.000Z',
  '275760-09-14',
  '0000-00-00',
  '0000-01-01',
  '0001-01-01T00:00:00.000Z',
  'Invalid Date',
  '2026-02-29',
  '2024-02-29',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '2026-1-1',
  '20261121',
  '9999-12-31',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '1900-01-01',
  '2026-11-21T24:00:00.000Z',
  '2026-11-21T09:00:00.000+02:00',
  '2026-11-21T09:00:00.000000Z',
  '2026-11-21 09:00:00',
  ' 2026-11-21',
  '2026-11-21\n',
  '２０２６-１１-２１',
];

/** Numbers past every edge: unsafe integers, extremes, NaN, infinities, -0. */
export const NASTY_NUMBERS = [
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 63,
  2 ** 64,
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  Number.EPSILON,
  0.1 + 0.2,
  1 / 3,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

const NASTY_STRINGS = ['', ' ', '\u0000', 'NaN', 'Infinity', '-0', '1e309', '0x1F', ' 12 ', '9007199254740993', '1,5', 'null', 'undefined', 'true', '../../etc/passwd', '%s%n', '\ud800', '\u202e', '💩'.repeat(3), '<script>', "'; DROP TABLE items; --"];

/** Plausible values for strings whose rule is a refinement a random string never meets (currency, time zone, rule, format). */
const PLAUSIBLE_STRINGS = [
  'EUR',
  'USD',
  'GBP',
  'JPY',
  'MYR',
  'Europe/Berlin',
  'UTC',
  'America/New_York',
  'Asia/Kuala_Lumpur',
  'FREQ=MONTHLY',
  'FREQ=WEEKLY;BYDAY=MO',
  'pcs',
  'kg',
  'Groceries',
  'Home',
  'go-live',
  'month-end',
  'purchases.execute',
  'inventory.record',
  'receipts',
  '2026-11-21',
  '2026-11-20',
  '2026-01-01',
  '2026-11-21T09:00:00.000Z',
  '0 3 * * *',
  'yyyy-MM-dd',
  'dd.MM.yyyy',
  '.',
  ',',
  'a reason given',
];

/** An object with an own, enumerable property per entry, even `__proto__` (as JSON.parse makes it). */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** `levels` objects or arrays nested in each other (built without recursion), `leaf` at the bottom. */
export function nestedValue(levels: number, shape: 'object' | 'array' | 'mixed', key = 'deeper', leaf: unknown = 'bottom'): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = shape === 'array' || (shape === 'mixed' && i % 2 === 1) ? [value] : ownObject([[key, value]]);
  return value;
}

/** Strings of 1–2 MiB: one repeated unit (ASCII, accented, astral, NUL, blank, a lone surrogate), some behind a valid-looking start. */
const hugeString = fc
  .record({ unit: fc.constantFrom('x', 'é', '😀', '\u0000', ' ', '\ud800', '9'), mib: fc.integer({ min: 1, max: 2 }), prefix: fc.constantFrom('', 'EUR', 'a reason', '2026-11-21') })
  .map(({ unit, mib, prefix }) => prefix + unit.repeat(Math.ceil((mib * MIB) / unit.length)));

/** Strings just past the usual limits (64, 200, 500, 2000, 4096 characters) up to 70,000. */
const longString = fc.oneof(
  fc.constantFrom(65, 81, 201, 501, 2001, 4097, 4200).map((n) => 'y'.repeat(n)),
  fc.integer({ min: 200, max: 70_000 }).map((n) => 'z'.repeat(n)),
);

const deep = fc
  .record({
    levels: fc.oneof(fc.integer({ min: 60, max: 70 }), fc.integer({ min: 1, max: 5000 })),
    shape: fc.constantFrom<'object' | 'array' | 'mixed'>('object', 'array', 'mixed'),
    key: fc.constantFrom('deeper', '__proto__', 'a'),
  })
  .map(({ levels, shape, key }) => nestedValue(levels, shape, key));

const wideObject = fc.integer({ min: 100, max: 20_000 }).map((n) => ownObject(Array.from({ length: n }, (_, i) => [`k${i}`, i] as const)));
const longArray = fc.record({ n: fc.integer({ min: 1000, max: 100_000 }), fill: fc.constantFrom<unknown>(0, 'x', null, {}) }).map(({ n, fill }) => new Array<unknown>(n).fill(fill));

const protoObject = fc.constantFrom(
  '{"__proto__":{"isAdmin":true,"role":"owner","polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":null}',
  '{"__proto__":[]}',
  '{"__proto__":"x","toString":1,"valueOf":"v","hasOwnProperty":null}',
  '{"toJSON":"not a function"}',
).map((text) => JSON.parse(text) as unknown);

const nullProtoObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }).map((d) => Object.assign(Object.create(null) as object, d));

/** `[1, <hole>, 3]`: structured clone keeps the hole, JSON would not. */
function sparseArray(): unknown[] {
  const array: unknown[] = [1];
  array[2] = 3;
  return array;
}

/** What Electron's structured clone carries besides JSON: Dates (valid or not), undefined, sparse arrays, Maps, Sets, typed arrays, boxed values. */
const structuredCloneExtras = fc.oneof(
  fc.constantFrom<unknown>(new Date(Number.NaN), new Date(8.64e15), new Date(-8.64e15), new Date(0), undefined, sparseArray(), new Map([['a', 1]]), new Set([1]), new Uint8Array([1, 2, 3])),
  fc.anything({ maxDepth: 2, withDate: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withObjectString: true }),
);

/** A scalar of any type, nasty ones often: NaN, ±Infinity, -0, unsafe integers, odd dates and strings. */
export const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...NASTY_NUMBERS),
  fc.double(),
  fc.integer(),
  fc.constantFrom<unknown>(...NASTY_DATES),
  fc.constantFrom<unknown>(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.constantFrom<unknown>(null, undefined),
);

/** A key, often one that matters to prototypes or to parsers. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('', ' ', 'a.b', '0', '-1', 'length', 'id', 'pin'), fc.string({ maxLength: 12 }));

/**
 * Any value, nasty ones often: scalars above, huge strings (1–2 MiB), long strings, nesting
 * up to 5,000 levels, objects of up to 20,000 keys, arrays of up to 100,000 elements, own
 * `__proto__` / `constructor` keys, null-prototype objects, structured-clone extras, random JSON.
 */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nastyScalar },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: longString },
  { weight: 2, arbitrary: deep },
  { weight: 1, arbitrary: wideObject },
  { weight: 1, arbitrary: longArray },
  { weight: 2, arbitrary: protoObject },
  { weight: 1, arbitrary: nullProtoObject },
  { weight: 2, arbitrary: structuredCloneExtras },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(nastyKey, nastyScalar, { maxKeys: 4 }).map((d) => ownObject(Object.entries(d))) },
);

/** Whole params of junk: any nasty value, or an object of nasty keys and values. */
export const junkParams: fc.Arbitrary<unknown> = fc.oneof(
  nastyValue,
  fc.array(fc.tuple(nastyKey, nastyValue), { maxLength: 4 }).map((entries) => ownObject(entries)),
);

interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Def[] => ((def.checks as unknown[] | undefined) ?? []).map(defOf);
const isOptionalIn = (schema: unknown): boolean => (schema as { _zod: { optin?: string } })._zod.optin === 'optional';

/** The length bounds and pattern a string (or array) schema's checks set. */
function lengthAndPattern(def: Def): { min: number; max: number; pattern: RegExp | null } {
  let min = 0;
  let max = Infinity;
  let pattern = (def.pattern as RegExp | undefined) ?? null;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length') min = Math.max(min, c.minimum as number);
    else if (c.check === 'max_length') max = Math.min(max, c.maximum as number);
    else if (c.check === 'length_equals') min = max = c.length as number;
    else if (c.check === 'string_format' && c.pattern) pattern ??= c.pattern as RegExp;
  }
  return { min, max, pattern };
}

/** The bounds a number schema's checks set (the `safeint` format bounds it too). */
function numberBounds(def: Def): { min: number; max: number; int: boolean } {
  const int = typeof def.format === 'string' && /int/.test(def.format);
  let min = int ? Number.MIN_SAFE_INTEGER : -Number.MAX_VALUE;
  let max = int ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE;
  for (const c of [def, ...checksOf(def)]) {
    if (c.check === 'greater_than') min = Math.max(min, (c.value as number) + (c.inclusive ? 0 : int ? 1 : Number.EPSILON));
    else if (c.check === 'less_than') max = Math.min(max, (c.value as number) - (c.inclusive ? 0 : int ? 1 : Number.EPSILON));
  }
  return { min, max, int };
}

/** fast-check's arbitrary per pattern, built once: building one costs more than many draws from it. */
const matchingArbitraries = new Map<string, fc.Arbitrary<string>>();

function matchingArbitrary(pattern: RegExp): fc.Arbitrary<string> {
  const key = pattern.toString();
  let arbitrary = matchingArbitraries.get(key);
  if (!arbitrary) matchingArbitraries.set(key, (arbitrary = fc.stringMatching(pattern)));
  return arbitrary;
}

const randomStrings = new Map<string, fc.Arbitrary<string>>();

/** fc.string of these lengths, built once (building one prepares its shrinking slices). */
function randomString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const key = `${minLength}:${maxLength}`;
  let arbitrary = randomStrings.get(key);
  if (!arbitrary) randomStrings.set(key, (arbitrary = fc.string({ minLength, maxLength })));
  return arbitrary;
}

function stringArbitrary(def: Def, pools: ValuePools): fc.Arbitrary<unknown> {
  const { min, max, pattern } = lengthAndPattern(def);
  if (pattern) {
    const known = pools.strings.filter((s) => pattern.test(s));
    const matching = matchingArbitrary(pattern);
    return known.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: matching }) : matching;
  }
  const fits = (s: string) => s.trim().length >= min && s.length <= max;
  const known = [...new Set([...PLAUSIBLE_STRINGS, ...pools.strings])].filter(fits);
  const random = randomString(min, Math.min(max, min + 24));
  return known.length > 0 ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: random }) : random;
}

function numberArbitrary(def: Def): fc.Arbitrary<unknown> {
  const { min, max, int } = numberBounds(def);
  if (min > max) return fc.constant(min);
  // mostly small values, where the handlers' arithmetic lives, and the bounds themselves
  const small = { min: Math.max(min, -1000), max: Math.min(max, 100_000) };
  const edges = fc.constantFrom(min, max);
  if (int) {
    const body = small.min <= small.max ? fc.integer({ min: Math.ceil(small.min), max: Math.floor(small.max) }) : fc.integer({ min: Math.ceil(min), max: Math.floor(min) + 10 });
    return fc.oneof({ weight: 4, arbitrary: body }, { weight: 1, arbitrary: edges }, { weight: 1, arbitrary: fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }) });
  }
  const body = small.min <= small.max ? fc.double({ min: small.min, max: small.max, noNaN: true, noDefaultInfinity: true }) : fc.constant(min);
  const whole = small.min <= small.max ? fc.integer({ min: Math.ceil(small.min), max: Math.floor(small.max) }) : fc.constant(min);
  return fc.oneof({ weight: 3, arbitrary: whole }, { weight: 2, arbitrary: body }, { weight: 1, arbitrary: edges });
}

/**
 * Params shaped by a zod (v4) schema: objects with their required keys and some optional
 * ones, strings within their lengths or matching their pattern (values from `pools` first,
 * so ids name rows that exist), numbers within their bounds (mostly small), enums, unions,
 * arrays of a few elements. Refinements are not solved: many results are valid, not all —
 * the near-valid ones probe the handlers' own checks. Recursive (lazy) schemas stop at
 * `depth` levels.
 */
export function schemaArbitrary(schema: z.ZodType, pools: ValuePools, depth = 6): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: unknown) => schemaArbitrary(s as z.ZodType, pools, depth - 1);
  if (depth <= 0) return fc.constant(undefined);
  switch (def.type) {
    case 'string':
      return stringArbitrary(def, pools);
    case 'number':
      return numberArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
    case 'never':
      return fc.constant(undefined);
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'date':
      return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01') });
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const keys = Object.keys(shape);
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, inner(shape[k])])), { requiredKeys: keys.filter((k) => !isOptionalIn(shape[k])) });
      return record.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
    }
    case 'array': {
      const { min, max } = lengthAndPattern(def);
      return fc.array(inner(def.element), { minLength: min, maxLength: Math.min(max, min + 4) });
    }
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map(inner));
    case 'record':
      return fc.dictionary(inner(def.keyType) as fc.Arbitrary<string>, inner(def.valueType), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case 'intersection':
      return inner(def.left);
    case 'optional':
      return fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    default:
      // unknown, any, transform, custom, …: any small JSON
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Mutation = { kind: 'drop' | 'retype' | 'nasty' | 'add' | 'wrap'; at: number; key: string; value: unknown };

/** A value of another type than `value`, close to it where that tempts a lenient parser ("12" for 12). */
function retyped(value: unknown): unknown {
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : [value];
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (value === null || value === undefined) return {};
  if (Array.isArray(value)) return Object.assign({}, value);
  try {
    return JSON.stringify(value);
  } catch {
    // too deep for JSON (a nasty value put in by an earlier change)
    return typeof value;
  }
}

/** Every node of `root` down to 8 levels, as a place to change: its parent and key (the root has none). */
function places(root: unknown): { parent: Record<string, unknown> | unknown[] | null; key: string | number }[] {
  const found: { parent: Record<string, unknown> | unknown[] | null; key: string | number }[] = [{ parent: null, key: '' }];
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object' || level >= 8) continue;
    for (const [k, v] of Object.entries(node)) {
      found.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(k) : k });
      stack.push([v, level + 1]);
    }
  }
  return found;
}

function applyMutations(value: unknown, mutations: readonly Mutation[]): unknown {
  const holder = { root: structuredClone(value) };
  // places are taken once, from the copy of the shaped value: a nasty value put in is never changed afterwards
  const targets = places(holder.root).map((p) => (p.parent === null ? { parent: holder as Record<string, unknown>, key: 'root' as string | number } : p));
  for (const m of mutations) {
    const { parent, key } = targets[m.at % targets.length] as { parent: Record<string, unknown> | unknown[]; key: string | number };
    const current = (parent as Record<string | number, unknown>)[key];
    const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
    if (m.kind === 'drop') {
      if (parent === (holder as unknown)) set(undefined);
      else if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key as string];
    } else if (m.kind === 'retype') set(retyped(current));
    else if (m.kind === 'nasty') set(m.value);
    else if (m.kind === 'wrap') set(m.at % 2 === 0 ? [current] : { value: current });
    else if (current !== null && typeof current === 'object' && !Array.isArray(current)) Object.defineProperty(current, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    else if (Array.isArray(current)) current.push(m.value);
    else set(ownObject([[m.key, m.value]]));
  }
  return holder.root;
}

/**
 * `base`'s values changed one to three times at random places: a key dropped, a value of
 * another type, a nasty value put in, a key added (`__proto__` and friends as own keys), a
 * value wrapped in an array or object. Shrinks toward fewer, simpler changes.
 */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom<Mutation['kind']>('drop', 'retype', 'nasty', 'add', 'wrap'),
    at: fc.nat(),
    key: nastyKey,
    value: nastyValue,
  });
  return fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => applyMutations(value, mutations));
}
