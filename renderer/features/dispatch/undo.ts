/**
 * Undo from the notice (issue 15, part 7): after a stock entry or a receipt edit, the notice
 * offers "Undo" for a few seconds; pressing it runs the compensating action at once, without
 * a dialog, recording `UNDO_FROM_TOAST` as its reason. The journal's undo, with a typed
 * reason, stays.
 */
import type { ActionInput, ActionName, Dispatched } from '../../../shared/contract';
import type { Receipt } from '../../../shared/contract/receipts';

/** The reason every undo from the notice records. */
export const UNDO_FROM_TOAST = 'undone from the toast';

/** How long a notice offers its undo, in milliseconds (paused while hovered or focused). */
export const UNDO_NOTICE_MS = 10_000;

/** One compensating action the notice's "Undo" runs. */
export type UndoStep = { [K in ActionName]: { name: K; params: ActionInput<K> } }[ActionName];

/** The stock actions whose entries the notice can undo (`inventory.undoEntry` per entry). */
const STOCK_ACTIONS = ['inventory.record', 'inventory.consume', 'inventory.outOf', 'inventory.adjust'] as const;
type StockAction = (typeof STOCK_ACTIONS)[number];

const isStockAction = (name: ActionName): name is StockAction => (STOCK_ACTIONS as readonly string[]).includes(name);

/**
 * The undo a successful action offers by itself, or null: a stock entry (purchase, consume,
 * out-of, count) is undone by `inventory.undoEntry` of each entry it wrote that moved stock.
 */
export function automaticUndo<K extends ActionName>(name: K, value: Dispatched<K>): UndoStep[] | null {
  if (!isStockAction(name)) return null;
  const result = value.result as Dispatched<StockAction>['result'];
  const steps: UndoStep[] = result.entries.filter((e) => e.qty !== 0).map((e) => ({ name: 'inventory.undoEntry', params: { seq: e.seq, reason: UNDO_FROM_TOAST } }));
  return steps.length ? steps : null;
}

/**
 * The `receipts.update` that puts back what an edit changed (`sent`: the edit's params;
 * `before`: the receipt as it was), with reason `UNDO_FROM_TOAST`; null when it cannot: a
 * vendor, date or total that was empty before cannot be emptied again by an edit.
 */
export function receiptRestore(before: Receipt, sent: ActionInput<'receipts.update'>): ActionInput<'receipts.update'> | null {
  const restore: ActionInput<'receipts.update'> = { id: before.id, reason: UNDO_FROM_TOAST };
  for (const key of Object.keys(sent) as (keyof typeof sent)[]) {
    if (key === 'id' || key === 'attachments' || key === 'reason' || sent[key] === undefined) continue;
    switch (key) {
      case 'vendor':
      case 'date':
      case 'totalMinor':
      case 'currency': {
        const was = before[key];
        if (was === null) return null;
        Object.assign(restore, { [key]: was });
        break;
      }
      case 'lines':
        restore.lines = before.lines.map((l) => ({ description: l.description, qty: l.qty, amountMinor: l.amountMinor }));
        break;
      case 'tags':
        restore.tags = [...before.tags];
        break;
      default:
        Object.assign(restore, { [key]: before[key] });
    }
  }
  return restore;
}
