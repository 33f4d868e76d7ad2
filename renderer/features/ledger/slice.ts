/**
 * The ledger: accounts with balances (`ledger.accounts`), the selected account's entries
 * (`ledger.entries`, keyset paged), the vendors of receipts linked to shown entries (for
 * the link's label), the reconciliation suggestions (`reconcile.suggestions`), what is
 * left unmatched on each side (`reconcile.unmatched`) and the cash buffer
 * (`ledger.cashBuffer`). Refetched on `db.changed` for the tables they read.
 */
import type { Account, LedgerEntryRow, QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable, type PagedList } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { coalescedRefresh } from '../spending/refresh';

export type LedgerTab = 'accounts' | 'import' | 'reconcile' | 'buffer';
export type Reconciliation = QueryOutput<'reconcile.suggestions'>;
export type MatchSuggestion = Reconciliation['suggestions'][number];
export type Unmatched = QueryOutput<'reconcile.unmatched'>;
export type CashBuffer = QueryOutput<'ledger.cashBuffer'>;

export interface LedgerState {
  ledgerTab: LedgerTab;
  accounts: Loadable<Account[]>;
  selectedAccountId: string | null;
  entries: PagedList<LedgerEntryRow, string>;
  reconciliation: Loadable<Reconciliation>;
  unmatched: Loadable<Unmatched>;
  cashBuffer: Loadable<CashBuffer>;
}

export interface LedgerActions {
  setLedgerTab(tab: LedgerTab): void;
  /** Loads the accounts; selects the first one when none (or a vanished one) is selected. */
  loadAccounts(): Promise<void>;
  selectAccount(id: string | null): void;
  /** Loads the first page of the selected account's entries (a newer call wins). */
  loadEntries(): Promise<void>;
  loadMoreEntries(): Promise<void>;
  loadReconciliation(): Promise<void>;
  /** Loads the newest `UNMATCHED_SHOWN` unmatched receipts and outflows, with each side's total. */
  loadUnmatched(): Promise<void>;
  loadCashBuffer(): Promise<void>;
  /** Opens a receipt in the receipts screen's detail panel. */
  openReceipt(receiptId: string): void;
  /** Refetches what is loaded when `tables` touch what the ledger reads (all with none). */
  refreshLedger(tables?: readonly string[]): Promise<void>;
}

export type LedgerSlice = LedgerState & LedgerActions;

/** Entries per page of the account's list. */
export const ENTRY_PAGE = 100;
/** Unmatched receipts and outflows listed per side; the rest are counted. */
export const UNMATCHED_SHOWN = 50;
/** Tables whose change may change what the ledger screens show (suggestions read receipts, the buffer approvals). */
export const LEDGER_TABLES = ['ledger_accounts', 'ledger_entries', 'reconciliation_rejections', 'receipts', 'approvals'] as const;

const emptyEntries: PagedList<LedgerEntryRow, string> = { items: [], nextCursor: null, status: 'idle', loadingMore: false, error: null };

export const ledgerInitialState: LedgerState = {
  ledgerTab: 'accounts',
  accounts: idle(),
  selectedAccountId: null,
  entries: emptyEntries,
  reconciliation: idle(),
  unmatched: idle(),
  cashBuffer: idle(),
};

/** The ledger slice over `api`. */
export function createLedgerSlice(api: ValhallaApi): SliceCreator<LedgerSlice> {
  let entriesRequest = 0;
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      const s = get();
      const touches = (...names: string[]) => tables === null || names.some((t) => tables.has(t));
      const jobs: Promise<void>[] = [];
      // a linked receipt's vendor may have been edited: the entries carry it
      if (s.accounts.status !== 'idle' && touches('ledger_accounts', 'ledger_entries')) jobs.push(s.loadAccounts());
      else if (s.entries.status !== 'idle' && touches('receipts')) jobs.push(s.loadEntries());
      if (s.reconciliation.status !== 'idle' && touches('ledger_entries', 'reconciliation_rejections', 'receipts', 'ledger_accounts')) jobs.push(s.loadReconciliation());
      if (s.unmatched.status !== 'idle' && touches('ledger_entries', 'receipts', 'ledger_accounts')) jobs.push(s.loadUnmatched());
      if (s.cashBuffer.status !== 'idle' && touches('ledger_accounts', 'ledger_entries', 'approvals')) jobs.push(s.loadCashBuffer());
      await Promise.all(jobs);
    });
    return {
      ...ledgerInitialState,

      setLedgerTab(tab) {
        set({ ledgerTab: tab });
      },

      async loadAccounts() {
        set({ accounts: loading(get().accounts) });
        const result = await api.query('ledger.accounts', {});
        set({ accounts: settled(result) });
        if (!result.ok) return;
        const selected = get().selectedAccountId;
        if (selected && result.value.some((a) => a.id === selected)) await get().loadEntries();
        else get().selectAccount(result.value[0]?.id ?? null);
      },

      selectAccount(id) {
        entriesRequest += 1;
        set({ selectedAccountId: id, entries: emptyEntries });
        if (id) void get().loadEntries();
      },

      async loadEntries() {
        const accountId = get().selectedAccountId;
        if (!accountId) return;
        const request = ++entriesRequest;
        const prev = get().entries;
        set({ entries: { ...prev, status: prev.status === 'ready' ? 'ready' : 'loading', loadingMore: false } });
        const result = await api.query('ledger.entries', { accountId, limit: ENTRY_PAGE });
        if (request !== entriesRequest) return;
        set({
          entries: result.ok
            ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', loadingMore: false, error: null }
            : { items: [], nextCursor: null, status: 'error', loadingMore: false, error: result.error.message },
        });
      },

      async loadMoreEntries() {
        const accountId = get().selectedAccountId;
        const prev = get().entries;
        if (!accountId || !prev.nextCursor || prev.loadingMore) return;
        const request = entriesRequest;
        set({ entries: { ...prev, loadingMore: true, error: null } });
        const result = await api.query('ledger.entries', { accountId, limit: ENTRY_PAGE, cursor: prev.nextCursor });
        if (request !== entriesRequest) return;
        const now = get().entries;
        set({
          entries: result.ok
            ? { ...now, items: [...now.items, ...result.value.items], nextCursor: result.value.nextCursor, loadingMore: false }
            : { ...now, loadingMore: false, error: result.error.message },
        });
      },

      async loadReconciliation() {
        set({ reconciliation: loading(get().reconciliation) });
        set({ reconciliation: settled(await api.query('reconcile.suggestions', { limit: 100 })) });
      },

      async loadUnmatched() {
        set({ unmatched: loading(get().unmatched) });
        set({ unmatched: settled(await api.query('reconcile.unmatched', { limit: UNMATCHED_SHOWN })) });
      },

      async loadCashBuffer() {
        set({ cashBuffer: loading(get().cashBuffer) });
        set({ cashBuffer: settled(await api.query('ledger.cashBuffer', { days: 30 })) });
      },

      openReceipt(receiptId) {
        const s = get();
        s.setReceiptsTab('list');
        s.selectReceipt(receiptId);
        s.navigate('receipts');
      },

      refreshLedger(tables) {
        if (tables && !LEDGER_TABLES.some((t) => tables.includes(t))) return Promise.resolve();
        return refresh(tables);
      },
    };
  };
}

export const ledgerSelectors = {
  selectedAccount: (s: AppState): Account | null => s.accounts.data?.find((a) => a.id === s.selectedAccountId) ?? null,
  /** Whether the ledger has no account yet (false while unknown). */
  noAccounts: (s: AppState) => s.accounts.status === 'ready' && (s.accounts.data?.length ?? 0) === 0,
};
