/**
 * Guessing a CSV column mapping from a file's header and first rows, shared by CSV bank
 * statements and CSV receipts: which column a field is in (by header name), which date
 * layout and which decimal separator the cells use. A guess only fills a preview; the
 * import reads with the mapping the operator confirms.
 */
import { CSV_DATE_FORMATS } from '../../../../../shared/contract';
import { strictDate } from './text';

export type CsvDateFormat = (typeof CSV_DATE_FORMATS)[number];

/** Header names as compared: lower case, accents and a parenthesised unit dropped, punctuation as spaces. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A column finder for one header: `guess(names)` gives the index of the first column whose
 * normalised header (normaliseHeader) equals one of `names`, trying `names` in order (most
 * specific first), or undefined. A column found once is taken: later calls skip it, so two
 * fields never guess the same column.
 */
export function columnGuesser(columns: readonly string[]): (names: readonly string[]) => number | undefined {
  const headers = columns.map(normaliseHeader);
  const taken = new Set<number>();
  return (names) => {
    for (const name of names) {
      const i = headers.findIndex((h, j) => !taken.has(j) && h === name);
      if (i >= 0) {
        taken.add(i);
        return i;
      }
    }
    return undefined;
  };
}

/** The trimmed, non-empty cells of column `index` in `sample` rows; none when the column is undefined. */
export function sampleCells(sample: readonly (readonly string[])[], index: number | undefined): string[] {
  if (index === undefined) return [];
  return sample.map((r) => (r[index] ?? '').trim()).filter(Boolean);
}

/**
 * The decimal separator amount cells use: `,` when any cell ends in a comma and one or two
 * digits ("12,5", "1.234,56") or groups thousands with dots before a comma; else `.`.
 */
export function guessDecimal(cells: readonly string[]): '.' | ',' {
  return cells.some((a) => /\d,\d{1,2}$/.test(a) || /\d\.\d{3},/.test(a)) ? ',' : '.';
}

/**
 * The date layout (of CSV_DATE_FORMATS) that reads the most of `cells` as existing dates
 * (strictDate), so one typo such as 31.02 does not hide the file's layout. The first listed
 * wins a tie (day-first before month-first); `yyyy-MM-dd` when no layout reads any.
 */
export function guessDateFormat(cells: readonly string[]): CsvDateFormat {
  let best: CsvDateFormat = 'yyyy-MM-dd';
  let most = 0;
  for (const format of CSV_DATE_FORMATS) {
    const read = cells.filter((d) => strictDate(d, format) !== null).length;
    if (read > most) [best, most] = [format, read];
  }
  return best;
}
