/** Vite's `?url` imports: the URL of the emitted asset (e.g. pdf.js's worker). */
declare module '*?url' {
  const url: string;
  export default url;
}
