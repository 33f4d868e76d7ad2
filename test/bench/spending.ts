/**
 * Spending benchmark (issue 4): a governed spend that needs an approval and counts
 * against both cap scopes (`purchases.execute` on an approved request, GLOBAL and category
 * caps) against a governed non-spend action (`governance.setBand`), same engine, same run.
 * Target ≤ 1.3×.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../../main/engine/engine';
import { goLive } from '../helpers/golive';
import type { BenchSuite } from './suites';

const quiet = { info() {}, warn() {}, error() {} };

export const spendingSuite: BenchSuite = {
  name: 'spending',
  async run(dir) {
    const n = 400;
    process.stderr.write(`governed spend with approval and two cap scopes vs governed non-spend, ${n} each …\n`);
    const engine = createEngine({ dbPath: join(dir, 'spending.sqlite'), log: quiet });
    const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    must(engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'EUR', timeZone: 'UTC' }, 'execute'));
    goLive(engine);
    const buyer = { operatorId: must(engine.dispatch('operators.create', { name: 'Buyer', role: 'buyer' }, 'execute')).result.id };
    const approver = { operatorId: must(engine.dispatch('operators.create', { name: 'Approver', role: 'approver' }, 'execute')).result.id };
    const big = 1_000_000_000;
    must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: big, dailyCountCap: 1_000_000, dailyLossCapMinor: null, reason: 'bench' }, 'execute'));
    must(engine.dispatch('caps.setPolicy', { scope: 'Home', dailySpendCapMinor: big, dailyCountCap: 1_000_000, dailyLossCapMinor: null, reason: 'bench' }, 'execute'));
    const ids: string[] = [];
    for (let i = 0; i < n + 20; i++) {
      const p = must(engine.dispatch('purchases.create', { title: `p${i}`, amountMinor: 25_000, category: 'Home', notes: 'n' }, 'execute', buyer)).result;
      must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', buyer));
      const a = must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', buyer)).result;
      must(engine.dispatch('approvals.decide', { approvalId: a.approvalId ?? '', decision: 'approve' }, 'execute', approver));
      ids.push(p.id);
    }
    const time = (fn: (i: number) => void, offset: number) => {
      const start = performance.now();
      for (let i = 0; i < n; i++) fn(i + offset);
      return (performance.now() - start) / n;
    };
    // warm-up of both paths
    for (let i = 0; i < 20; i++) {
      must(engine.dispatch('purchases.execute', { id: ids[i] as string }, 'execute', buyer));
      must(engine.dispatch('governance.setBand', { band: i % 2 ? 'A' : 'C', reason: `warm ${i}` }, 'execute'));
    }
    const spendMs = time((i) => must(engine.dispatch('purchases.execute', { id: ids[i] as string }, 'execute', buyer)), 20);
    const plainMs = time((i) => must(engine.dispatch('governance.setBand', { band: i % 2 ? 'A' : 'C', reason: `bench ${i}` }, 'execute')), 0);
    engine.close();
    return {
      governedSpend: {
        n,
        spendWithApprovalAndCapsMs: Number(spendMs.toFixed(4)),
        nonSpendMs: Number(plainMs.toFixed(4)),
        ratio: Number((spendMs / plainMs).toFixed(2)),
        target: '≤ 1.3×',
      },
    };
  },
};
