/**
 * Running actions and keeping the screens fresh. Every state change in the console is
 * `execute(name, params)` → `api.dispatch(name, params, 'execute')`; the engine decides,
 * records a decision and pushes `db.changed`, on which every loaded resource is refetched.
 */
import { mayDispatch, type ActionInput, type ActionName, type Dispatched, type Result, type ValhallaApi } from '../../../shared/contract';
import type { AppState, SliceCreator } from '../../store/types';
import { automaticUndo, type UndoStep } from './undo';

/** A short message after an action, shown in a live region. */
export interface Notice {
  kind: 'ok' | 'error';
  text: string;
  /** What "Undo" on the notice runs (stock entries, receipt edits: see undo.ts); absent when there is nothing to undo. */
  undo?: UndoStep[];
}

export interface CommandsState {
  notice: Notice | null;
}

/** How `execute` reports its outcome. */
export interface ExecuteOptions {
  /**
   * Whether a refusal also goes to the notice bar (default `true`). Forms and dialogs that
   * show the refusal themselves pass `false`, so it is not shown twice.
   */
  announceFailure?: boolean;
}

export interface CommandsActions {
  /** Dispatches an action in `execute` mode, then refreshes; resolves with the envelope. */
  execute<K extends ActionName>(name: K, params: ActionInput<K>, options?: ExecuteOptions): Promise<Result<Dispatched<K>>>;
  /** Refetches every resource loaded so far (coalesced: one refresh runs at a time, plus one queued). */
  refresh(): Promise<void>;
  dismissNotice(): void;
  /** Offers `steps` as the "Undo" of the notice now shown (after an edit whose undo the caller knows, e.g. a receipt's). */
  offerUndo(steps: UndoStep[]): void;
  /** Runs the notice's undo steps at once, in order (no dialog); the notice then says how it went. */
  undoNotice(): Promise<void>;
}

export type CommandsSlice = CommandsState & CommandsActions;

export const commandsInitialState: CommandsState = { notice: null };

/** What to say when an action succeeded. */
const DONE: Record<ActionName, string> = {
  'setup.initialize': 'Owner profile created',
  'operators.create': 'Operator created',
  'operators.switch': 'Operator switched',
  'governance.setGoLive': 'Execution setting changed',
  'governance.setBand': 'Band changed',
  'governance.engageKillSwitch': 'Kill switch engaged',
  'governance.releaseKillSwitch': 'Kill switch released',
  'alerts.acknowledge': 'Alert acknowledged',
  'inventory.createLocation': 'Location added',
  'inventory.archiveLocation': 'Location archived',
  'inventory.createItem': 'Item added',
  'inventory.updateItem': 'Item saved',
  'inventory.archiveItem': 'Item archived',
  'inventory.record': 'Movement recorded',
  'inventory.consume': 'Consumption logged',
  'inventory.outOf': 'Marked as out of stock',
  'inventory.adjust': 'Stock count recorded',
  'inventory.transfer': 'Stock moved',
  'inventory.undoEntry': 'Entry undone',
  'inventory.importSales': 'Sales imported',
  'inventory.importItems': 'Items imported',
  'approvals.request': 'Approval requested',
  'approvals.decide': 'Approval decided',
  'approvals.cancel': 'Approval cancelled',
  'approvals.expire': 'Expired approvals closed',
  'caps.setPolicy': 'Cap policy saved',
  'caps.override': 'Cap raised for today',
  'governance.setBandPolicy': 'Band policy saved',
  'governance.setActionMinBand': 'Minimum band saved',
  'purchases.create': 'Purchase request drafted',
  'purchases.update': 'Purchase request saved',
  'purchases.advance': 'Purchase request moved on',
  'purchases.execute': 'Purchase made',
  'receipts.create': 'Receipt saved',
  'receipts.update': 'Receipt updated',
  'receipts.void': 'Receipt voided',
  'receipts.merge': 'Duplicate merged',
  'receipts.dismissDuplicate': 'Not a duplicate: kept both',
  'receipts.completeMany': 'Receipts completed',
  'receipts.renameCategory': 'Category changed',
  'receipts.importSroie': 'Receipts imported',
  'receipts.importCsv': 'Receipts imported',
  'receipts.capture': 'Receipt captured',
  'receipts.confirmCapture': 'Receipt confirmed',
  'ledger.createAccount': 'Account added',
  'ledger.record': 'Entry recorded',
  'ledger.categorize': 'Category set',
  'ledger.importStatement': 'Statement imported',
  'reconcile.accept': 'Receipt matched to the entry',
  'reconcile.reject': 'Suggestion dismissed',
  'playbooks.define': 'Playbook saved as a new version',
  'playbooks.start': 'Playbook run started',
  'playbooks.completeStep': 'Step completed',
  'playbooks.skipStep': 'Step skipped',
  'playbooks.abandon': 'Playbook run abandoned',
  'sessions.start': 'Session started',
  'sessions.end': 'Session ended',
  'reports.exportAudit': 'Audit report exported',
  'backup.configure': 'Backup folder saved',
  'backup.run': 'Backup written and verified',
  'backup.restore': 'Backup restored',
  'audit.check': 'Audit chain checked against its anchor',
  'shopping.add': 'Added to the shopping list',
  'shopping.quickAdd': 'Added to the shopping list',
  'shopping.update': 'Shopping item saved',
  'shopping.cancel': 'Taken off the shopping list',
  'shopping.bought': 'Marked bought',
  'shopping.generateFromInventory': 'Shopping list filled from inventory',
  'shopping.generateFromNeeds': 'Needs added to the shopping list',
  'schedule.create': 'Added to the schedule',
  'schedule.update': 'Schedule entry saved',
  'schedule.archive': 'Schedule entry ended',
  'schedule.complete': 'Marked done',
  'schedule.skip': 'Occurrence skipped',
  'bills.create': 'Bill added',
  'bills.pay': 'Bill paid',
  'scheduler.dailyTick': 'Daily tick run',
  'scheduler.runNow': 'Job ran',
  'health.check': 'Health checked',
  'alerts.acknowledgeGroup': 'Alerts acknowledged',
  'notifications.markRead': 'Notifications marked read',
  'settings.update': 'Settings saved',
  'settings.setCurrencyAndTimeZone': 'Currency and time zone saved',
  'recommendations.accept': 'Recommendation accepted',
  'recommendations.reject': 'Recommendation rejected',
  'recommendations.acceptMany': 'Recommendations accepted',
  'recommendations.rejectMany': 'Recommendations rejected',
  'charter.set': 'Charter saved',
  'kpi.record': 'KPI recorded',
  'tripwire.setPolicy': 'Tripwire saved',
  'tripwire.evaluate': 'Tripwires evaluated',
  'tripwire.resetBaseline': 'Baseline reset',
};

