/**
 * The static migration registry: one module per version, in order. A test proves the
 * versions are 1..N without gaps, so the registry cannot drift from the files.
 */
import { migration001 } from './001_initial';
import { migration002 } from './002_inventory';
import { migration003 } from './003_spending';
import { migration004 } from './004_scheduler';
import { migration005 } from './005_receipts';
import { migration006 } from './006_ledger';
import { migration007 } from './007_playbooks_sessions';
import { migration008 } from './008_receipt_links';
import { migration009 } from './009_audit_entity_index';
import { migration010 } from './010_reports_backups';
import { migration011 } from './011_household';
import { migration012 } from './012_statement_accounts';
import { migration013 } from './013_receipt_refunds';
import { migration014 } from './014_stock_lots';
import { migration015 } from './015_automations';
import { migration016 } from './016_receipt_captures';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016];

export const LATEST_VERSION = MIGRATIONS.length;

export type { Migration };
