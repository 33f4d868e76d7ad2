import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOBS } from '../../main/engine/scheduler/scheduler';
import { closeEngine, liveEngine, manualClock, must, openEngine } from '../helpers/engine';
import { goLive } from '../helpers/golive';

const dailyTicks = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT scheduled_for AS at, trigger, status FROM job_runs WHERE job = 'daily-tick' ORDER BY scheduled_for").all() as { at: string; trigger: string; status: string }[];
  } finally {
    db.close();
  }
};

describe('scheduler: the household week', () => {
  it('closed for 3 days then reopened: exactly one daily tick, a catch-up, and it fills the list once', async () => {
    const clock = manualClock('2026-12-01T06:00:00.000Z');
    const { engine, dbPath } = liveEngine({ clock });
    const rice = must(engine.dispatch('inventory.createItem', { name: 'Rice', unit: 'kg', minQty: 2, targetQty: 10, leadTimeDays: 3, unitCostMinor: 249 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: rice.id, kind: 'purchase', qty: 1, unitCostMinor: 249 }, 'execute'));
    // forecast reorders act alone here: the tick proposes, then carries the proposal out as system
    must(engine.dispatch('charter.set', { kind: 'forecast_reorder', mode: 'auto', minConfidence: 0, minTrials: 0, minAcceptanceRate: 0, prodEnabled: true, reason: 'trusted' }, 'execute'));
    await engine.scheduler.tick();
    expect(dailyTicks(dbPath)).toEqual([{ at: '2026-12-01T04:00:00.000Z', trigger: 'catch-up', status: 'ok' }]);
    expect(must(engine.query('shopping.list', {})).count).toBe(1);
    closeEngine(engine);

    // three days later, the app starts again
    clock.advance(3 * 86_400_000);
    const { engine: reopened } = openEngine({ dbPath, clock });
    const runs = await reopened.scheduler.tick();
    expect(runs.filter((r) => r.job === 'daily-tick')).toHaveLength(1);
    expect(await reopened.scheduler.tick()).toEqual([]);
    expect(dailyTicks(dbPath)).toEqual([
      { at: '2026-12-01T04:00:00.000Z', trigger: 'catch-up', status: 'ok' },
      { at: '2026-12-04T04:00:00.000Z', trigger: 'catch-up', status: 'ok' },
    ]);
    // the second tick found rice listed already: nothing new
    const tick = must(reopened.query('decisions.get', { id: runs.find((r) => r.job === 'daily-tick')?.decisionId ?? '' }));
    expect(tick).toMatchObject({ action: 'scheduler.dailyTick', operatorName: 'system', status: 'OK' });
    expect(tick.result).toMatchObject({ recommended: { forecast_reorder: 0 }, auto: [] });
    expect(must(reopened.query('shopping.list', {})).count).toBe(1);
  });

  it('the clock going back (DST, a manual change) runs nothing twice; going forward runs the latest once', async () => {
    const clock = manualClock('2026-12-01T05:30:00.000Z');
    const { engine, dbPath } = liveEngine({ clock });
    await engine.scheduler.tick();
    expect(dailyTicks(dbPath)).toHaveLength(1);
    // set back two hours, before the 04:00 UTC tick that ran
    clock.set('2026-12-01T03:30:00.000Z');
    const back = await engine.scheduler.tick();
    expect(back.filter((r) => r.job === 'daily-tick')).toEqual([]);
    expect(back.filter((r) => r.job === 'hourly-health')).toEqual([]);
    // forward ten days: one tick, for the latest occurrence
    clock.set('2026-12-11T12:00:00.000Z');
    const ahead = await engine.scheduler.tick();
    expect(ahead.filter((r) => r.job === 'daily-tick').map((r) => r.scheduledFor)).toEqual(['2026-12-11T04:00:00.000Z']);
    expect(dailyTicks(dbPath)).toHaveLength(2);
  });

  it('a job that throws is recorded and alerted, and the other jobs still run', async () => {
    const clock = manualClock('2026-12-01T09:30:00.000Z');
    const broken = {
      name: 'broken',
      cron: '0 * * * *',
      action: 'health.check' as const,
      params: {},
      summary: 'a job that throws after its action',
      followUps: () => {
        throw new Error('follow-up exploded');
      },
    };
    const { engine } = openEngine({ clock, jobs: [broken, ...DEFAULT_JOBS] });
    must(engine.dispatch('setup.initialize', { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' }, 'execute'));
    goLive(engine);
    const runs = await engine.scheduler.tick();
    expect(runs[0]).toMatchObject({ job: 'broken', status: 'failed', message: 'follow-up exploded' });
    expect(runs.slice(1).map((r) => r.job)).toEqual(DEFAULT_JOBS.map((j) => j.name));
    const groups = must(engine.query('alerts.groups', {}));
    expect(groups.find((g) => g.kind === 'job_failed')).toMatchObject({ count: 1, route: 'scheduler' });
    expect(must(engine.query('notifications.list', {})).items.map((n) => n.kind)).toContain('job_failed');
    expect(must(engine.query('scheduler.runs', { job: 'broken' }))[0]).toMatchObject({ status: 'failed', trigger: 'catch-up' });
  });

  it('run now runs a job as system, records who asked, and refuses an unknown job', async () => {
    const { engine } = liveEngine({ clock: manualClock('2026-12-01T09:30:00.000Z') });
    const asked = must(await engine.dispatchAsync('scheduler.runNow', { job: 'daily-tick' }, 'execute'));
    expect(asked.decision.operatorName).toBe('Olga Owner');
    expect(asked.result.run).toMatchObject({ job: 'daily-tick', trigger: 'manual', status: 'ok' });
    const jobDecision = must(engine.query('decisions.get', { id: asked.result.run.decisionId ?? '' }));
    expect(jobDecision).toMatchObject({ action: 'scheduler.dailyTick', operatorName: 'system' });
    const unknown = await engine.dispatchAsync('scheduler.runNow', { job: 'no-such-job' }, 'execute');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toMatchObject({ code: 'not_found' });
    expect(must(engine.query('scheduler.runs', {})).filter((r) => r.trigger === 'manual')).toHaveLength(1);
  });

  it('notifies approvals waiting once each; many requested at once (a daily tick over a shop) make one notification', () => {
    const clock = manualClock('2026-12-01T09:30:00.000Z');
    const { engine } = liveEngine({ clock });
    const request = (title: string) => {
      const p = must(engine.dispatch('purchases.create', { title, amountMinor: 90000, category: 'Home' }, 'execute')).result;
      must(engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: p.id }, title }, 'execute'));
    };
    const approvalNotes = () => must(engine.query('notifications.list', { limit: 200 })).items.filter((n) => n.kind === 'approval_waiting');
    request('Sofa');
    must(engine.dispatch('health.check', {}, 'execute'));
    expect(approvalNotes().map((n) => n.title)).toEqual(['Approval waiting: Sofa']);
    clock.advance(3_600_000);
    must(engine.dispatch('health.check', {}, 'execute'));
    expect(approvalNotes()).toHaveLength(1);

    clock.advance(60_000);
    for (const title of ['Fridge', 'Oven', 'Washer', 'Dryer', 'Freezer']) request(title);
    clock.advance(3_600_000);
    must(engine.dispatch('health.check', {}, 'execute'));
    const notes = approvalNotes();
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({ title: '5 approvals waiting', route: 'approvals' });
    expect(notes[0]?.body).toMatch(/^€4,500\.00 in all: Fridge, Oven, Washer and 2 more$/);
  });

  it('groups alerts by kind and acknowledges a whole group at once', () => {
    const { engine } = liveEngine();
    for (const name of ['Rice', 'Beans', 'Lentils']) {
      const item = must(engine.dispatch('inventory.createItem', { name, unit: 'kg', minQty: 2, targetQty: 5 }, 'execute')).result;
      must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 3 }, 'execute'));
      must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 2 }, 'execute'));
    }
    const group = must(engine.query('alerts.groups', {})).find((g) => g.kind === 'low_stock');
    expect(group).toMatchObject({ count: 3, title: '3 items are at or below their minimum', route: 'shopping' });
    expect(group?.sample).toHaveLength(3);
    expect(must(engine.query('opsboard.summary', {})).alertGroups.map((g) => g.kind)).toContain('low_stock');
    expect(must(engine.dispatch('alerts.acknowledgeGroup', { kind: 'low_stock', note: 'on the list' }, 'execute')).result.acknowledged).toBe(3);
    expect(must(engine.query('alerts.groups', {})).find((g) => g.kind === 'low_stock')).toBeUndefined();
    expect(engine.dispatch('alerts.acknowledgeGroup', { kind: 'low_stock' }, 'execute')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
