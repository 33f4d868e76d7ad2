/** node-ofx-parser ships no types: it parses OFX/QFX text (SGML or XML) into nested objects of strings. */
declare module 'node-ofx-parser' {
  const ofx: { parse(text: string): unknown; serialize(header: unknown, body: unknown): string };
  export default ofx;
}
