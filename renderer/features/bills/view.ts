/** How bills read: their status as a badge. */
import type { Bill } from '../../../shared/contract';
import type { Tone } from '../../ui/Badge';

export const BILL_STATUS_LABELS: Record<Bill['status'], string> = { overdue: 'Overdue', due: 'Due', upcoming: 'Upcoming', paid_up: 'Paid up', ended: 'Ended' };

/** Overdue red, due yellow, upcoming blue, paid up green, ended grey. */
export function billStatusTone(status: Bill['status']): Tone {
  return status === 'overdue' ? 'bad' : status === 'due' ? 'warn' : status === 'upcoming' ? 'info' : status === 'paid_up' ? 'ok' : 'neutral';
}
