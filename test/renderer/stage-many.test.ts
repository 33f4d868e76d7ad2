import { describe, expect, it } from 'vitest';
import type { Result, StagedFile } from '../../shared/contract';
import { STAGE_CONCURRENCY, STAGE_PROGRESS_MS, stageMany } from '../../renderer/api/stage-many';

const files = (n: number) => Array.from({ length: n }, (_, i) => new File([`body ${i}`], `${String(i).padStart(3, '0')}.json`));
const sha = (name: string) => name.replace(/\D/g, '').padStart(64, '0');

/** A stager answering after a tick, that counts how many uploads are in flight at once. */
function stager(fail?: (name: string) => Result<StagedFile> | 'throw' | undefined) {
  let inFlight = 0;
  const seen = { most: 0, started: [] as string[], startedWhenFailed: -1 };
  const stage = async (file: File): Promise<Result<StagedFile>> => {
    seen.started.push(file.name);
    inFlight += 1;
    seen.most = Math.max(seen.most, inFlight);
    // answers out of order: later files sometimes first
    await new Promise((resolve) => setTimeout(resolve, (file.name.charCodeAt(2) % 3) * 2));
    inFlight -= 1;
    const failed = fail?.(file.name);
    if (failed !== undefined && seen.startedWhenFailed < 0) seen.startedWhenFailed = seen.started.length;
    if (failed === 'throw') throw new Error(`socket closed while sending ${file.name}`);
    return failed ?? { ok: true, value: { sha256: sha(file.name), size: file.size, name: file.name } };
  };
  return { stage, seen };
}

describe('stageMany: many picked files staged a few at a time', () => {
  it('stages every file, keeps their order whatever order the answers come in, and never has more than the limit in flight', async () => {
    const { stage, seen } = stager();
    const picked = files(23);
    const result = await stageMany(stage, picked);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.staged.map((s) => s.name)).toEqual(picked.map((f) => f.name));
    expect(result.staged.map((s) => s.sha256)).toEqual(picked.map((f) => sha(f.name)));
    expect(seen.most).toBe(STAGE_CONCURRENCY);
    const one = stager();
    await stageMany(one.stage, picked, { concurrency: 1 });
    expect(one.seen.most).toBe(1);
  });

  it('stops at the first failure: returns that file and its error, and starts no further upload', async () => {
    const { stage, seen } = stager((name) => (name === '005.json' ? { ok: false, error: { code: 'invalid', message: 'file is larger than the limit of 25 MB' } } : undefined));
    const result = await stageMany(stage, files(40));
    expect(result).toMatchObject({ ok: false, file: { name: '005.json' }, error: { code: 'invalid', message: 'file is larger than the limit of 25 MB' } });
    // the ones already in flight when 005 failed were sent; none after them
    expect(seen.startedWhenFailed).toBeGreaterThan(0);
    expect(seen.started).toHaveLength(seen.startedWhenFailed);
    expect(seen.started).not.toContain('039.json');
  });

  it('turns a stager that throws into an internal failure of that file instead of rejecting', async () => {
    const { stage } = stager((name) => (name === '002.json' ? 'throw' : undefined));
    const result = await stageMany(stage, files(6));
    expect(result).toMatchObject({ ok: false, file: { name: '002.json' }, error: { code: 'internal', message: 'socket closed while sending 002.json' } });
  });

  it('reports progress at most every STAGE_PROGRESS_MS, and the final count once at the end', async () => {
    const { stage } = stager();
    const reports: number[] = [];
    let clock = 0;
    // each upload "takes" 30 ms on this clock: a report every fourth file at most
    const result = await stageMany(stage, files(20), { onProgress: (n) => reports.push(n), now: () => (clock += 30) / 2 });
    expect(result.ok).toBe(true);
    expect(reports.at(-1)).toBe(20);
    expect(reports.length).toBeLessThan(20);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    expect(STAGE_PROGRESS_MS).toBeGreaterThan(0);
  });

  it('stages nothing for no files', async () => {
    const { stage, seen } = stager();
    expect(await stageMany(stage, [])).toEqual({ ok: true, staged: [] });
    expect(seen.started).toEqual([]);
  });
});
