/**
 * Reading a CSV's header line in the console, to offer its columns for the items import's
 * mapping before anything is sent. Only the header: the engine parses the file itself.
 */
import type { Delimiter, ItemsMapping } from './importSlice';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** The mappable fields of `inventory.importItems`, in the order the form shows them. */
export const ITEM_FIELDS = [
  { key: 'name', label: 'Name', required: true },
  { key: 'sku', label: 'SKU', required: false },
  { key: 'unit', label: 'Unit', required: false },
  { key: 'category', label: 'Category', required: false },
  { key: 'minQty', label: 'Minimum', required: false },
  { key: 'targetQty', label: 'Target', required: false },
  { key: 'leadTimeDays', label: 'Lead time (days)', required: false },
  { key: 'unitCost', label: 'Unit cost', required: false },
] as const satisfies readonly { key: keyof ItemsMapping; label: string; required: boolean }[];

export type ItemField = (typeof ITEM_FIELDS)[number]['key'];

/** Header names that usually mean a field (compared lower-cased, letters and digits only). */
const SYNONYMS: Record<ItemField, readonly string[]> = {
  name: ['name', 'itemname', 'item', 'productname', 'product', 'description', 'title'],
  sku: ['sku', 'stockcode', 'code', 'itemcode', 'productcode', 'article', 'ref', 'reference'],
  unit: ['unit', 'units', 'uom', 'unitofmeasure'],
  category: ['category', 'group', 'department', 'type'],
  minQty: ['minqty', 'min', 'minimum', 'minimumqty', 'reorderlevel'],
  targetQty: ['targetqty', 'target', 'max', 'maximum', 'par', 'parlevel'],
  leadTimeDays: ['leadtimedays', 'leadtime', 'lead', 'leaddays'],
  unitCost: ['unitcost', 'cost', 'unitprice', 'price'],
};

const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The first line of `text` (without its line break, and without a byte-order mark). */
export function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '');
}

/** The likeliest delimiter of a header line: the candidate found most often outside quotes (`,` on a tie or none). */
export function detectDelimiter(line: string): Delimiter {
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = splitHeader(line, d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** A header line's column names, split at `delimiter` outside double quotes, quotes removed, trimmed. */
export function splitHeader(line: string, delimiter: Delimiter): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = !quoted;
    } else if (c === delimiter && !quoted) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

/** A first guess of the mapping from the column names: each field to the first column whose name is one of its synonyms. */
export function guessMapping(columns: readonly string[]): Partial<Record<ItemField, string>> {
  const guess: Partial<Record<ItemField, string>> = {};
  const used = new Set<string>();
  for (const { key } of ITEM_FIELDS) {
    for (const synonym of SYNONYMS[key]) {
      const column = columns.find((c) => !used.has(c) && normal(c) === synonym);
      if (column !== undefined) {
        guess[key] = column;
        used.add(column);
        break;
      }
    }
  }
  return guess;
}

/** Reads the header of a CSV file (its first 64 KiB at most): the delimiter and the column names. */
export async function readCsvHeader(file: Blob): Promise<{ delimiter: Delimiter; columns: string[] }> {
  const line = firstLine(await file.slice(0, 64 * 1024).text());
  const delimiter = detectDelimiter(line);
  return { delimiter, columns: splitHeader(line, delimiter).filter((c) => c !== '') };
}
