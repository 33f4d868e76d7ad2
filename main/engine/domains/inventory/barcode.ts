/**
 * Barcodes as a scanner types them: EAN-8, UPC-A (12 digits), EAN-13 and GTIN-14 are all
 * GTINs, which compare by their digits without leading zeros (GS1 General Specifications:
 * a GTIN is right-aligned in 14 digits, padded with zeros, so UPC-A 012345678905 and EAN-13
 * 0012345678905 name the same product).
 */
import { isScannedCode } from '../../../../shared/contract/inventory';

/** The GTIN comparison key of a code of 8–14 digits (leading zeros dropped), or null for any other code. */
export function gtinKey(code: string): string | null {
  return isScannedCode(code) ? code.replace(/^0+/, '') : null;
}
