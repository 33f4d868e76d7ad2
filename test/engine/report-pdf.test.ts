import { execFileSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import { openRaw } from '../../main/engine/db/connection';
import { zonedDayStart } from '../../main/engine/governance/time';
import { renderReportPdf, toWinAnsi, type ReportMeta } from '../../main/engine/reports/pdf';
import { collectReportSummary, type DecisionStatus, type ReportRange, type ReportSummary } from '../../main/engine/reports/summary';
import type { Engine } from '../../main/engine/types';
import { goLive, manualClock, must, openEngine, tempDir } from '../helpers/engine';

const ROOT = join(__dirname, '../..');
const TIME_ZONE = 'Europe/Berlin';

/** The range of household days `from`…`to` in Berlin, as the report's caller resolves it. */
function rangeOf(from: string, to: string, sessionId: string | null = null): ReportRange {
  return { from, to, fromInstant: zonedDayStart(from, TIME_ZONE), toInstant: zonedDayStart(to, TIME_ZONE, 1), sessionId, timeZone: TIME_ZONE, currency: 'EUR' };
}

/** Every executed decision the test's dispatches wrote, by status, action and session. */
interface Tally {
  byStatus: Record<DecisionStatus, number>;
  byAction: Map<string, number>;
  bySession: Map<string | null, number>;
}

/**
 * An engine whose dispatches are tallied from the decision each one returns (ok or refused),
 * so the report's counts are checked against what the dispatcher said, not against SQL.
 */
function tallied(engine: Engine, tally: Tally): Engine {
  const dispatch: Engine['dispatch'] = (name, params, mode, ctx) => {
    const result = engine.dispatch(name, params, mode, ctx);
    const decision = (result.ok ? result.value.decision : result.error.details?.decision) as { status: DecisionStatus; action: string; sessionId: string | null } | undefined;
    if (!decision) throw new Error(`${name} left no decision`);
    tally.byStatus[decision.status]++;
    tally.byAction.set(decision.action, (tally.byAction.get(decision.action) ?? 0) + 1);
    tally.bySession.set(decision.sessionId, (tally.bySession.get(decision.sessionId) ?? 0) + 1);
    return result;
  };
  return { ...engine, dispatch };
}

function refused(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

/**
 * November 2026 in a household (Berlin, EUR): setup and go-live on the 2nd, caps tightened,
 * three purchases and a ledger payment, a band change, a big-ticket approval decided with a
 * note, a cap override, the kill switch engaged and released, a work session with a denied
 * request and an invalid one, a weekly review half done; then activity on 2 December that
 * the November report must leave out.
 */
function month() {
  const clock = manualClock('2026-11-02T07:00:00.000Z');
  const { engine: raw, dbPath } = openEngine({ clock });
  const tally: Tally = { byStatus: { OK: 0, BLOCKED: 0, PENDING_APPROVAL: 0, INVALID: 0, ERROR: 0 }, byAction: new Map(), bySession: new Map() };
  const engine = tallied(raw, tally);
  const at = (iso: string) => clock.set(iso);

  must(engine.dispatch('setup.initialize', { ownerName: 'Olga Owner', currency: 'EUR', timeZone: TIME_ZONE }, 'execute'));
  const goLiveRun = goLive(engine);
  const ann = { operatorId: must(engine.dispatch('operators.create', { name: 'Ann', role: 'approver' }, 'execute')).result.id };
  const bob = { operatorId: must(engine.dispatch('operators.create', { name: 'Bob', role: 'buyer' }, 'execute')).result.id };
  must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 30000, dailyCountCap: null, dailyLossCapMinor: null, reason: 'household budget' }, 'execute'));
  must(engine.dispatch('caps.setPolicy', { scope: 'Kitchen', dailySpendCapMinor: 30000, dailyCountCap: null, dailyLossCapMinor: null, reason: 'kitchen budget' }, 'execute'));

  const assess = (title: string, amountMinor: number, category: string) => {
    const p = must(engine.dispatch('purchases.create', { title, amountMinor, category, notes: 'quote attached' }, 'execute', bob)).result;
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', bob));
    return must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', bob)).result;
  };
  const buy = (title: string, amountMinor: number, category: string) => {
    const p = assess(title, amountMinor, category);
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', ann));
    return must(engine.dispatch('purchases.execute', { id: p.id }, 'execute', bob));
  };

  at('2026-11-03T10:00:00.000Z');
  buy('Weekly groceries', 12000, 'Groceries');

  at('2026-11-05T09:00:00.000Z');
  must(engine.dispatch('governance.setBand', { band: 'C', reason: 'Cash buffer under 60 days' }, 'execute'));

  at('2026-11-09T08:00:00.000Z');
  const fridge = assess('Replacement fridge', 26000, 'Kitchen');
  expect(refused(engine.dispatch('purchases.execute', { id: fridge.id }, 'execute', bob)).code).toBe('pending_approval');
  expect(refused(engine.dispatch('approvals.decide', { approvalId: fridge.approvalId ?? '', decision: 'approve' }, 'execute', bob)).code).toBe('forbidden');
  must(engine.dispatch('approvals.decide', { approvalId: fridge.approvalId ?? '', decision: 'approve', note: 'Old one broke; two quotes compared' }, 'execute', ann));
  must(engine.dispatch('purchases.execute', { id: fridge.id }, 'execute', bob));

  at('2026-11-09T12:00:00.000Z');
  must(engine.dispatch('caps.override', { scope: 'GLOBAL', extraMinor: 10000, reason: 'Farmers market day' }, 'execute'));
  buy('Market vegetables', 4500, 'Groceries');

  at('2026-11-12T18:00:00.000Z');
  must(engine.dispatch('governance.engageKillSwitch', { reason: 'Card skimming suspected' }, 'execute'));
  at('2026-11-13T08:00:00.000Z');
  must(engine.dispatch('governance.releaseKillSwitch', { reason: 'Card replaced by the bank' }, 'execute'));

  at('2026-11-14T09:00:00.000Z');
  const session = must(engine.dispatch('sessions.start', { notes: 'Saturday stock check' }, 'execute')).result;
  const headphones = assess('Headphones', 8000, 'Electronics');
  must(engine.dispatch('approvals.decide', { approvalId: headphones.approvalId ?? '', decision: 'deny', note: 'Not this month' }, 'execute', ann));
  expect(refused(engine.dispatch('purchases.create', { title: 'Nothing', amountMinor: 0, category: 'Kitchen' }, 'execute', bob)).code).toBe('invalid');
  at('2026-11-14T10:30:00.000Z');
  must(engine.dispatch('sessions.end', { notes: 'Stock counted; headphones denied' }, 'execute'));

  at('2026-11-20T08:00:00.000Z');
  const review = must(engine.dispatch('playbooks.start', { key: 'weekly-review' }, 'execute')).result;
  must(engine.dispatch('playbooks.completeStep', { runId: review.id, stepKey: 'go-live-state', evidence: { note: 'on, band C' } }, 'execute'));
  must(engine.dispatch('playbooks.skipStep', { runId: review.id, stepKey: 'cap-denials', reason: 'No denials this week' }, 'execute'));

  at('2026-11-25T10:00:00.000Z');
  const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute')).result;
  must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-25', amountMinor: -4500, payee: 'City water', category: 'Utilities' }, 'execute'));

  const novemberHead = must(raw.query('governance.state', {})).chainHead;
  const november = { byStatus: { ...tally.byStatus }, byAction: new Map(tally.byAction), bySession: new Map(tally.bySession) };

  at('2026-12-02T09:00:00.000Z');
  buy('December groceries', 1500, 'Groceries');
  must(engine.dispatch('governance.setBand', { band: 'B', reason: 'Buffer recovered' }, 'execute'));

  return { engine: raw, dbPath, sessionId: session.id, goLiveRun, november, novemberHead, chainHead: must(raw.query('governance.state', {})).chainHead };
}

