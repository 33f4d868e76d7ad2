import { describe, expect, it } from 'vitest';
import { DEFAULT_CURRENCY, formatMoney, householdCurrency, minorUnitDigits } from '../../shared/domain/money';

describe('money', () => {
  it('formats integer minor units by the currency’s own decimals', () => {
    expect(formatMoney(26000, 'EUR')).toBe('€260.00');
    expect(formatMoney(-660, 'CAD')).toBe('-CA$6.60');
    expect(formatMoney(300, 'JPY')).toBe('¥300');
    expect([minorUnitDigits('EUR'), minorUnitDigits('JPY'), minorUnitDigits('KWD')]).toEqual([2, 0, 3]);
  });

  it('the household currency is the setting, else the default', () => {
    expect(householdCurrency('GBP')).toBe('GBP');
    expect(householdCurrency(null)).toBe(DEFAULT_CURRENCY);
    expect(householdCurrency(undefined)).toBe('EUR');
  });
});
