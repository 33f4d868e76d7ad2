/**
 * The Playbooks route: the library (definitions, Start, open a run, define one), the runs
 * history with a status filter, and the run view of the run opened from either.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type PlaybookListItem, type PlaybookRunSummary } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField } from '../../ui/Field';
import { ListFooter } from '../../ui/ListFooter';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstantShort, formatInstant } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { DefinePlaybookDialog } from './DefinePlaybookDialog';
import { GoLiveCallout } from './GoLiveCallout';
import { RunView } from './RunView';
import type { PlaybooksTab, RunStatusFilter } from './slice';
import { progressLabel, runTone } from './view';

const TABS: { id: PlaybooksTab; label: string }[] = [
  { id: 'library', label: 'Library' },
  { id: 'runs', label: 'Runs' },
];

/** The playbooks screen. */
export function PlaybooksScreen() {
  const { tab, setTab, openRunId } = useAppStore(useShallow((s) => ({ tab: s.playbooksTab, setTab: s.setPlaybooksTab, openRunId: s.openRunId })));
  return (
    <>
      <div className="page-header">
        <h1>Playbooks</h1>
        <p>Checklists run step by step, each step recorded with who, when and evidence.</p>
        <div className="segmented" role="group" aria-label="Playbooks views">
          {TABS.map((t) => (
            <button key={t.id} type="button" className={t.id === tab && !openRunId ? 'segment segment-on' : 'segment'} aria-pressed={t.id === tab && !openRunId} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {openRunId ? <RunView /> : tab === 'library' ? <Library /> : <RunsHistory />}
    </>
  );
}

function Library() {
  const store = useAppStoreApi();
  const { list, role } = useAppStore(useShallow((s) => ({ list: s.playbookList, role: governanceSelectors.currentOperator(s)?.role })));
  const [editing, setEditing] = useState<{ key: string | null } | null>(null);
  useEffect(() => {
    void store.getState().loadPlaybooks();
  }, [store]);
  const mayDefine = !role || mayDispatch(role, 'playbooks.define');

  return (
    <>
      <GoLiveCallout />
      <Card
        title="Library"
        className="card-flush"
        actions={
          mayDefine ? (
            <Button small onClick={() => setEditing({ key: null })}>
              Define a playbook…
            </Button>
          ) : null
        }
      >
        {list.status === 'error' ? (
          <ErrorMessage title="The playbooks could not be loaded">{list.error}</ErrorMessage>
        ) : !list.data ? (
          <Loading label="Loading playbooks…" />
        ) : list.data.length === 0 ? (
          <EmptyState title="No playbooks yet" />
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Playbooks">
              <thead>
                <tr>
                  <th scope="col">Playbook</th>
                  <th scope="col" className="num">
                    Version
                  </th>
                  <th scope="col" className="num">
                    Steps
                  </th>
                  <th scope="col">Latest run</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((p) => (
                  <PlaybookRow key={p.key} playbook={p} mayDefine={mayDefine} onEdit={() => setEditing({ key: p.key })} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <DefinePlaybookDialog open={editing !== null} baseKey={editing?.key ?? null} onClose={() => setEditing(null)} />
    </>
  );
}

function PlaybookRow({ playbook: p, mayDefine, onEdit }: { playbook: PlaybookListItem; mayDefine: boolean; onEdit: () => void }) {
  const { startPlaybook, openRun, timeZone } = useAppStore(useShallow((s) => ({ startPlaybook: s.startPlaybook, openRun: s.openRun, timeZone: governanceSelectors.timeZone(s) })));
  const [busy, setBusy] = useState(false);
  const run = p.latestRun;
  return (
    <tr>
      <td>
        <div className="playbook-name">
          <strong>{p.title}</strong>
          {p.builtin ? <Badge tone="info">Built-in</Badge> : null}
        </div>
        <span className="muted">{p.description || p.key}</span>
      </td>
      <td className="num">v{p.latestVersion}</td>
      <td className="num">{p.stepCount}</td>
      <td>
        {run ? (
          <div className="detail-section">
            <span>
              <Badge tone={runTone(run.status)}>{run.status}</Badge> {progressLabel(run.progress)}
            </span>
            <span className="muted" title={formatInstant(run.startedAt, timeZone)}>
              {run.startedBy} · {formatInstantShort(run.startedAt, timeZone)}
            </span>
          </div>
        ) : (
          <span className="muted">Never run</span>
        )}
      </td>
      <td>
        <div className="row-actions">
          {p.activeRunId ? (
            <Button small variant="primary" onClick={() => openRun(p.activeRunId)} aria-label={`Open the run of ${p.title}`}>
              Open run
            </Button>
          ) : (
            <Button
              small
              variant="primary"
              busy={busy}
              aria-label={`Start ${p.title}`}
              onClick={async () => {
                setBusy(true);
                await startPlaybook(p.key);
                setBusy(false);
              }}
            >
              Start
            </Button>
          )}
          {run && !p.activeRunId ? (
            <Button small onClick={() => openRun(run.id)} aria-label={`Open the latest run of ${p.title}`}>
              Last run
            </Button>
          ) : null}
          {mayDefine ? (
            <Button small variant="ghost" onClick={onEdit} aria-label={`New version of ${p.title}`}>
              New version…
            </Button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

const STATUS_OPTIONS: { value: RunStatusFilter; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'completed', label: 'Completed' },
  { value: 'abandoned', label: 'Abandoned' },
];

function RunsHistory() {
  const store = useAppStoreApi();
  const { runs, filter, setFilter, loadMore } = useAppStore(
    useShallow((s) => ({ runs: s.runList, filter: s.runStatusFilter, setFilter: s.setRunStatusFilter, loadMore: s.loadMoreRuns })),
  );
  useEffect(() => {
    void store.getState().loadRuns();
  }, [store]);
  return (
    <Card title="Runs" className="card-flush">
      <form className="filters card-filters" aria-label="Run filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Status" name="status" value={filter} onChange={(e) => setFilter(e.target.value as RunStatusFilter)} options={STATUS_OPTIONS} />
      </form>
      {runs.status === 'error' ? (
        <ErrorMessage title="The runs could not be loaded">{runs.error}</ErrorMessage>
      ) : runs.status === 'loading' || runs.status === 'idle' ? (
        <Loading label="Loading runs…" />
      ) : runs.items.length === 0 ? (
        <EmptyState title="No runs">{filter ? 'No run has this status.' : 'Start a playbook from the library.'}</EmptyState>
      ) : (
        <>
          <RunsTable runs={runs.items} />
          <ListFooter shown={runs.items.length} canLoadMore={runs.nextCursor !== null} loadingMore={runs.loadingMore} onLoadMore={() => void loadMore()} endLabel="end of list" error={runs.error} />
        </>
      )}
    </Card>
  );
}

function RunsTable({ runs }: { runs: PlaybookRunSummary[] }) {
  const { openRun, timeZone } = useAppStore(useShallow((s) => ({ openRun: s.openRun, timeZone: governanceSelectors.timeZone(s) })));
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Runs">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Playbook</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Started by</th>
            <th scope="col">Ended</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td className="nowrap" title={formatInstant(r.startedAt, timeZone)}>
                {formatInstantShort(r.startedAt, timeZone)}
              </td>
              <td>
                <button type="button" className="link" onClick={() => openRun(r.id)} aria-label={`Open run: ${r.title}, started ${formatInstant(r.startedAt, timeZone)}`}>
                  {r.title}
                </button>{' '}
                <span className="muted">v{r.version}</span>
              </td>
              <td>
                <Badge tone={runTone(r.status)}>{r.status}</Badge>
              </td>
              <td>
                {progressLabel(r.progress)}
                {r.status === 'active' && r.currentStepTitle ? <span className="muted"> · next: {r.currentStepTitle}</span> : null}
                {r.abandonReason ? <span className="muted"> · “{r.abandonReason}”</span> : null}
              </td>
              <td>{r.startedBy}</td>
              <td className="nowrap">{r.endedAt ? `${formatInstantShort(r.endedAt, timeZone)} · ${r.endedBy ?? ''}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
