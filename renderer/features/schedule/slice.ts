/**
 * The schedule in the console (DOMAIN.md "Shopping, needs, schedule, bills"): the agenda of
 * occurrences overdue and due within the chosen number of days (`schedule.upcoming`), and
 * the needs, chores and reminders themselves (`schedule.entries`). Refetched on
 * `db.changed` for the schedule's tables.
 */
import type { QueryOutput, ScheduleEntry, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';
import { coalescedRefresh } from '../spending/refresh';

export type Agenda = QueryOutput<'schedule.upcoming'>;

export interface ScheduleState {
  agenda: Loadable<Agenda>;
  /** How many days ahead the agenda shows. */
  agendaDays: number;
  scheduleEntries: Loadable<ScheduleEntry[]>;
}

export interface ScheduleActions {
  loadAgenda(): Promise<void>;
  setAgendaDays(days: number): Promise<void>;
  loadScheduleEntries(): Promise<void>;
  /** Refetches what is loaded when `tables` (from `db.changed`) touch the schedule (all with none). */
  refreshSchedule(tables?: readonly string[]): Promise<void>;
}

export type ScheduleSlice = ScheduleState & ScheduleActions;

/** The agenda's choices of days ahead. */
export const AGENDA_DAYS = [7, 14, 30, 60, 90] as const;

export const SCHEDULE_TABLES = ['schedule_entries', 'schedule_occurrences'] as const;

export const scheduleInitialState: ScheduleState = { agenda: idle(), agendaDays: 14, scheduleEntries: idle() };

/** The schedule slice over `api`. */
export function createScheduleSlice(api: ValhallaApi): SliceCreator<ScheduleSlice> {
  let agendaRequest = 0;
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      if (tables !== null && !SCHEDULE_TABLES.some((t) => tables.has(t))) return;
      const s = get();
      const jobs: Promise<void>[] = [];
      if (s.agenda.status !== 'idle') jobs.push(s.loadAgenda());
      if (s.scheduleEntries.status !== 'idle') jobs.push(s.loadScheduleEntries());
      await Promise.all(jobs);
    });
    return {
      ...scheduleInitialState,

      async loadAgenda() {
        const request = ++agendaRequest;
        set({ agenda: loading(get().agenda) });
        const result = await api.query('schedule.upcoming', { days: get().agendaDays });
        if (request === agendaRequest) set({ agenda: settled(result) });
      },

      async setAgendaDays(days) {
        if (days === get().agendaDays) return;
        set({ agendaDays: days });
        await get().loadAgenda();
      },

      async loadScheduleEntries() {
        set({ scheduleEntries: loading(get().scheduleEntries) });
        set({ scheduleEntries: settled(await api.query('schedule.entries', {})) });
      },

      refreshSchedule(tables) {
        return refresh(tables);
      },
    };
  };
}
