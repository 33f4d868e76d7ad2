/** qif2json ships no types: it parses QIF text into `{ type, transactions }` (dates as ISO text, amounts as numbers). */
declare module 'qif2json' {
  const qif: { parse(text: string, options?: { dateFormat?: string | string[] }): { type: string; transactions: { date?: unknown; amount?: unknown; payee?: string; memo?: string; category?: string }[] } };
  export default qif;
}
