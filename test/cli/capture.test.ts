/**
 * `valhalla capture FILE… [--dry-run]` (issue 17): per file one JSON line with the proposed
 * fields; a file that cannot be read is named with why while the others go on; `--dry-run`
 * opens no database and stores nothing.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../../main/cli/main';
import { hasDataset } from '../helpers/datasets';
import { closeEngine, goLive, openEngine, tempDir } from '../helpers/engine';
import { SROIE_DIR } from '../helpers/capture-accuracy';

const SCAN = join(SROIE_DIR, 'img', '000.jpg');
const present = hasDataset(SCAN);
if (!present) console.warn(`cli capture.test: skipped, no scan at ${SCAN}`);

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, {});
  return { code, stdout, stderr, lines: () => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe.skipIf(!present)('valhalla capture', () => {
  it('--dry-run reads and proposes, opening no database and storing nothing; a bad file is named and exits 2', async () => {
    const dir = tempDir();
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'milk, eggs');
    const db = join(dir, 'never.sqlite');
    const dry = await run(['--db', db, 'capture', SCAN, bad, '--dry-run']);
    expect(dry.code).toBe(EXIT.invalid);
    const [scan, notes] = dry.lines();
    expect(scan).toMatchObject({ file: SCAN, date: '2018-12-25', totalMinor: 900, currency: 'MYR' });
    expect(Object.keys(scan!).sort()).toEqual(['confidence', 'currency', 'date', 'file', 'totalMinor', 'vendor']);
    expect(notes).toMatchObject({ file: bad, error: expect.stringMatching(/not a photo or a PDF/) });
    expect(existsSync(db)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt']);
  });

  it('captures into the database: a receipt awaiting review per file; the same file again is reported as captured before', async () => {
    const db = join(tempDir(), 'cli.sqlite');
    expect((await run(['--db', db, 'init', '--owner', 'Olga', '--currency', 'MYR', '--timezone', 'Asia/Kuala_Lumpur'])).code).toBe(EXIT.ok);
    // not live yet: the capture is refused by the go-live gate, and says so
    const refused = await run(['--db', db, 'capture', SCAN]);
    expect(refused.code).toBe(EXIT.blocked);
    expect(refused.lines()[0]).toMatchObject({ file: SCAN, error: expect.stringMatching(/execution|go-live|live/i) });
    const engine = openEngine({ dbPath: db }).engine;
    goLive(engine);
    closeEngine(engine);
    const done = await run(['--db', db, 'capture', SCAN]);
    expect(done.code).toBe(EXIT.ok);
    const [line] = done.lines();
    expect(line).toMatchObject({ file: SCAN, date: '2018-12-25', totalMinor: 900, currency: 'MYR', receiptId: expect.any(String) });
    const again = await run(['--db', db, 'capture', SCAN]);
    expect(again.lines()[0]).toMatchObject({ file: SCAN, alreadyCaptured: true, receiptId: line!.receiptId });
    const listed = await run(['--db', db, 'query', 'receipts.list', '--params', '{"needsReview":true}']);
    expect(JSON.parse(listed.stdout)).toMatchObject({ items: [{ id: line!.receiptId, status: 'needs_attention', needsReview: true }] });
  });
});
