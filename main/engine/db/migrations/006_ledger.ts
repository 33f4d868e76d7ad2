/**
 * 006 — the ledger: accounts and entries (+ money in, − money out), with the bank's
 * transaction id or a stable hash as the per-account dedupe key; rejected reconciliation
 * suggestions.
 */
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'ledger',
  up(db) {
    db.exec(`
      CREATE TABLE ledger_accounts (
        id                     TEXT PRIMARY KEY,
        name                   TEXT NOT NULL,
        kind                   TEXT NOT NULL CHECK (kind IN ('cash','checking','savings','card','other')),
        currency               TEXT NOT NULL,
        opening_balance_minor  INTEGER NOT NULL DEFAULT 0,
        created_at             TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX ledger_accounts_name ON ledger_accounts (name COLLATE NOCASE);

      CREATE TABLE ledger_entries (
        id                   TEXT PRIMARY KEY,
        account_id           TEXT NOT NULL REFERENCES ledger_accounts (id),
        date                 TEXT NOT NULL,
        amount_minor         INTEGER NOT NULL,
        payee                TEXT,
        category             TEXT,
        memo                 TEXT,
        receipt_id           TEXT REFERENCES receipts (id),
        bank_transaction_id  TEXT,
        dedupe_key           TEXT NOT NULL,
        source               TEXT NOT NULL CHECK (source IN ('manual','import')),
        import_id            TEXT,
        created_at           TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX ledger_entries_dedupe ON ledger_entries (account_id, dedupe_key);
      CREATE UNIQUE INDEX ledger_entries_receipt ON ledger_entries (receipt_id) WHERE receipt_id IS NOT NULL;
      CREATE INDEX ledger_entries_account_date ON ledger_entries (account_id, date);

      -- Suggested receipt ↔ entry matches an operator turned down: not suggested again.
      CREATE TABLE reconciliation_rejections (
        receipt_id  TEXT NOT NULL REFERENCES receipts (id),
        entry_id    TEXT NOT NULL REFERENCES ledger_entries (id),
        at          TEXT NOT NULL,
        by          TEXT NOT NULL,
        PRIMARY KEY (receipt_id, entry_id)
      ) STRICT;
    `);
  },
};
