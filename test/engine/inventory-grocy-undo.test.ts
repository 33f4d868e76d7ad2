/**
 * Issue 15, part 7 on the engine: the undo a notice runs for a receipt edit is a
 * `receipts.update` putting the previous values back, its reason ("undone from the toast")
 * recorded with the decision; a reason alone changes nothing and is refused.
 */
import { describe, expect, it } from 'vitest';
import { liveEngine, must } from '../helpers/engine';

describe('undoing a receipt edit from the notice', () => {
  it('restores the previous fields and records the reason with the decision', () => {
    const { engine } = liveEngine();
    const receipt = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-20', totalMinor: 1250, currency: 'EUR', category: 'Food' }, 'execute')).result;
    must(engine.dispatch('receipts.update', { id: receipt.id, vendor: 'Corner Shop Ltd', totalMinor: 1300, category: null }, 'execute'));
    const undone = must(engine.dispatch('receipts.update', { id: receipt.id, vendor: 'Corner Shop', totalMinor: 1250, category: 'Food', reason: 'undone from the toast' }, 'execute'));
    expect(undone.result).toMatchObject({ vendor: 'Corner Shop', totalMinor: 1250, category: 'Food' });
    expect(must(engine.query('decisions.get', { id: undone.decision.id })).params).toMatchObject({ reason: 'undone from the toast' });
    const alone = engine.dispatch('receipts.update', { id: receipt.id, reason: 'undone from the toast' }, 'execute');
    expect(alone.ok).toBe(false);
    if (!alone.ok) expect(alone.error.message).toMatch(/nothing to change/);
    const short = engine.dispatch('receipts.update', { id: receipt.id, vendor: 'X', reason: 'no' }, 'execute');
    expect(short.ok ? null : short.error.details?.issues?.[0]?.path).toEqual(['reason']);
  });
});
