/**
 * Bills in the console (DOMAIN.md "Shopping, needs, schedule, bills"): each bill with its
 * next due date, status, overdue occurrences and last payment, and the totals overdue and
 * due within 7 days (`bills.list`). Refetched on `db.changed` for the schedule's and the
 * ledger's tables (a payment posts a ledger entry).
 */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';
import { coalescedRefresh } from '../spending/refresh';

export type BillList = QueryOutput<'bills.list'>;

export interface BillsState {
  billList: Loadable<BillList>;
}

export interface BillsActions {
  loadBills(): Promise<void>;
  /** Refetches the bills when loaded and `tables` (from `db.changed`) touch them (always with none). */
  refreshBills(tables?: readonly string[]): Promise<void>;
}

export type BillsSlice = BillsState & BillsActions;

export const BILL_TABLES = ['schedule_entries', 'schedule_occurrences', 'ledger_entries', 'ledger_accounts'] as const;

export const billsInitialState: BillsState = { billList: idle() };

/** The bills slice over `api`. */
export function createBillsSlice(api: ValhallaApi): SliceCreator<BillsSlice> {
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      if (get().billList.status !== 'idle' && (tables === null || BILL_TABLES.some((t) => tables.has(t)))) await get().loadBills();
    });
    return {
      ...billsInitialState,

      async loadBills() {
        set({ billList: loading(get().billList) });
        set({ billList: settled(await api.query('bills.list', {})) });
      },

      refreshBills(tables) {
        return refresh(tables);
      },
    };
  };
}
