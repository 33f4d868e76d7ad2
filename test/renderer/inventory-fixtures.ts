/**
 * Builders for inventory rows as `inventory.items` returns them, for renderer tests.
 */
import type { ItemRow } from '../../shared/contract/inventory';
import { uuid } from './fake-api';

/** A forecast with nothing used, overridable. */
export function forecast(overrides: Partial<ItemRow['forecast']> = {}): ItemRow['forecast'] {
  return {
    onHand: 0,
    burnRatePerDay: 0,
    daysLeft: null,
    runOutDate: null,
    confidence: 'none',
    reorderPoint: 0,
    suggestedOrderQty: 0,
    belowMin: false,
    waste: null,
    demandDays: 0,
    lastDemandOn: null,
    basis: 'no demand history yet',
    ...overrides,
  };
}

/** An active item row named `name`, overridable (`forecast` merges into the default forecast). */
export function itemRow(name: string, overrides: Partial<Omit<ItemRow, 'forecast'>> & { forecast?: Partial<ItemRow['forecast']> } = {}): ItemRow {
  const { forecast: f, ...rest } = overrides;
  return {
    id: uuid(),
    name,
    sku: null,
    barcode: null,
    unit: 'pcs',
    category: null,
    locationId: null,
    minQty: 0,
    targetQty: 0,
    leadTimeDays: 7,
    shelfLifeDays: null,
    unitCostMinor: null,
    source: 'manual',
    archivedAt: null,
    createdAt: '2026-11-21T09:00:00.000Z',
    updatedAt: '2026-11-21T09:00:00.000Z',
    locationName: null,
    ...rest,
    forecast: forecast(f),
  };
}

/** A running-out forecast: `onHand` at `rate` per day, days left and run-out date from them (as of 2026-11-21). */
export function runningOut(onHand: number, rate: number, confidence: ItemRow['forecast']['confidence'] = 'medium'): Partial<ItemRow['forecast']> {
  const daysLeft = Math.round((onHand / rate) * 10) / 10;
  const runOut = new Date(Date.parse('2026-11-21T00:00:00Z') + Math.floor(daysLeft) * 86_400_000).toISOString().slice(0, 10);
  return { onHand, burnRatePerDay: rate, daysLeft, runOutDate: runOut, confidence, demandDays: 30 };
}
