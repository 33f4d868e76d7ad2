/**
 * The Schedule route: the agenda by day (Overdue, Today, then dates) with each occurrence's
 * kind, Done and Skip… (a reason asked); the form to add a need, chore or reminder with a
 * due date and a recurrence; and the entries themselves, each with its recurrence, next
 * due date and End….
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Occurrence, type ScheduleEntry } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { formatDay } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { money } from '../spending/format';
import { ArchiveDialog, SkipDialog } from './ScheduleDialogs';
import { ScheduleForm } from './ScheduleForm';
import { AGENDA_DAYS } from './slice';
import { groupAgenda, KIND_LABELS, kindTone, OCCURRENCE_LABELS, occurrenceTone } from './view';

type Open = { kind: 'skip'; occurrence: Occurrence } | { kind: 'archive'; entry: ScheduleEntry } | null;

/** The schedule screen. */
export function ScheduleScreen() {
  const store = useAppStoreApi();
  const role = useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
  const [open, setOpen] = useState<Open>(null);
  useEffect(() => {
    void store.getState().loadAgenda();
    void store.getState().loadScheduleEntries();
  }, [store]);
  return (
    <>
      <div className="page-header">
        <h1>Schedule</h1>
        <p>Needs, chores, reminders and bills by day. Needs due within 30 days go on the shopping list with the daily tick.</p>
      </div>
      <AgendaCard onOpen={setOpen} />
      {!role || mayDispatch(role, 'schedule.create') ? (
        <Card title="Add to the schedule">
          <ScheduleForm />
        </Card>
      ) : null}
      <EntriesCard onOpen={setOpen} />
      {open?.kind === 'skip' ? <SkipDialog occurrence={open.occurrence} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'archive' ? <ArchiveDialog entry={open.entry} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function AgendaCard({ onOpen }: { onOpen: (open: Open) => void }) {
  const { agenda, days, setDays } = useAppStore(useShallow((s) => ({ agenda: s.agenda, days: s.agendaDays, setDays: s.setAgendaDays })));
  const groups = agenda.data ? groupAgenda(agenda.data.occurrences, agenda.data.today) : [];
  return (
    <Card
      title="Agenda"
      actions={
        <div className="agenda-days">
          <SelectField
            label="Days ahead"
            name="agendaDays"
            value={String(days)}
            onChange={(e) => void setDays(Number(e.target.value))}
            options={AGENDA_DAYS.map((d) => ({ value: String(d), label: `${d} days` }))}
          />
        </div>
      }
    >
      {agenda.status === 'error' ? (
        <ErrorMessage title="The agenda could not be loaded">{agenda.error}</ErrorMessage>
      ) : !agenda.data ? (
        <Loading label="Loading the agenda…" />
      ) : groups.length === 0 ? (
        <EmptyState title="Nothing due">Nothing overdue and nothing due in the next {days} days.</EmptyState>
      ) : (
        <div className="agenda">
          {groups.map((g) => (
            <section key={g.key} className={g.key === 'overdue' ? 'agenda-day agenda-overdue' : 'agenda-day'} aria-labelledby={`agenda-${g.key}`}>
              <h3 id={`agenda-${g.key}`}>
                {g.title} <span className="muted">· {g.occurrences.length}</span>
              </h3>
              <ul className="agenda-list">
                {g.occurrences.map((o) => (
                  <AgendaRow key={`${o.entryId}-${o.date}`} occurrence={o} showDate={g.key === 'overdue'} onOpen={onOpen} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}

function AgendaRow({ occurrence: o, showDate, onOpen }: { occurrence: Occurrence; showDate: boolean; onOpen: (open: Open) => void }) {
  const { currency, navigate, role } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  const complete = useActionForm('schedule.complete');
  const open = o.status === 'overdue' || o.status === 'due' || o.status === 'upcoming';
  const mayComplete = o.kind !== 'bill' && (!role || mayDispatch(role, 'schedule.complete'));
  const maySkip = !role || mayDispatch(role, 'schedule.skip');
  return (
    <li className="agenda-row">
      <Badge tone={kindTone(o.kind)}>{KIND_LABELS[o.kind]}</Badge>
      <div className="agenda-main">
        <span className="agenda-title">{o.title}</span>
        <span className="muted">
          {showDate ? `${formatDay(o.date)} · ${-o.daysUntil} ${o.daysUntil === -1 ? 'day' : 'days'} late` : null}
          {o.kind === 'bill' ? `${showDate ? ' · ' : ''}${o.payee && o.payee !== o.title ? `${o.payee} ` : ''}${money(o.amountMinor, currency)}` : null}
        </span>
        <FailureNotice failure={complete.failure} />
      </div>
      <Badge tone={occurrenceTone(o.status)}>{OCCURRENCE_LABELS[o.status]}</Badge>
      {open ? (
        <div className="agenda-actions">
          {o.kind === 'bill' ? (
            <Button small onClick={() => navigate('bills')} aria-label={`Pay ${o.title} on the Bills screen`}>
              Pay on Bills
            </Button>
          ) : mayComplete ? (
            <Button small variant="primary" busy={complete.busy} onClick={() => void complete.submit({ id: o.entryId, occurrenceDate: o.date })} aria-label={`Done: ${o.title}, ${formatDay(o.date)}`}>
              Done
            </Button>
          ) : null}
          {maySkip ? (
            <Button small variant="ghost" onClick={() => onOpen({ kind: 'skip', occurrence: o })} aria-label={`Skip… ${o.title}, ${formatDay(o.date)}`}>
              Skip…
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function EntriesCard({ onOpen }: { onOpen: (open: Open) => void }) {
  const { entries, currency, role } = useAppStore(useShallow((s) => ({ entries: s.scheduleEntries, currency: inventorySelectors.currency(s), role: governanceSelectors.currentOperator(s)?.role })));
  const mayArchive = !role || mayDispatch(role, 'schedule.archive');
  // bills have their own screen
  const rows = (entries.data ?? []).filter((e) => e.kind !== 'bill');
  return (
    <Card title="Needs, chores and reminders" className="card-flush">
      {entries.status === 'error' ? (
        <ErrorMessage title="The entries could not be loaded">{entries.error}</ErrorMessage>
      ) : !entries.data ? (
        <Loading label="Loading the entries…" />
      ) : rows.length === 0 ? (
        <EmptyState title="No entries yet">Add a need, a chore or a reminder above.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-scroll-min" aria-label="Schedule entries">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">Repeats</th>
                <th scope="col">Next due</th>
                <th scope="col" className="num">
                  Est. total
                </th>
                {mayArchive ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>
                    {e.title}
                    {e.notes ? <div className="muted">{e.notes}</div> : null}
                  </td>
                  <td>
                    <Badge tone={kindTone(e.kind)}>{KIND_LABELS[e.kind]}</Badge>
                  </td>
                  <td>{e.recurrence ?? 'once'}</td>
                  <td className="nowrap">{e.nextDue ? formatDay(e.nextDue) : 'nothing left'}</td>
                  <td className="num nowrap">{money(e.estTotalMinor, currency)}</td>
                  {mayArchive ? (
                    <td>
                      <Button small variant="ghost" onClick={() => onOpen({ kind: 'archive', entry: e })} aria-label={`End… ${e.title}`}>
                        End…
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
