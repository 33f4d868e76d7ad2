/**
 * 012 — statements of several accounts: which ledger account each account named in a
 * statement file (OFX ACCTID, MT940 :25:, QIF !Account name, CAMT IBAN) goes to, remembered
 * from the last import so the next file of that bank maps itself; and each ledger account's
 * last CSV column mapping, so a bank's CSV export is read the same way next time.
 */
import type { Migration } from './types';

export const migration012: Migration = {
  version: 12,
  name: 'statement accounts',
  up(db) {
    db.exec(`
      CREATE TABLE statement_account_links (
        source      TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES ledger_accounts (id),
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE account_csv_mappings (
        account_id    TEXT PRIMARY KEY REFERENCES ledger_accounts (id),
        mapping_json  TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;
    `);
  },
};
