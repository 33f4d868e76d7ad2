import type { Db } from '../connection';

/** One numbered schema change. `up` runs inside the migration transaction; it must not commit. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