/** Reads the summary on a read-only connection of its own, as an export does. */
function summaryOf(dbPath: string, range: ReportRange): ReportSummary {
  const db = openRaw(dbPath, { readonly: true });
  try {
    return collectReportSummary(db, range);
  } finally {
    db.close();
  }
}

const META: Omit<ReportMeta, 'chainHead'> = {
  generatedAt: '2026-12-02T10:00:00.000Z',
  generatedBy: 'Olga Owner',
  appVersion: '0.1.0',
  keyFingerprint: '3f2a 9c1e 77b0 4d2c a1e9 0b5f 6c3d 8e21 f4a7 19c0 5b2e d8f3 0a6c 47e1 9d2b 6f08',
  publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
  householdName: 'The Olsens',
};

/** Renders to `path` by piping the returned document, as the bundle writer does. */
async function renderTo(path: string, summary: ReportSummary, meta: ReportMeta): Promise<Buffer> {
  const doc = renderReportPdf(summary, meta);
  await finished(doc.pipe(createWriteStream(path)));
  return readFileSync(path);
}

/** The PDF's pages as text, read back with pdf.js. */
async function pagesText(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages;
}

describe('the audit report summary', () => {
  it('counts a month of activity: decisions by status, spend in minor units, approvals, cap events, governance changes, sessions, runs', () => {
    const { dbPath, november, novemberHead, sessionId, goLiveRun } = month();
    const summary = summaryOf(dbPath, rangeOf('2026-11-01', '2026-11-30'));

    expect(summary.decisions.byStatus).toEqual(november.byStatus);
    expect(summary.decisions.byStatus).toMatchObject({ BLOCKED: 1, PENDING_APPROVAL: 1, INVALID: 1 });
    expect(summary.decisions.total).toBe(Object.values(november.byStatus).reduce((a, b) => a + b, 0));
    const expectedTop = [...november.byAction].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, 10);
    expect(summary.decisions.topActions.map((a) => [a.action, a.count])).toEqual(expectedTop);

    expect(summary.spend.totalMinor).toBe(12000 + 26000 + 4500 + 4500);
    expect(summary.spend.count).toBe(4);
    expect(summary.spend.byCategory.map((c) => [c.category, c.spentMinor, c.count])).toEqual([
      ['Kitchen', 26000, 1],
      ['Groceries', 16500, 2],
      ['Utilities', 4500, 1],
    ]);
    expect(summary.spend.byCategory[0]).toMatchObject({ dailyCapMinor: 30000, peakDay: '2026-11-09', peakDayMinor: 26000 });
    expect(summary.spend.byCategory[2]?.dailyCapMinor).toBeNull();
    // the GLOBAL cap was 1,000.00 until the policy change of 2 November; 9 November had an override
    expect(summary.spend.globalCap).toEqual([
      { day: '2026-11-01', capMinor: 100000 },
      { day: '2026-11-02', capMinor: 30000 },
    ]);
    expect(summary.spend.byDay).toEqual([
      { day: '2026-11-03', spentMinor: 12000, count: 1, lossMinor: 0, overrideMinor: 0, capMinor: 30000 },
      { day: '2026-11-09', spentMinor: 30500, count: 2, lossMinor: 0, overrideMinor: 10000, capMinor: 40000 },
      { day: '2026-11-25', spentMinor: 4500, count: 1, lossMinor: 0, overrideMinor: 0, capMinor: 30000 },
    ]);

    expect(summary.approvals.total).toBe(2);
    expect(summary.approvals.byStatus).toEqual({ used: 1, denied: 1 });
    expect(summary.approvals.rows.map((a) => [a.title, a.amountMinor, a.category, a.status, a.requestedBy, a.decidedBy, a.decisionNote])).toEqual([
      ['Replacement fridge', 26000, 'Kitchen', 'used', 'Bob', 'Ann', 'Old one broke; two quotes compared'],
      ['Headphones', 8000, 'Electronics', 'denied', 'Bob', 'Ann', 'Not this month'],
    ]);
    expect(summary.approvals.rows[0]?.decidedAt).toBe('2026-11-09T08:00:00.000Z');

    expect(summary.capWarnings.rows.map((w) => [w.level, w.scope, w.day])).toEqual([
      [80, 'GLOBAL', '2026-11-09'],
      [80, 'Kitchen', '2026-11-09'],
    ]);
    expect(summary.capOverrides.rows).toEqual([{ at: '2026-11-09T12:00:00.000Z', by: 'Olga Owner', scope: 'GLOBAL', day: '2026-11-09', extraMinor: 10000, reason: 'Farmers market day' }]);

    expect(summary.bandChanges.rows).toEqual([{ at: '2026-11-05T09:00:00.000Z', by: 'Olga Owner', from: 'B', to: 'C', reason: 'Cash buffer under 60 days' }]);
    expect(summary.killSwitch.rows).toEqual([
      { at: '2026-11-12T18:00:00.000Z', by: 'Olga Owner', event: 'engaged', reason: 'Card skimming suspected' },
      { at: '2026-11-13T08:00:00.000Z', by: 'Olga Owner', event: 'released', reason: 'Card replaced by the bank' },
    ]);
    expect(summary.goLiveChanges.rows).toMatchObject([{ enabled: true, action: 'playbooks.completeStep', by: 'Olga Owner' }]);

    expect(summary.sessions.rows).toMatchObject([
      { id: sessionId, status: 'ended', startedBy: 'Olga Owner', startNotes: 'Saturday stock check', endNotes: 'Stock counted; headphones denied', decisions: november.bySession.get(sessionId) },
    ]);
    expect(summary.playbookRuns.rows.map((r) => [r.key, r.status, r.steps, r.done, r.skipped])).toEqual([
      ['go-live', 'completed', 9, goLiveRun.steps.filter((s) => s.status === 'done').length, goLiveRun.steps.filter((s) => s.status === 'skipped').length],
      ['weekly-review', 'active', 7, 1, 1],
    ]);

    expect(summary.audit).toEqual({ events: novemberHead?.seq, firstSeq: 1, lastSeq: novemberHead?.seq });
  });

  it('narrows to one work session: its decisions, approvals, spend and events only', () => {
    const { dbPath, november, sessionId } = month();
    const summary = summaryOf(dbPath, rangeOf('2026-11-01', '2026-11-30', sessionId));
    expect(summary.decisions.total).toBe(november.bySession.get(sessionId));
    expect(summary.decisions.byStatus.INVALID).toBe(1);
    expect(summary.approvals.rows.map((a) => a.title)).toEqual(['Headphones']);
    expect(summary.spend).toMatchObject({ totalMinor: 0, byCategory: [], byDay: [] });
    expect(summary.bandChanges.total + summary.killSwitch.total + summary.capWarnings.total + summary.capOverrides.total).toBe(0);
    expect(summary.sessions.rows.map((s) => s.id)).toEqual([sessionId]);
    expect(summary.audit.firstSeq).not.toBeNull();
  });
});

