import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cronProblem, createScheduler, DEFAULT_JOBS, latestOccurrence } from '../../main/engine/scheduler/scheduler';
import { closeEngine, liveEngine, manualClock, must } from '../helpers/engine';

describe('scheduler', () => {
  it('finds the latest occurrence of a cron expression in the household time zone', () => {
    expect(latestOccurrence('0 * * * *', new Date('2026-11-21T10:53:00.000Z'), 'UTC')).toBe('2026-11-21T10:00:00.000Z');
    expect(latestOccurrence('0 * * * *', new Date('2026-11-21T10:00:00.000Z'), 'UTC')).toBe('2026-11-21T10:00:00.000Z');
    // 06:00 in Berlin is 05:00 UTC in winter
    expect(latestOccurrence('0 6 * * *', new Date('2026-11-21T10:53:00.000Z'), 'Europe/Berlin')).toBe('2026-11-21T05:00:00.000Z');
    expect(() => latestOccurrence('not cron', new Date(), 'UTC')).toThrow();
    // the default jobs' expressions are checked here, not on every engine open
    expect(DEFAULT_JOBS.map((j) => [j.name, cronProblem(j.cron)])).toEqual(DEFAULT_JOBS.map((j) => [j.name, null]));
    expect(cronProblem('61 * * * *')).toMatch(/61/);
  });

  it('runs each occurrence once, as system through the dispatcher, and catches a missed one up once', async () => {
    const clock = manualClock('2026-11-21T09:30:00.000Z');
    const { engine, dbPath } = liveEngine({ clock });
    const bob = must(engine.dispatch('operators.create', { name: 'Bob', role: 'buyer' }, 'execute')).result;
    const p = must(engine.dispatch('purchases.create', { title: 'Sofa', amountMinor: 90000, category: 'Home', notes: 'n' }, 'execute', { operatorId: bob.id })).result;
    must(engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: p.id }, title: 'Sofa' }, 'execute', { operatorId: bob.id }));

    const first = await engine.scheduler.tick();
    expect(first.map((r) => [r.job, r.scheduledFor, r.status])).toEqual([
      // 05:00 in Berlin is 04:00 UTC: run late (the app opened at 10:30), a catch-up
      ['daily-tick', '2026-11-21T04:00:00.000Z', 'ok'],
      ['hourly-health', '2026-11-21T09:15:00.000Z', 'ok'],
      ['expire-approvals', '2026-11-21T09:00:00.000Z', 'ok'],
      // no backup folder is set yet: refused with that reason, recorded (03:30 in Berlin)
      ['daily-backup', '2026-11-21T02:30:00.000Z', 'refused'],
      ['daily-audit-verify', '2026-11-21T03:00:00.000Z', 'ok'],
      // Monday 06:00 in Berlin; no tripwire is enabled yet
      ['weekly-tripwires', '2026-11-16T05:00:00.000Z', 'ok'],
    ]);
    expect(first.find((r) => r.job === 'daily-backup')?.message).toMatch(/no backup folder is set/);
    expect(first.map((r) => r.trigger)).toEqual(['catch-up', 'catch-up', 'catch-up', 'catch-up', 'catch-up', 'catch-up']);
    expect(first.find((r) => r.job === 'weekly-tripwires')?.message).toBe('no tripwire is enabled');
    expect(await engine.scheduler.tick()).toEqual([]);

    // the app was closed for eight days: one catch-up run, which expires the approval
    clock.advance(8 * 86_400_000);
    const caughtUp = (await engine.scheduler.tick()).filter((r) => r.job === 'expire-approvals');
    expect(caughtUp).toHaveLength(1);
    const decision = must(engine.query('decisions.get', { id: caughtUp[0]?.decisionId ?? '' }));
    expect(decision).toMatchObject({ action: 'approvals.expire', operatorName: 'system', status: 'OK' });
    expect((decision.result as { expired: string[] }).expired).toHaveLength(1);
    expect(must(engine.query('approvals.list', { status: 'expired' }))).toHaveLength(1);
    closeEngine(engine);

    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM job_runs WHERE job = 'expire-approvals'").get()).toEqual({ n: 2 });
    db.close();
  });

  it('a refused run is recorded with the dispatcher’s reason, and not retried for that occurrence', async () => {
    const clock = manualClock('2026-11-21T09:30:00.000Z');
    const { engine, dbPath, log } = liveEngine({ clock });
    const db = new Database(dbPath);
    try {
      const scheduler = createScheduler({
        db,
        clock,
        log,
        timeZone: () => 'UTC',
        dispatch: async (action, params) => engine.dispatch(action, params, 'execute', { actor: 'system' }),
        jobs: [{ name: 'bad-job', cron: '*/15 * * * *', action: 'governance.setBand', params: { band: 'Z', reason: 'no' }, summary: 'a job with bad params' }],
      });
      const [run] = await scheduler.tick();
      expect(run).toMatchObject({ job: 'bad-job', scheduledFor: '2026-11-21T09:30:00.000Z', status: 'refused' });
      expect(run?.message).toMatch(/invalid params/);
      expect(must(engine.query('decisions.get', { id: run?.decisionId ?? '' })).status).toBe('INVALID');
      expect(await scheduler.tick()).toEqual([]);
      expect(log.lines.some((l) => l.message === 'scheduled job did not complete')).toBe(true);
    } finally {
      db.close();
    }
  });
});
