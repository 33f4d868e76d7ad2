import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeEngine, liveEngine, must } from '../helpers/engine';

const ROOT = join(__dirname, '../..');

function approvedPurchase(engine: ReturnType<typeof liveEngine>['engine'], amountMinor: number, buyer: string, approver: string) {
  const p = must(engine.dispatch('purchases.create', { title: `p${amountMinor}`, amountMinor, category: 'Home', notes: 'n' }, 'execute', { operatorId: buyer })).result;
  must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', { operatorId: buyer }));
  const a = must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', { operatorId: buyer })).result;
  if (a.approvalId) must(engine.dispatch('approvals.decide', { approvalId: a.approvalId, decision: 'approve' }, 'execute', { operatorId: approver }));
  else must(engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', { operatorId: approver }));
  return p.id;
}

function crew(engine: ReturnType<typeof liveEngine>['engine']) {
  const buyer = must(engine.dispatch('operators.create', { name: 'Bob', role: 'buyer' }, 'execute')).result.id;
  const approver = must(engine.dispatch('operators.create', { name: 'Ann', role: 'approver' }, 'execute')).result.id;
  return { buyer, approver };
}

describe('spend caps under concurrency', () => {
  it('two processes racing for the last of a cap: one passes, the other is blocked, never both', async () => {
    const { engine, dbPath } = liveEngine();
    const { buyer, approver } = crew(engine);
    must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 15000, dailyCountCap: null, dailyLossCapMinor: null, reason: 'race' }, 'execute'));
    const first = approvedPurchase(engine, 10000, buyer, approver);
    const second = approvedPurchase(engine, 10000, buyer, approver);
    closeEngine(engine);

    const children = [first, second].map((id) => spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/execute-purchase.ts'), dbPath, id, buyer], { cwd: ROOT }));
    const outputs = children.map(
      (child) =>
        new Promise<string[]>((resolve) => {
          let out = '';
          child.stdout.on('data', (d) => (out += String(d)));
          child.on('exit', () => resolve(out.trim().split('\n')));
        }),
    );
    await Promise.all(children.map((child) => new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))));
    for (const child of children) child.stdin.write('go\n');
    const statuses = (await Promise.all(outputs)).map((lines) => lines.at(-1)).sort();
    expect(statuses).toEqual(['BLOCKED', 'OK']);
    const db = new Database(dbPath, { readonly: true });
    const usage = db.prepare("SELECT spent_minor, reserved_minor FROM cap_usage WHERE scope = 'GLOBAL'").get() as { spent_minor: number; reserved_minor: number };
    db.close();
    expect(usage).toEqual({ spent_minor: 10000, reserved_minor: 0 });
  }, 60_000);
});

describe('spending properties (fast-check)', () => {
  it('for any sequence of requests, decisions, overrides and spends: settled spends never exceed a cap plus recorded overrides, and no approval is used twice', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('purchase' as const), amount: fc.integer({ min: 1, max: 40_000 }) }),
      fc.record({ kind: fc.constant('execute' as const), index: fc.nat(20) }),
      fc.record({ kind: fc.constant('executeAgain' as const), index: fc.nat(20) }),
      fc.record({ kind: fc.constant('override' as const), extra: fc.integer({ min: 1, max: 20_000 }) }),
      fc.record({ kind: fc.constant('deny' as const), index: fc.nat(20) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const { engine, dbPath } = liveEngine();
        const { buyer, approver } = crew(engine);
        must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 50_000, dailyCountCap: 6, dailyLossCapMinor: null, reason: 'property' }, 'execute'));
        const purchases: { id: string; approvalId: string | null }[] = [];
        for (const o of ops) {
          if (o.kind === 'purchase') {
            const p = must(engine.dispatch('purchases.create', { title: 'x', amountMinor: o.amount, category: 'Home', notes: 'n' }, 'execute', { operatorId: buyer })).result;
            engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', { operatorId: buyer });
            const a = engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', { operatorId: buyer });
            const approvalId = a.ok ? a.value.result.approvalId : null;
            if (approvalId) engine.dispatch('approvals.decide', { approvalId, decision: 'approve' }, 'execute', { operatorId: approver });
            else engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', { operatorId: approver });
            purchases.push({ id: p.id, approvalId });
          } else if (o.kind === 'override') {
            engine.dispatch('caps.override', { scope: 'GLOBAL', extraMinor: o.extra, reason: 'property override' }, 'execute');
          } else if (purchases.length > 0) {
            const target = purchases[o.index % purchases.length];
            if (!target) continue;
            if (o.kind === 'deny' && target.approvalId) engine.dispatch('approvals.decide', { approvalId: target.approvalId, decision: 'deny' }, 'execute', { operatorId: approver });
            else engine.dispatch('purchases.execute', { id: target.id }, 'execute', { operatorId: buyer });
          }
        }
        closeEngine(engine);
        const db = new Database(dbPath, { readonly: true });
        try {
          const usage = db.prepare("SELECT spent_minor, count, reserved_minor, override_minor FROM cap_usage WHERE scope = 'GLOBAL'").all() as {
            spent_minor: number;
            count: number;
            reserved_minor: number;
            override_minor: number;
          }[];
          for (const u of usage) {
            expect(u.spent_minor).toBeLessThanOrEqual(50_000 + u.override_minor);
            expect(u.count).toBeLessThanOrEqual(6);
            expect(u.reserved_minor).toBe(0);
          }
          const executed = db.prepare("SELECT coalesce(sum(amount_minor), 0) AS total, count(*) AS n FROM purchases WHERE status = 'EXECUTED'").get() as { total: number; n: number };
          expect(usage.reduce((a, u) => a + u.spent_minor, 0)).toBe(executed.total);
          const reuse = db.prepare('SELECT used_by_decision_id, count(*) AS n FROM approvals WHERE used_by_decision_id IS NOT NULL GROUP BY used_by_decision_id HAVING n > 1').all();
          expect(reuse).toEqual([]);
          const usedTwice = db.prepare("SELECT count(*) AS n FROM decisions WHERE action = 'purchases.execute' AND status = 'OK' GROUP BY params_sha256 HAVING count(*) > 1").all();
          expect(usedTwice).toEqual([]);
        } finally {
          db.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