describe('the audit report PDF', () => {
  it('renders the month: title, chain head, sections, a footer on every page; page 1 as a PNG for the docs', async () => {
    const { dbPath, chainHead } = month();
    const summary = summaryOf(dbPath, rangeOf('2026-11-01', '2026-11-30'));
    const path = join(tempDir(), 'report.pdf');
    const bytes = await renderTo(path, summary, { ...META, chainHead });
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const pages = await pagesText(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const all = pages.join('\n');
    expect(pages[0]).toContain('Audit report 2026-11-01 – 2026-11-30');
    expect(all).toContain(chainHead?.hash);
    // pdf.js returns the Courier groups as separate runs: compare without the spacing
    expect(all.replace(/\s+/g, '')).toContain(META.keyFingerprint.replace(/\s+/g, ''));
    for (const text of ['Decisions by status', 'Approvals', 'Spend by category', 'Spend by day against the cap', 'Cap warnings and overrides', 'Band changes', 'Kill-switch events', 'Sessions', 'Playbook runs']) {
      expect(all).toContain(text);
    }
    expect(all).toContain('Old one broke; two quotes compared');
    expect(all).toContain('€470.00');
    expect(all).toContain('Farmers market day');
    pages.forEach((text, i) => {
      expect(text).toContain(`page ${i + 1} of ${pages.length}`);
      expect(text).toContain(chainHead?.hash.slice(0, 12));
    });

    if (existsSync('/usr/bin/pdftoppm')) {
      const out = join(tempDir(), 'page');
      execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', path, out]);
      mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(`${out}.png`, join(ROOT, 'docs', 'screenshots', 'report-page1.png'));
    }
  });

  it('renders an empty range: zero counts, every section says so', async () => {
    const { dbPath } = month();
    // the month before the household was set up (a later range would still overlap the open weekly review)
    const summary = summaryOf(dbPath, rangeOf('2026-10-01', '2026-10-31'));
    expect(summary.decisions.total).toBe(0);
    expect(Object.values(summary.decisions.byStatus)).toEqual([0, 0, 0, 0, 0]);
    expect(summary.approvals.total).toBe(0);
    expect(summary.spend).toMatchObject({ totalMinor: 0, count: 0, byCategory: [], byDay: [] });
    expect(summary.sessions.total + summary.playbookRuns.total + summary.capWarnings.total + summary.bandChanges.total).toBe(0);
    expect(summary.audit).toEqual({ events: 0, firstSeq: null, lastSeq: null });

    const bytes = await renderTo(join(tempDir(), 'empty.pdf'), summary, { ...META, chainHead: null });
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const all = (await pagesText(bytes)).join('\n');
    expect(all).toContain('empty chain');
    expect(all.match(/None in this range\./g)?.length).toBeGreaterThanOrEqual(9);
  });

  it('prints CJK and emoji as "?" instead of failing (Helvetica has WinAnsi only)', async () => {
    expect(toWinAnsi('寿司 🍣 café – “ok”\u200b')).toBe('?? ? café – “ok”');
    const clock = manualClock('2026-11-02T07:00:00.000Z');
    const { engine, dbPath } = openEngine({ clock });
    must(engine.dispatch('setup.initialize', { ownerName: '山田 花子 🌸', currency: 'EUR', timeZone: TIME_ZONE }, 'execute'));
    goLive(engine);
    const bob = { operatorId: must(engine.dispatch('operators.create', { name: 'Bob', role: 'buyer' }, 'execute')).result.id };
    const p = must(engine.dispatch('purchases.create', { title: '寿司セット 🍣', amountMinor: 26000, category: '食品', vendor: '東京マート 🏪', notes: 'お祝い 🎉' }, 'execute', bob)).result;
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', bob));
    const assessed = must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', bob)).result;
    must(engine.dispatch('approvals.decide', { approvalId: assessed.approvalId ?? '', decision: 'approve', note: '承認 👍 Ωmega' }, 'execute'));
    must(engine.dispatch('purchases.execute', { id: p.id }, 'execute', bob));
    must(engine.dispatch('sessions.start', { notes: '棚卸し 📦' }, 'execute'));

    const summary = summaryOf(dbPath, rangeOf('2026-11-01', '2026-11-30'));
    expect(summary.approvals.rows[0]?.decisionNote).toBe('承認 👍 Ωmega');
    const bytes = await renderTo(join(tempDir(), 'cjk.pdf'), summary, { ...META, householdName: '山田家 🏠', chainHead: must(engine.query('governance.state', {})).chainHead });
    const all = (await pagesText(bytes)).join('\n');
    expect(all).toContain('?? ? ?mega');
    expect(all).toContain('Audit report 2026-11-01 – 2026-11-30');
  });
});
