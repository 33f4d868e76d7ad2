/**
 * How the shopping list reads: the sources' names, the approval of a big-ticket item as a
 * badge, and the parsing of a quick-add line ("Milk, 3.50", the amount the operator's way).
 */
import type { ShoppingItem, SHOPPING_SOURCES } from '../../../shared/contract';
import type { Tone } from '../../ui/Badge';
import { formatQty, minorToInput, parseMoneyInput } from '../inventory/format';

export type ShoppingSource = (typeof SHOPPING_SOURCES)[number];

/** A group's heading per source. */
export const SOURCE_LABELS: Record<ShoppingSource, string> = {
  low_stock: 'Low stock',
  forecast: 'Running out (forecast)',
  need: 'Needs from the schedule',
  quick_add: 'Quick add',
  manual: 'Added by hand',
};

/** What a big-ticket item's approval status means for buying it, and its colour. */
export function approvalView(item: Pick<ShoppingItem, 'bigTicket' | 'approvalId' | 'approvalStatus'>): { label: string; tone: Tone } | null {
  if (!item.bigTicket) return null;
  switch (item.approvalStatus) {
    case 'approved':
      return { label: 'Big ticket · approved', tone: 'ok' };
    case 'pending':
      return { label: 'Big ticket · approval pending', tone: 'warn' };
    case 'denied':
      return { label: 'Big ticket · approval denied', tone: 'bad' };
    case null:
      return { label: 'Big ticket · needs approval', tone: 'warn' };
    default:
      return { label: `Big ticket · approval ${item.approvalStatus}`, tone: 'neutral' };
  }
}

/** An item's quantity with its unit (`2 l`), or `—`. */
export function qtyText(item: Pick<ShoppingItem, 'qty' | 'unit'>): string {
  if (item.qty === null) return '—';
  return item.unit ? `${formatQty(item.qty)} ${item.unit}` : formatQty(item.qty);
}

export type QuickAddLine = { ok: true; name: string; estTotalMinor: number | undefined } | { ok: false; error: string };

/**
 * A quick-add line: `name` or `name, amount`, the amount in `currency` written the
 * operator's way (`parseMoneyInput`: `Milk, 3.50` in en-US, `Milk, 3,50` in de-DE), a
 * currency symbol or code before or after it allowed (`Milk, €3.50`, `Milk, 3,50 EUR`). A
 * text after the comma that is not shaped like an amount belongs to the name (`Eggs, large`).
 */
export function parseQuickAdd(text: string, currency: string): QuickAddLine {
  const line = text.trim();
  const match = /^(.+?),\s*((?:(?:[A-Z]{2,3}|[^\p{L}\d\s,.]{1,3})\s?)?[-−]?\d[\d.,'’\s]*?(?:\s?(?:[A-Z]{2,3}|[^\p{L}\d\s,.]{1,3}))?)$/u.exec(line);
  if (match) {
    const amount = parseMoneyInput(match[2]!, currency);
    if (!amount.ok) return { ok: false, error: `estimated total: ${amount.error}` };
    return { ok: true, name: match[1]!.trim(), estTotalMinor: amount.minor };
  }
  if (!line) return { ok: false, error: `type a name, e.g. ${quickAddExample(currency)}` };
  return { ok: true, name: line, estTotalMinor: undefined };
}

/** A quick-add line as an example, its amount the operator's way: `Milk, 3.50` in en-US, `Milk, 3,50` in de-DE. */
export function quickAddExample(currency: string): string {
  return `Milk, ${minorToInput(350, currency)}`;
}