/** The commands slice over `api`. */
export function createCommandsSlice(api: ValhallaApi): SliceCreator<CommandsSlice> {
  let running: Promise<void> | null = null;
  let queued = false;

  async function refreshOnce(get: () => AppState): Promise<void> {
    const s = get();
    const jobs: Promise<void>[] = [s.loadSetup(), s.loadGovernance()];
    if (s.summary.status !== 'idle') jobs.push(s.loadSummary());
    if (s.operators.status !== 'idle') jobs.push(s.loadOperators());
    if (s.decisionList.status !== 'idle') jobs.push(s.loadDecisions());
    if (s.selectedDecisionId) jobs.push(s.selectDecision(s.selectedDecisionId));
    if (s.auditList.status !== 'idle') jobs.push(s.loadAudit());
    await Promise.all(jobs);
  }

  return (set, get) => ({
    ...commandsInitialState,

    async execute(name, params, options) {
      const result = await api.dispatch(name, params, 'execute');
      if (result.ok) {
        const undo = automaticUndo(name, result.value);
        const role = get().governance.data?.currentOperator?.role;
        const allowed = !undo || !role || undo.every((step) => mayDispatch(role, step.name));
        set({ notice: { kind: 'ok', text: DONE[name], ...(undo && allowed ? { undo } : {}) } });
      }
      else if (options?.announceFailure !== false) set({ notice: { kind: 'error', text: result.error.message } });
      else set({ notice: null });
      await get().refresh();
      return result;
    },

    refresh() {
      if (running) {
        queued = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            queued = false;
            await refreshOnce(get);
          } while (queued);
        } finally {
          running = null;
        }
      })();
      return running;
    },

    dismissNotice() {
      set({ notice: null });
    },

    offerUndo(steps) {
      const notice = get().notice;
      const role = get().governance.data?.currentOperator?.role;
      if (notice?.kind !== 'ok' || steps.length === 0 || (role && !steps.every((step) => mayDispatch(role, step.name)))) return;
      set({ notice: { ...notice, undo: steps } });
    },

    async undoNotice() {
      const notice = get().notice;
      if (!notice?.undo) return;
      set({ notice: { kind: 'ok', text: `Undoing: ${notice.text}…` } });
      for (const step of notice.undo) {
        const result = await api.dispatch(step.name, step.params as never, 'execute');
        if (!result.ok) {
          set({ notice: { kind: 'error', text: `Could not undo: ${result.error.message}` } });
          await get().refresh();
          return;
        }
      }
      set({ notice: { kind: 'ok', text: `Undone: ${notice.text}` } });
      await get().refresh();
    },
  });
}

export const commandsSelectors = {
  notice: (s: AppState) => s.notice,
};
