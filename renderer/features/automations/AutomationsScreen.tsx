/**
 * The Automations route (DOMAIN.md "Automations, charter and tripwire"):
 *
 * - the recommendations inbox: what the automations propose, with confidence and reason;
 *   accept as proposed, edit then accept, or reject with a reason — one at a time or the
 *   selected ones together, by keyboard (Tab to a row, Space selects, A accepts, E edits,
 *   R rejects);
 * - each automation kind's charter beside its scorecard and the gates `auto` meets now;
 * - tripwires with their latest evaluation, "Evaluate now", baseline reset, the KPI charts
 *   and the evaluations' history.
 */
import { useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Charter, type Recommendation, type TripwirePolicy } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { TableWrap } from '../../ui/TableWrap';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { DayChart } from '../../ui/DayChart';
import { Dialog } from '../../ui/Dialog';
import { Form, MoneyField, SelectField, TextAreaField, TextField } from '../../ui/Field';
import { KeyHints } from '../../ui/KeyHints';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstantShort } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { parseMoneyInput, parseQtyInput } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { money } from '../spending/format';
import { useNow } from '../spending/useNow';
import { automationsSelectors as sel, KPI_DAYS, type KpiMetric } from './slice';

/** The Automations screen. */
export function AutomationsScreen() {
  const store = useAppStoreApi();
  useEffect(() => {
    void store.getState().loadAutomations();
  }, [store]);
  return (
    <>
      <div className="page-header">
        <h1>Automations</h1>
        <p>
          Automations propose; you decide. A kind acts alone (<strong>auto</strong>) only while its charter’s gates hold — enough trials, a high enough acceptance rate, a confident
          proposal — and a tripwire moves it back to <strong>suggest</strong> when its results drop.
        </p>
      </div>
      <RecommendationsCard />
      <ChartersCard />
      <TripwiresCard />
    </>
  );
}

type Pending = { kind: 'edit' | 'reject'; recs: Recommendation[] } | null;

