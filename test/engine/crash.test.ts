/**
 * Crash durability (issue 18, item 1), the fast variant: 20 SIGKILLs of a child doing
 * governed spends, stock moves, approvals, imports, exports and backups, each followed by
 * the checks of test/helpers/crash.ts. `npm run soak` runs the same with 200 or more.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleCrashWorker, prepareCrashFolder, runCrashRounds } from '../helpers/crash';
import { tempDir } from '../helpers/engine';

let workerPath = '';
beforeAll(async () => {
  workerPath = await bundleCrashWorker();
}, 60_000);

describe('crash durability', () => {
  it('20 kills at random points lose no committed decision and leave the chain, caps, stock and files consistent', async () => {
    const folder = tempDir();
    prepareCrashFolder(folder);
    const seed = Number(process.env.CRASH_SEED ?? 20261206);
    const report = await runCrashRounds({ folder, workerPath, kills: 20, seed });
    console.info(`crash: ${report.kills} kills (seed ${seed}), ${report.committedDecisions} committed decisions, killed during ${JSON.stringify(report.killedDuring)}, ${report.filesChecked} files verified, ${report.seconds.toFixed(1)} s`);
    expect(report.problems).toEqual([]);
    expect(report.missingDecisions).toBe(0);
    expect(report.committedDecisions).toBeGreaterThan(40);
    // kills landed inside more than one kind of work
    expect(Object.keys(report.killedDuring).length).toBeGreaterThan(1);
  }, 240_000);

  it('the checks find damage: a committed decision removed, a cap counted twice, stock out of step with its journal', async () => {
    const folder = tempDir();
    prepareCrashFolder(folder);
    const first = await runCrashRounds({ folder, workerPath, kills: 1, seed: 7, maxBegins: 3 });
    expect(first.problems).toEqual([]);
    const db = new Database(join(folder, 'crash.sqlite'));
    db.exec("INSERT INTO cap_usage (day, scope, spent_minor, count) VALUES ('2000-01-01', 'GLOBAL', 500, 1)");
    db.exec('UPDATE item_stats SET on_hand = on_hand + 1');
    db.close();
    // a worker that announces a decision that never was, then waits to be killed
    const liar = join(tempDir(), 'liar.cjs');
    writeFileSync(liar, "process.stdout.write('ready\\ncommit 00000000-0000-4000-8000-000000000000\\n'); setInterval(() => {}, 1000);\n");
    const report = await runCrashRounds({ folder, workerPath: liar, kills: 1, seed: 1, maxBegins: 0, maxDelayMs: 200 });
    expect(report.problems.join('\n')).toMatch(/1 decisions announced as committed are missing/);
    expect(report.problems.join('\n')).toMatch(/cap GLOBAL on .*counted/);
    expect(report.problems.join('\n')).toMatch(/on hand .* journal/);
    expect(report.missingDecisions).toBe(1);
  }, 60_000);
});
