/**
 * The real data sets beside the project (`../shared/datasets/`), read-only.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATASETS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'datasets');
export const ONLINE_RETAIL = join(DATASETS, 'online-retail', 'online_retail.csv.gz');

/** Whether a data set file is present (a clone without `../shared` has none). */
export function hasDataset(path: string): boolean {
  return existsSync(path);
}
