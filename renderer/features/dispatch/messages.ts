/**
 * Field problems in words a person uses: zod's default messages ("Invalid input: expected
 * number, received NaN", "Too small: expected string to have >=1 characters"), as the
 * contract's schemas produce them in the renderer's own check and in the engine's refusal
 * (`details.issues`, where only the message survives the trip), become "Enter a number",
 * "This field is required". The one place these are translated; a message the contract
 * words itself ("give a reason of at least 3 characters") is kept as it is.
 */

/** `1000` as `1,000`: bounds in messages are read by people. */
const count = (n: string) => (/^-?\d+$/.test(n) ? Number(n).toLocaleString('en') : n);

/** Whether the field holds money in minor units (`totalMinor`, `items.0.unitCostMinor`): its bounds are not in the units typed. */
const isMoney = (path: string) => /Minor$/.test(path);

/** Whether the field names a thing chosen from a list (`accountId`, `items.0.itemId`). */
const isChoice = (path: string) => /(^|\.)([a-z][A-Za-z]*I|i)ds?$/.test(path);

type Rule = [RegExp, (m: RegExpMatchArray, path: string) => string];

const RULES: Rule[] = [
  // a missing value, of whatever type
  [/^Invalid input: expected \w+, received (undefined|null)$/, (_m, path) => (isChoice(path) ? 'Choose one' : 'This field is required')],
  [/^Invalid input: expected (number|int), received (NaN|string|number)$/, (m) => (m[1] === 'int' ? 'Enter a whole number' : 'Enter a number')],
  [/^Invalid input: expected boolean, received \w+$/, () => 'Choose yes or no'],
  [/^Invalid input: expected (array|object), received \w+$/, () => 'Choose at least one'],
  [/^Invalid input: expected string, received \w+$/, () => 'Enter a text'],
  [/^Too small: expected string to have >=?1 characters?$/, () => 'This field is required'],
  [/^Too small: expected string to have >=(\d+) characters$/, (m) => `Enter at least ${count(m[1] ?? '')} characters`],
  [/^Too big: expected string to have <=(\d+) characters$/, (m) => `Enter at most ${count(m[1] ?? '')} characters`],
  [/^Too small: expected array to have >=?1 items?$/, () => 'Choose at least one'],
  [/^Too small: expected array to have >=(\d+) items$/, (m) => `Choose at least ${count(m[1] ?? '')}`],
  [/^Too big: expected array to have <=(\d+) items$/, (m) => `Choose at most ${count(m[1] ?? '')}`],
  [/^Too small: expected number to be >(-?[\d.]+)$/, (m, path) => (isMoney(path) ? 'Enter an amount above 0' : `Enter a number above ${count(m[1] ?? '')}`)],
  [/^Too small: expected number to be >=(-?[\d.]+)$/, (m, path) => (isMoney(path) ? (m[1] === '0' ? 'Enter an amount of 0 or more' : 'Enter an amount above 0') : `Enter ${count(m[1] ?? '')} or more`)],
  [/^Too big: expected number to be <(-?[\d.]+)$/, (m, path) => (isMoney(path) ? 'The amount is too large' : `Enter a number below ${count(m[1] ?? '')}`)],
  [/^Too big: expected number to be <=(-?[\d.]+)$/, (m, path) => (isMoney(path) ? 'The amount is too large' : `Enter ${count(m[1] ?? '')} or less`)],
  [/^Invalid number: must be a multiple of ([\d.]+)$/, (m) => `Enter a multiple of ${m[1] ?? ''}`],
  [/^Invalid (option: expected one of .*|input: expected ".*")$/, () => 'Choose one of the options'],
  [/^(Invalid UUID|must be an id \(UUID\))$/, (_m, path) => (isChoice(path) ? 'Choose one' : 'Not a valid id')],
  [/^(Invalid ISO date|must be a date YYYY-MM-DD)$/, () => 'Enter a date'],
  [/^Invalid ISO datetime$/, () => 'Enter a date and time'],
  [/^Invalid string: must match pattern .*$/, () => 'Check the format'],
  [/^Invalid (email address|URL)$/, (m) => `Enter a valid ${m[1] === 'URL' ? 'web address' : 'email address'}`],
  [/^required$/, () => 'This field is required'],
];

/**
 * The message to show for a field problem: zod's default wording translated (see RULES),
 * anything else unchanged. `path` is the field's dotted path (`name`, `items.0.qty`); money
 * fields (`…Minor`) and choices (`…Id`) get their own words.
 */
export function plainFieldMessage(path: string, message: string): string {
  for (const [pattern, words] of RULES) {
    const m = message.match(pattern);
    if (m) return words(m, path);
  }
  return message;
}
