import { describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/contract';
import { forwardDesktopNotifications } from '../../main/shell/desktop-notifications';
import { liveEngine, manualClock, must } from '../helpers/engine';

/**
 * The shell passes Electron's Notification as `show`; Electron cannot run here, so a
 * recorder stands in for it. The engine, its database and the daily tick are real.
 */
describe('desktop notifications', () => {
  it('shows each new reminder, bill and approval waiting once; not the ones there at start, not shopping ones', () => {
    const clock = manualClock('2026-12-01T06:00:00.000Z');
    const { engine, log } = liveEngine({ clock });
    must(engine.dispatch('bills.create', { payee: 'Water board', amountMinor: 3100, dueDate: '2026-12-02', category: 'Utilities' }, 'execute'));
    must(engine.dispatch('scheduler.dailyTick', {}, 'execute'));
    const before = must(engine.query('notifications.list', { unreadOnly: true })).items;
    expect(before.map((n) => n.kind)).toContain('bill_due');

    const shown: Notification[] = [];
    const stop = forwardDesktopNotifications(engine, (n) => shown.push(n), log);
    must(engine.dispatch('schedule.create', { kind: 'reminder', title: 'Renew the car insurance', dueDate: '2026-12-03', remindDaysBefore: 3 }, 'execute'));
    const rice = must(engine.dispatch('inventory.createItem', { name: 'Rice', minQty: 2, targetQty: 10, unitCostMinor: 249 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: rice.id, kind: 'purchase', qty: 1, unitCostMinor: 249 }, 'execute'));
    clock.advance(86_400_000);
    must(engine.dispatch('scheduler.dailyTick', {}, 'execute'));
    const kinds = shown.map((n) => n.kind);
    expect(kinds).toContain('reminder');
    expect(shown.find((n) => n.kind === 'reminder')?.title).toMatch(/Renew the car insurance/);
    // the bill notification was there before forwarding began; shopping stays in the centre
    const beforeIds = new Set(before.map((n) => n.id));
    expect(shown.filter((n) => beforeIds.has(n.id))).toEqual([]);
    expect(kinds).not.toContain('shopping');
    expect(must(engine.query('notifications.list', {})).items.map((n) => n.kind)).toContain('shopping');
    // once each: another tick the same day adds nothing new to show
    const count = shown.length;
    must(engine.dispatch('scheduler.dailyTick', {}, 'execute'));
    expect(shown).toHaveLength(count);
    stop();
  });

  it('a failing show is logged and does not break the decision that raised it', () => {
    const clock = manualClock('2026-12-01T06:00:00.000Z');
    const { engine, log } = liveEngine({ clock });
    const warnings: string[] = [];
    const recording = { ...log, warn: (message: string) => warnings.push(message) };
    const stop = forwardDesktopNotifications(engine, () => { throw new Error('no notification server'); }, recording);
    must(engine.dispatch('schedule.create', { kind: 'reminder', title: 'Bins out', dueDate: '2026-12-01' }, 'execute'));
    const tick = must(engine.dispatch('scheduler.dailyTick', {}, 'execute'));
    expect(tick.decision.status).toBe('OK');
    expect(warnings).toContain('desktop notification failed');
    stop();
  });
});
