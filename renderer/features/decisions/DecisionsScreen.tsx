/**
 * The decisions explorer: filters, a keyset-paged table, the detail panel of one
 * decision, and the diff of two ticked decisions.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ACTION_NAMES, DECISION_STATUSES, queries } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField, TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant } from '../../ui/format';
import { ListFooter } from '../../ui/ListFooter';
import { useAppStore } from '../../store/context';
import { issuesToFieldErrors, type FieldErrors } from '../dispatch/failure';
import { governanceSelectors } from '../governance/slice';
import { statusTone } from '../governance/tones';
import { operatorsSelectors } from '../operators/slice';
import { DecisionDetail } from './DecisionDetail';
import { DiffDialog } from './DiffDialog';
import { decisionsSelectors, type DecisionFilters } from './slice';

/** The decisions explorer screen. */
export function DecisionsScreen() {
  const { loadDecisions, loadOperators, status } = useAppStore(
    useShallow((s) => ({ loadDecisions: s.loadDecisions, loadOperators: s.loadOperators, status: s.decisionList.status })),
  );
  useEffect(() => {
    void loadDecisions();
    void loadOperators();
  }, [loadDecisions, loadOperators]);

  return (
    <>
      <div className="page-header">
        <h1>Decisions</h1>
        <p>Every dispatch, with each gate’s verdict.</p>
      </div>
      <Filters />
      <div className="explorer">
        <Card title="Decision records" className="card-flush" actions={<CompareButton />}>
          {status === 'idle' || status === 'loading' ? <Loading label="Loading decisions…" /> : <DecisionTable />}
        </Card>
        <DecisionDetail />
      </div>
      <DiffDialog />
    </>
  );
}

function Filters() {
  const { filters, setFilters, operators } = useAppStore(
    useShallow((s) => ({ filters: s.decisionFilters, setFilters: s.setDecisionFilters, operators: operatorsSelectors.list(s) })),
  );
  const [draft, setDraft] = useState<DecisionFilters>(filters);
  const [errors, setErrors] = useState<FieldErrors>({});

  const apply = (next: DecisionFilters) => {
    setDraft(next);
    const check = queries['decisions.list'].input.safeParse(decisionsSelectors.queryParams(next, 1));
    const fieldErrors = check.success ? {} : issuesToFieldErrors(check.error.issues);
    if (next.from && next.to && next.from > next.to) fieldErrors.to = 'must not be before “from”';
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length === 0) void setFilters(next);
  };
  const change = (key: keyof DecisionFilters) => (e: { target: { value: string } }) => apply({ ...draft, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const clear = () => apply({ status: '', action: '', operatorId: '', mode: '', from: '', to: '' });

  return (
    <form className="card card-body filters" onSubmit={submit} aria-label="Decision filters" noValidate>
      <SelectField label="Status" value={draft.status} onChange={change('status')} options={[{ value: '', label: 'Any status' }, ...DECISION_STATUSES.map((s) => ({ value: s, label: s }))]} error={errors.status} />
      <SelectField label="Action" value={draft.action} onChange={change('action')} options={[{ value: '', label: 'Any action' }, ...ACTION_NAMES.map((a) => ({ value: a, label: a }))]} error={errors.action} />
      <SelectField
        label="Operator"
        value={draft.operatorId}
        onChange={change('operatorId')}
        options={[{ value: '', label: 'Any operator' }, ...operators.map((o) => ({ value: o.id, label: o.name }))]}
        error={errors.operatorId}
      />
      <SelectField
        label="Mode"
        value={draft.mode}
        onChange={change('mode')}
        options={[
          { value: '', label: 'Any mode' },
          { value: 'execute', label: 'execute' },
          { value: 'plan', label: 'plan' },
        ]}
        error={errors.mode}
      />
      <TextField label="From" type="date" value={draft.from} onChange={change('from')} error={errors.from} />
      <TextField label="To" type="date" value={draft.to} onChange={change('to')} error={errors.to} />
      <div className="row">
        <Button type="submit">Refresh</Button>
        <Button variant="ghost" onClick={clear} disabled={!decisionsSelectors.hasFilters(draft)}>
          Clear
        </Button>
      </div>
    </form>
  );
}

function CompareButton() {
  const { count, canCompare, loadDiff } = useAppStore(useShallow((s) => ({ count: s.compareIds.length, canCompare: decisionsSelectors.canCompare(s), loadDiff: s.loadDiff })));
  return (
    <Button small variant={canCompare ? 'primary' : 'secondary'} disabled={!canCompare} onClick={() => void loadDiff()} title="Tick two decisions to compare them">
      Compare ({count}/2)
    </Button>
  );
}

function DecisionTable() {
  const { list, canLoadMore, selectedId, compareIds, select, toggleCompare, loadMore, timeZone, filtered } = useAppStore(
    useShallow((s) => ({
      list: s.decisionList,
      canLoadMore: decisionsSelectors.canLoadMore(s),
      selectedId: s.selectedDecisionId,
      compareIds: s.compareIds,
      select: s.selectDecision,
      toggleCompare: s.toggleCompare,
      loadMore: s.loadMoreDecisions,
      timeZone: governanceSelectors.timeZone(s),
      filtered: decisionsSelectors.hasFilters(s.decisionFilters),
    })),
  );
  if (list.status === 'error') return <ErrorMessage title="Decisions could not be loaded">{list.error}</ErrorMessage>;
  if (list.items.length === 0) {
    return <EmptyState title={filtered ? 'No decision matches these filters' : 'No decisions yet'}>{filtered ? 'Clear a filter to see more.' : 'Every action taken in the console is recorded here.'}</EmptyState>;
  }
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Decisions">
          <thead>
            <tr>
              <th scope="col" className="center">
                <span className="visually-hidden">Compare</span>
              </th>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Operator</th>
              <th scope="col">Mode</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <tr key={d.id} className={d.id === selectedId ? 'selected' : undefined} aria-selected={d.id === selectedId}>
                <td className="center">
                  <input type="checkbox" checked={compareIds.includes(d.id)} onChange={() => toggleCompare(d.id)} aria-label={`Compare ${d.action} at ${formatInstant(d.at, timeZone)}`} />
                </td>
                <td className="nowrap">{formatInstant(d.at, timeZone)}</td>
                <td>
                  <button type="button" className="link" onClick={() => void select(d.id)} aria-label={`Open ${d.action} at ${formatInstant(d.at, timeZone)}`}>
                    {d.action}
                  </button>
                </td>
                <td>{d.operatorName ?? 'system'}</td>
                <td>{d.mode}</td>
                <td>
                  <Badge tone={statusTone(d.status)}>{d.status}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter
        shown={list.items.length}
        canLoadMore={canLoadMore}
        loadingMore={list.loadingMore}
        onLoadMore={() => void loadMore()}
        endLabel="end of list"
        error={list.error}
      />
    </>
  );
}