function RecommendationsCard() {
  const { list, role, currency, timeZone } = useAppStore(
    useShallow((s) => ({ list: s.recommendations, role: governanceSelectors.currentOperator(s)?.role, currency: inventorySelectors.currency(s), timeZone: governanceSelectors.timeZone(s) })),
  );
  const now = useNow().toISOString();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending>(null);
  const mayDecide = !role || mayDispatch(role, 'recommendations.accept');
  const accept = useActionForm('recommendations.accept', undefined, { announceFailure: true });
  const acceptMany = useActionForm('recommendations.acceptMany', () => setSelected(new Set()), { announceFailure: true });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const chosen = items.filter((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, rec: Recommendation) => {
    // the row's controls are a checkbox and buttons: a letter there is a shortcut, not typing
    if (!mayDecide || e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key.toLowerCase();
    if (key === 'a') void accept.submit({ id: rec.id });
    else if (key === 'e') setPending({ kind: 'edit', recs: [rec] });
    else if (key === 'r') setPending({ kind: 'reject', recs: [rec] });
    else return;
    e.preventDefault();
  };
  return (
    <Card
      title="Recommendations"
      className="card-flush"
      actions={
        mayDecide && chosen.length > 0 ? (
          <div className="row">
            <Button small variant="primary" busy={acceptMany.busy} onClick={() => void acceptMany.submit({ ids: chosen.map((r) => r.id) })}>
              Accept {chosen.length} selected
            </Button>
            <Button small onClick={() => setPending({ kind: 'reject', recs: chosen })}>
              Reject {chosen.length} selected…
            </Button>
          </div>
        ) : list.data ? (
          <span className="muted">{list.data.total} open</span>
        ) : null
      }
    >
      {list.status === 'error' ? (
        <ErrorMessage title="The recommendations could not be loaded">{list.error}</ErrorMessage>
      ) : !list.data ? (
        <Loading label="Loading the recommendations…" />
      ) : items.length === 0 ? (
        <EmptyState title="Nothing to review">The daily tick proposes forecast reorders and needs here; those of a kind in auto are carried out alone when its charter allows.</EmptyState>
      ) : (
        <>
          {mayDecide ? (
            <div className="card-hints">
            <KeyHints
              hints={[
                { keys: ['Tab'], label: 'next row' },
                { keys: ['Space'], label: 'select' },
                { keys: ['A'], label: 'accept' },
                { keys: ['E'], label: 'edit' },
                { keys: ['R'], label: 'reject' },
              ]}
            />
            </div>
          ) : null}
          <TableWrap label="Recommendations">
            <table className="table table-scroll-min recommendations" aria-label="Open recommendations">
              <thead>
                <tr>
                  {mayDecide ? (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select all"
                        checked={chosen.length === items.length}
                        onChange={(e) => setSelected(e.target.checked ? new Set(items.map((r) => r.id)) : new Set())}
                      />
                    </th>
                  ) : null}
                  <th scope="col">Proposal</th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Est. total</th>
                  <th scope="col">Proposed</th>
                  {mayDecide ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {items.map((rec) => {
                  const open = sel.decidable(rec, now);
                  const est = typeof rec.params.estTotalMinor === 'number' ? rec.params.estTotalMinor : null;
                  return (
                    <tr key={rec.id} onKeyDown={(e) => onRowKey(e, rec)}>
                      {mayDecide ? (
                        <td>
                          <input type="checkbox" aria-label={`Select ${rec.title}`} checked={selected.has(rec.id)} onChange={() => toggle(rec.id)} />
                        </td>
                      ) : null}
                      <td>
                        <strong>{rec.title}</strong>
                        <div className="muted">
                          {sel.kindLabel(rec.kind)} · {rec.reason}
                        </div>
                      </td>
                      <td className="nowrap">
                        <Badge tone={rec.confidence >= 0.85 ? 'ok' : rec.confidence >= 0.6 ? 'info' : 'warn'}>{sel.percent(rec.confidence)}</Badge>
                      </td>
                      <td className="nowrap">{est === null ? <span className="muted">—</span> : money(est, currency)}</td>
                      <td className="nowrap">
                        {formatInstantShort(rec.createdAt, timeZone)}
                        <div className="muted">{rec.jobRun ? `by ${rec.jobRun.job}` : `by ${rec.createdBy}`}</div>
                        {open ? null : <Badge tone="warn">Expired</Badge>}
                      </td>
                      {mayDecide ? (
                        <td>
                          <div className="row">
                            <Button small variant="primary" disabled={!open} onClick={() => void accept.submit({ id: rec.id })} aria-label={`Accept ${rec.title}`}>
                              Accept
                            </Button>
                            <Button small disabled={!open} onClick={() => setPending({ kind: 'edit', recs: [rec] })} aria-label={`Edit ${rec.title}`}>
                              Edit…
                            </Button>
                            <Button small onClick={() => setPending({ kind: 'reject', recs: [rec] })} aria-label={`Reject ${rec.title}`}>
                              Reject…
                            </Button>
                          </div>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      {pending?.kind === 'edit' && pending.recs[0] ? <EditDialog rec={pending.recs[0]} onClose={() => setPending(null)} /> : null}
      {pending?.kind === 'reject' ? (
        <RejectDialog
          recs={pending.recs}
          onClose={(done) => {
            if (done) setSelected(new Set());
            setPending(null);
          }}
        />
      ) : null}
    </Card>
  );
}

/** Edit the proposal (quantity, estimated total, note), then accept it: an `edited` trial. */
function EditDialog({ rec, onClose }: { rec: Recommendation; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [qty, setQty] = useState(typeof rec.params.qty === 'number' ? String(rec.params.qty) : '');
  const [total, setTotal] = useState(typeof rec.params.estTotalMinor === 'number' ? (rec.params.estTotalMinor / 100).toFixed(2) : '');
  const [note, setNote] = useState('');
  const form = useActionForm('recommendations.accept', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(total, currency);
    const q = parseQtyInput(qty);
    const params: Record<string, number | string> = {};
    if (q !== undefined) params.qty = q;
    if (amount.ok && amount.minor !== undefined) params.estTotalMinor = amount.minor;
    if (note.trim()) params.note = note.trim();
    void form.submit({ id: rec.id, params }, { ...(amount.ok ? {} : { 'params.estTotalMinor': amount.error }), ...(Number.isNaN(q) ? { 'params.qty': 'must be a number' } : {}) });
  };
  return (
    <Dialog open onClose={onClose} title={`Edit and accept: ${rec.title}`}>
      <Form onSubmit={submit} aria-label="Edit and accept">
        <p className="muted">{rec.reason}</p>
        <div className="form-row form-row-top">
          <TextField label="Quantity" name="qty" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} error={form.fieldErrors['params.qty'] ?? form.fieldErrors.qty} autoComplete="off" />
          <MoneyField label="Estimated total" currency={currency} name="estTotal" value={total} onChange={(e) => setTotal(e.target.value)} error={form.fieldErrors['params.estTotalMinor'] ?? form.fieldErrors.estTotalMinor} />
        </div>
        <TextAreaField label="Note" name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        <FailureNotice failure={form.failure} shownFields={['params.qty', 'params.estTotalMinor', 'qty', 'estTotalMinor']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Accept with edits
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

/** Reject one or several recommendations with a reason (each a failed trial of its kind). */
function RejectDialog({ recs, onClose }: { recs: Recommendation[]; onClose: (done: boolean) => void }) {
  const [reason, setReason] = useState('');
  const one = useActionForm('recommendations.reject', () => onClose(true));
  const many = useActionForm('recommendations.rejectMany', () => onClose(true));
  const form = recs.length === 1 ? one : many;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (recs.length === 1 && recs[0]) void one.submit({ id: recs[0].id, reason });
    else void many.submit({ ids: recs.map((r) => r.id), reason });
  };
  const title = recs.length === 1 ? `Reject: ${recs[0]?.title ?? ''}` : `Reject ${recs.length} recommendations`;
  return (
    <Dialog open onClose={() => onClose(false)} title={title}>
      <Form onSubmit={submit} aria-label="Reject">
        <TextAreaField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} maxLength={500} hint="Kept with the decision; a rejection counts against the kind’s acceptance rate." />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={() => onClose(false)}>Cancel</Button>
          <Button type="submit" variant="danger" busy={form.busy}>
            Reject
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

function ChartersCard() {
  const charters = useAppStore((s) => s.charters);
  return (
    <Card title="Charters">
      {charters.status === 'error' ? (
        <ErrorMessage title="The charters could not be loaded">{charters.error}</ErrorMessage>
      ) : !charters.data ? (
        <Loading label="Loading the charters…" />
      ) : (
        <div className="charters">
          {charters.data.map((c) => (
            <CharterEditor key={`${c.kind}-${c.updatedAt}`} charter={c} />
          ))}
        </div>
      )}
    </Card>
  );
}

const MODE_OPTIONS = [
  { value: 'off', label: 'Off — propose nothing' },
  { value: 'suggest', label: 'Suggest — recommendations only' },
  { value: 'auto', label: 'Auto — act alone when the gates pass' },
] as const;

/** One kind's charter form, its scorecard and the gates auto meets now. */
function CharterEditor({ charter }: { charter: Charter }) {
  const role = useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
  const mayEdit = !role || mayDispatch(role, 'charter.set');
  const [mode, setMode] = useState<Charter['mode']>(charter.mode);
  const [minConfidence, setMinConfidence] = useState(String(Math.round(charter.minConfidence * 100)));
  const [minTrials, setMinTrials] = useState(String(charter.minTrials));
  const [minAcceptance, setMinAcceptance] = useState(String(Math.round(charter.minAcceptanceRate * 100)));
  const [prodEnabled, setProdEnabled] = useState(charter.prodEnabled);
  const [reason, setReason] = useState('');
  const form = useActionForm('charter.set');
  const pct = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')) / 100);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ kind: charter.kind, mode, minConfidence: pct(minConfidence), minTrials: Number(minTrials), minAcceptanceRate: pct(minAcceptance), prodEnabled, reason });
  };
  const view = sel.modeView(charter.mode);
  const card = charter.scorecard;
  const recent = charter.last30Days;
  return (
    <section className="charter" aria-labelledby={`charter-${charter.kind}`}>
      <h3 id={`charter-${charter.kind}`}>
        {charter.label} <Badge tone={view.tone}>{view.label}</Badge>
      </h3>
      <p className="muted">{charter.description}</p>
      <div className="charter-body">
        <Form onSubmit={submit} aria-label={`${charter.label} charter`}>
          <SelectField label="Mode" name="mode" value={mode} onChange={(e) => setMode(e.target.value as Charter['mode'])} options={MODE_OPTIONS} error={form.fieldErrors.mode} disabled={!mayEdit} />
          <div className="form-row form-row-top">
            <TextField label="Min. confidence (%)" name="minConfidence" inputMode="decimal" value={minConfidence} onChange={(e) => setMinConfidence(e.target.value)} error={form.fieldErrors.minConfidence} disabled={!mayEdit} />
            <TextField label="Min. trials" name="minTrials" inputMode="numeric" value={minTrials} onChange={(e) => setMinTrials(e.target.value)} error={form.fieldErrors.minTrials} disabled={!mayEdit} />
            <TextField label="Min. acceptance (%)" name="minAcceptanceRate" inputMode="decimal" value={minAcceptance} onChange={(e) => setMinAcceptance(e.target.value)} error={form.fieldErrors.minAcceptanceRate} disabled={!mayEdit} />
          </div>
          <label className="check">
            <input type="checkbox" checked={prodEnabled} onChange={(e) => setProdEnabled(e.target.checked)} disabled={!mayEdit} /> Prod use enabled (without it, auto never acts)
          </label>
          {mayEdit ? (
            <>
              <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} maxLength={500} autoComplete="off" />
              <FailureNotice failure={form.failure} shownFields={['mode', 'minConfidence', 'minTrials', 'minAcceptanceRate', 'reason']} />
              <div className="form-actions">
                <Button type="submit" variant="primary" busy={form.busy}>
                  Save charter
                </Button>
              </div>
            </>
          ) : null}
        </Form>
        <div className="scorecard">
          <table className="table" aria-label={`${charter.label} scorecard`}>
            <thead>
              <tr>
                <th scope="col">Scorecard</th>
                <th scope="col">All time</th>
                <th scope="col">Last 30 days</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Trials</th>
                <td>{card.trials}</td>
                <td>{recent.trials}</td>
              </tr>
              <tr>
                <th scope="row">Accepted as is</th>
                <td>{sel.percent(card.acceptanceRate)}</td>
                <td>{sel.percent(recent.acceptanceRate)}</td>
              </tr>
              <tr>
                <th scope="row">Edited</th>
                <td>{sel.percent(card.editedRate)}</td>
                <td>{sel.percent(recent.editedRate)}</td>
              </tr>
              <tr>
                <th scope="row">Rejected</th>
                <td>{card.rejected}</td>
                <td>{recent.rejected}</td>
              </tr>
              <tr>
                <th scope="row">Acted alone</th>
                <td>{card.auto}</td>
                <td>{recent.auto}</td>
              </tr>
              <tr>
                <th scope="row">Expired</th>
                <td>{card.expired}</td>
                <td>{recent.expired}</td>
              </tr>
            </tbody>
          </table>
          <ul className="plain-list gate-checks" aria-label={`${charter.label}: gates for auto now`}>
            {charter.gates.map((g) => (
              <li key={g.gate}>
                <Badge tone={g.pass ? 'ok' : 'warn'}>{g.pass ? 'pass' : 'fails'}</Badge> {g.reason}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

function TripwiresCard() {
  const { tripwires, history, metrics, role, timeZone } = useAppStore(
    useShallow((s) => ({ tripwires: s.tripwires, history: s.tripwireHistory, metrics: s.kpiMetrics, role: governanceSelectors.currentOperator(s)?.role, timeZone: governanceSelectors.timeZone(s) })),
  );
  const mayEvaluate = !role || mayDispatch(role, 'tripwire.evaluate');
  const evaluate = useActionForm('tripwire.evaluate');
  const [editing, setEditing] = useState<TripwirePolicy | null>(null);
  return (
    <>
      <Card
        title="Tripwires"
        className="card-flush"
        actions={
          mayEvaluate ? (
            <Button small busy={evaluate.busy} onClick={() => void evaluate.submit({})}>
              Evaluate now
            </Button>
          ) : null
        }
      >
        <FailureNotice failure={evaluate.failure} />
        {tripwires.status === 'error' ? (
          <ErrorMessage title="The tripwires could not be loaded">{tripwires.error}</ErrorMessage>
        ) : !tripwires.data ? (
          <Loading label="Loading the tripwires…" />
        ) : (
          <TableWrap label="Tripwires">
            <table className="table table-scroll-min" aria-label="Tripwire policies">
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col">Windows</th>
                  <th scope="col">Limit and action</th>
                  <th scope="col">Last evaluation</th>
                  {mayEvaluate ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {tripwires.data.map((p) => {
                  const last = p.last;
                  const status = last ? sel.statusView(last.status) : null;
                  return (
                    <tr key={`${p.domain}/${p.metric}`}>
                      <td>
                        <strong>
                          {p.domain}/{p.metric}
                        </strong>
                        <div>{p.enabled ? <Badge tone="info">On</Badge> : <Badge tone="neutral">Off</Badge>}</div>
                      </td>
                      <td className="nowrap">
                        {p.recentDays} days against the {p.baselineDays} before
                        {p.baselineResetAt ? <div className="muted">baseline from {formatInstantShort(p.baselineResetAt, timeZone)}</div> : null}
                      </td>
                      <td>
                        drop &gt; {p.maxDropPct} % → {p.action}
                        {p.kind ? ` ${sel.kindLabel(p.kind)}` : ''}
                      </td>
                      <td>
                        {last && status ? (
                          <>
                            <Badge tone={status.tone}>{status.label}</Badge> {last.dropPct === null ? '' : `${last.dropPct} % drop`}
                            <div className="muted">
                              {formatInstantShort(last.at, timeZone)} · {last.actionTaken}
                            </div>
                          </>
                        ) : (
                          <span className="muted">Not evaluated yet</span>
                        )}
                      </td>
                      {mayEvaluate ? (
                        <td>
                          <Button small onClick={() => setEditing(p)} aria-label={`Edit the ${p.domain}/${p.metric} tripwire`}>
                            Edit…
                          </Button>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
        {editing ? <TripwireDialog policy={editing} onClose={() => setEditing(null)} /> : null}
      </Card>
      <Card title="KPIs">
        {metrics.status === 'error' ? (
          <ErrorMessage title="The KPIs could not be loaded">{metrics.error}</ErrorMessage>
        ) : !metrics.data ? (
          <Loading label="Loading the KPIs…" />
        ) : metrics.data.length === 0 ? (
          <EmptyState title="No KPI recorded yet">Forecast hits and misses, and your verdicts on recommendations, are recorded here as they happen.</EmptyState>
        ) : (
          <div className="kpi-charts">
            {metrics.data.map((m) => (
              <KpiChart key={`${m.domain}/${m.metric}`} metric={m} />
            ))}
          </div>
        )}
      </Card>
      <Card title="Tripwire history" className="card-flush">
        {history.status === 'error' ? (
          <ErrorMessage title="The history could not be loaded">{history.error}</ErrorMessage>
        ) : !history.data ? (
          <Loading label="Loading the history…" />
        ) : history.data.length === 0 ? (
          <EmptyState title="No evaluation yet">Enabled tripwires are evaluated every Monday, or now with “Evaluate now”.</EmptyState>
        ) : (
          <TableWrap label="Tripwire history">
            <table className="table table-scroll-min" aria-label="Tripwire evaluations">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">KPI</th>
                  <th scope="col">Baseline</th>
                  <th scope="col">Recent</th>
                  <th scope="col">Drop</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {history.data.map((e) => {
                  const status = sel.statusView(e.status);
                  return (
                    <tr key={e.id}>
                      <td className="nowrap">{formatInstantShort(e.at, timeZone)}</td>
                      <td>
                        {e.domain}/{e.metric}
                      </td>
                      <td className="nowrap">{e.baselineMean === null ? `— (${e.baselineCount})` : `${e.baselineMean.toFixed(2)} (${e.baselineCount})`}</td>
                      <td className="nowrap">{e.recentMean === null ? `— (${e.recentCount})` : `${e.recentMean.toFixed(2)} (${e.recentCount})`}</td>
                      <td className="nowrap">{e.dropPct === null ? '—' : `${e.dropPct} %`}</td>
                      <td>
                        <Badge tone={status.tone}>{status.label}</Badge> <span className="muted">{e.actionTaken}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Card>
    </>
  );
}

/** Every day from the first event's (at least two weeks back) to the last: an axis of days, gaps where nothing was recorded. */
function chartDays(eventDays: readonly string[]): string[] {
  const first = eventDays[0];
  const last = eventDays.at(-1);
  if (!first || !last) return [];
  const end = Date.parse(`${last}T00:00:00Z`);
  const start = Math.min(Date.parse(`${first}T00:00:00Z`), end - 13 * 86_400_000);
  const days: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** A KPI's daily mean over the last KPI_DAYS days, as bars (a single day shows too). */
function KpiChart({ metric }: { metric: KpiMetric }) {
  const store = useAppStoreApi();
  const key = `${metric.domain}/${metric.metric}`;
  const series = useAppStore((s) => s.kpiSeries[key]);
  useEffect(() => {
    void store.getState().loadKpiSeries(metric.domain, metric.metric);
  }, [store, metric.domain, metric.metric, metric.count]);
  const data = series?.data;
  const days = useMemo(() => (data ? chartDays(data.points.map((p) => p.day)) : []), [data]);
  const values = useMemo(() => {
    const byDay = new Map((data?.points ?? []).map((p) => [p.day, p.mean]));
    return days.map((d) => byDay.get(d) ?? null);
  }, [data, days]);
  return (
    <div className="kpi-chart">
      <p className="kpi-caption">
        <strong>{key}</strong> <span className="muted">{metric.count} events, mean {metric.mean.toFixed(2)}</span>
      </p>
      {data && data.points.length > 0 ? (
        <DayChart
          days={days}
          series={[{ label: 'daily mean', values, color: 'var(--chart-1)', style: 'bars' }]}
          label={`${key}: daily mean over the last ${KPI_DAYS} days`}
          height={180}
        />
      ) : series?.status === 'error' ? (
        <ErrorMessage>{series.error}</ErrorMessage>
      ) : data ? (
        <p className="muted">No event in the last {KPI_DAYS} days.</p>
      ) : (
        <Loading label="Loading…" />
      )}
    </div>
  );
}

/** Edit a tripwire's windows, limit, action and whether it is on; or reset its baseline. */
function TripwireDialog({ policy, onClose }: { policy: TripwirePolicy; onClose: () => void }) {
  const [baselineDays, setBaselineDays] = useState(String(policy.baselineDays));
  const [recentDays, setRecentDays] = useState(String(policy.recentDays));
  const [maxDropPct, setMaxDropPct] = useState(String(policy.maxDropPct));
  const [action, setAction] = useState<TripwirePolicy['action']>(policy.action);
  const [enabled, setEnabled] = useState(policy.enabled);
  const [resetReason, setResetReason] = useState('');
  const form = useActionForm('tripwire.setPolicy', onClose);
  const reset = useActionForm('tripwire.resetBaseline', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({
      domain: policy.domain,
      metric: policy.metric,
      baselineDays: Number(baselineDays),
      recentDays: Number(recentDays),
      maxDropPct: Number(maxDropPct.replace(',', '.')),
      action,
      ...(policy.kind ? { kind: policy.kind } : {}),
      enabled,
    });
  };
  return (
    <Dialog open onClose={onClose} title={`Tripwire ${policy.domain}/${policy.metric}`}>
      <Form onSubmit={submit} aria-label="Tripwire policy">
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> On (evaluated every Monday)
        </label>
        <div className="form-row form-row-top">
          <TextField label="Recent days" name="recentDays" inputMode="numeric" value={recentDays} onChange={(e) => setRecentDays(e.target.value)} error={form.fieldErrors.recentDays} />
          <TextField label="Baseline days" name="baselineDays" inputMode="numeric" value={baselineDays} onChange={(e) => setBaselineDays(e.target.value)} error={form.fieldErrors.baselineDays} />
          <TextField label="Max. drop (%)" name="maxDropPct" inputMode="decimal" value={maxDropPct} onChange={(e) => setMaxDropPct(e.target.value)} error={form.fieldErrors.maxDropPct} />
        </div>
        <SelectField
          label="Action when tripped"
          name="action"
          value={action}
          onChange={(e) => setAction(e.target.value as TripwirePolicy['action'])}
          options={[
            { value: 'ALERT', label: 'Alert only' },
            ...(policy.kind ? [{ value: 'THROTTLE', label: `Throttle ${sel.kindLabel(policy.kind)} back to suggest` }] : []),
            { value: 'KILL', label: 'Engage the kill switch' },
          ]}
          error={form.fieldErrors.action ?? form.fieldErrors.kind}
        />
        <FailureNotice failure={form.failure} shownFields={['recentDays', 'baselineDays', 'maxDropPct', 'action', 'kind']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save tripwire
          </Button>
        </div>
      </Form>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void reset.submit({ domain: policy.domain, metric: policy.metric, reason: resetReason });
        }}
        aria-label="Reset the baseline"
      >
        <TextField label="Reason to reset the baseline" name="resetReason" value={resetReason} onChange={(e) => setResetReason(e.target.value)} error={reset.fieldErrors.reason} autoComplete="off" maxLength={500} hint="Events before now leave the baseline (audited)." />
        <FailureNotice failure={reset.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button type="submit" busy={reset.busy}>
            Reset the baseline
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
