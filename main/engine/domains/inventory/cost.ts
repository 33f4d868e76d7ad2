/**
 * Unit cost follows purchases: the weighted average cost method (IAS 2 "Inventories",
 * paragraph 25 and 27: "the cost of each item is determined from the weighted average of
 * the cost of similar items at the beginning of a period and the cost of similar items
 * purchased ... during the period ... the average may be calculated ... as each additional
 * shipment is received"), computed as each purchase arrives — the perpetual moving average:
 *
 *   new unit cost = (onHand × old + qty × price) / (onHand + qty)
 *
 * where onHand is the stock before the purchase (less than zero counts as zero), old the
 * item's unit cost before it (none, or nothing on hand: the purchase's price is the new cost),
 * qty the quantity bought and price its unit cost. Money is integer minor units: the result
 * is rounded half up to a whole minor unit, computed exactly (quantities have at most 3
 * decimals, so they are scaled to thousandths and the division is done in BigInt).
 */

/**
 * The item's new unit cost in minor units after buying `qty` at `priceMinor` each, with
 * `onHand` on hand at `oldMinor` (null: no cost known). Throws RangeError for a quantity
 * that is not more than zero or a negative price.
 */
export function movingAverageCost(onHand: number, oldMinor: number | null, qty: number, priceMinor: number): number {
  if (!(qty > 0)) throw new RangeError('the quantity bought must be more than 0');
  if (!Number.isInteger(priceMinor) || priceMinor < 0) throw new RangeError('the price must be a whole, non-negative number of minor units');
  const held = BigInt(Math.round(Math.max(0, onHand) * 1000));
  if (oldMinor === null || held === 0n) return priceMinor;
  const bought = BigInt(Math.round(qty * 1000));
  const num = held * BigInt(oldMinor) + bought * BigInt(priceMinor);
  const den = held + bought;
  // round half up: floor((2·num + den) / (2·den)) for non-negative values
  return Number((2n * num + den) / (2n * den));
}
