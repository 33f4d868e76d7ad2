/**
 * Vendor names as the engine compares them (duplicates, reconciliation, the category a
 * vendor was last filed under), the same in main and in the console.
 */

/**
 * A vendor name reduced for comparison: upper case, punctuation to spaces, company-form
 * words (SDN, BHD, S/B, LTD, PLC, INC, CO, ENTERPRISE) dropped, spaces collapsed; null for
 * none. `vendorKey('Book Ta.K (Taman Daya) Sdn Bhd')` → `'BOOK TA K TAMAN DAYA'`.
 */
export function vendorKey(vendor: string | null): string | null {
  if (!vendor) return null;
  const words = vendor
    .toUpperCase()
    .replace(/\bS\/B\b/g, ' ')
    .replace(/[^A-Z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !['SDN', 'BHD', 'LTD', 'PLC', 'INC', 'CO', 'ENTERPRISE', 'ENTERPRISES', 'THE'].includes(w));
  return words.join(' ') || null;
}
