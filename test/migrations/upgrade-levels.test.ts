/**
 * Upgrades from every earlier schema level (issue 18, item 6): a database left at each
 * migration level 1 … N−1 — with a receipt in it once receipts exist — opens in the current
 * engine, is migrated to the latest level in one step (a backup of the old file beside it),
 * passes `integrity_check` and the foreign-key check, keeps its receipt, and works: onboarding,
 * the Go-live playbook, a governed action and an intact audit chain.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyPragmas } from '../../main/engine/db/connection';
import { migrate } from '../../main/engine/db/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../main/engine/db/migrations';
import { closeEngine, goLive, must, openEngine, tempDir } from '../helpers/engine';

/** The level that created the receipts table. */
const RECEIPTS_LEVEL = 5;

describe('upgrading from every earlier level', () => {
  for (let level = 1; level < LATEST_VERSION; level += 1) {
    it(`opens a database at level ${level} and migrates it to ${LATEST_VERSION}`, () => {
      const dir = tempDir();
      const path = join(dir, `level-${level}.sqlite`);
      const old = new Database(path);
      applyPragmas(old);
      migrate(old, path, '2026-12-05T09:00:00.000Z', MIGRATIONS.slice(0, level));
      expect(old.pragma('user_version', { simple: true })).toBe(level);
      if (level >= RECEIPTS_LEVEL) {
        old
          .prepare("INSERT INTO receipts (rowid_key, id, status, vendor, total_minor, currency, source, created_at, updated_at) VALUES (1, '018f0000-0000-7000-8000-000000000001', 'complete', 'Bakery', 450, 'EUR', 'manual', '2026-12-01T09:00:00.000Z', '2026-12-01T09:00:00.000Z')")
          .run();
      }
      old.close();

      const { engine } = openEngine({ dbPath: path });
      const check = new Database(path, { readonly: true });
      try {
        expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(check.pragma('foreign_key_check')).toEqual([]);
      } finally {
        check.close();
      }
      expect(readdirSync(join(dir, 'backups')).some((f) => f.startsWith(`pre-migrate-v${level}-to-v${LATEST_VERSION}`))).toBe(true);
      must(engine.dispatch('setup.initialize', { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' }, 'execute'));
      goLive(engine);
      if (level >= RECEIPTS_LEVEL) {
        expect(must(engine.query('receipts.get', { id: '018f0000-0000-7000-8000-000000000001' }))).toMatchObject({ vendor: 'Bakery', totalMinor: 450, status: 'complete', needsReview: false, capture: null });
      }
      must(engine.dispatch('governance.setBand', { band: 'C', reason: 'after the upgrade' }, 'execute'));
      expect(must(engine.query('audit.verify', {}))).toMatchObject({ ok: true });
      closeEngine(engine);
      expect(existsSync(path)).toBe(true);
    });
  }
});
