/**
 * The performance report (issue 18, item 7): `npm run bench` keeps its figures in
 * `bench/results.json` (a run of one suite replaces that suite's keys and keeps the rest,
 * so the file always holds the latest figure of each) and rewrites the README's table
 * between `<!-- bench:table:start -->` and `<!-- bench:table:end -->` from it. Each row is a
 * figure, its baseline measured in the same run, their ratio and the target; absolute times
 * are labelled with the machine they were measured on.
 *
 * Keys kept stable across runs so figures compare: `governedExecuteSameRows.ratio`,
 * `governedSpend.ratio`, `reorderPolicy.stockoutReduction`, `reorderPolicy.avgStockRatio`,
 * `quantiles.p90Coverage`, `backtest.wapeBelowBetterBaseline` (fractions, not percents).
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** `bench/results.json`. */
export interface BenchFile {
  machine: { node: string; cpus: number; cpuModel: string; platform: string; at: string };
  /** When each top-level key was last measured (ISO instant). */
  measuredAt: Record<string, string>;
  results: Record<string, unknown>;
}

type Results = Record<string, Record<string, unknown> | undefined>;
type Row = [benchmark: string, figure: string, baseline: string, ratio: string, target: string];

export const TABLE_START = '<!-- bench:table:start -->';
export const TABLE_END = '<!-- bench:table:end -->';

const n = (v: unknown, digits = 2): string => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-GB', { maximumFractionDigits: digits }) : '—');
const pct = (v: unknown, digits = 1): string => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(digits)} %` : '—');
const x = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
const get = (r: Record<string, unknown> | undefined, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r);
/** "met" or "missed" against an upper or lower bound, or nothing when there is no figure. */
const verdict = (value: unknown, bound: number, kind: 'max' | 'min'): string =>
  typeof value !== 'number' || !Number.isFinite(value) ? '' : (kind === 'max' ? value <= bound : value >= bound) ? ' (met)' : ' (**missed**)';

/** The table rows, from the results of every suite (rows whose suite never ran are left out). */
export function performanceRows(results: Results): Row[] {
  const rows: Row[] = [];
  const add = (key: string, row: (r: Record<string, unknown>) => Row) => {
    const r = results[key];
    if (r && !('skipped' in r)) rows.push(row(r));
  };
  add('governedExecuteSameRows', (r) => [
    `governed \`execute\` (\`${String(r.action)}\`): ${n(r.rows)} rows, ${n(r.pagesPerCommit, 1)} pages per commit`,
    `${n(r.governedMs, 4)} ms`,
    `the same rows written bare, one transaction each, same indexes and pragmas: ${n(r.sameRowsBareMs, 4)} ms (${n(r.barePagesPerCommit, 1)} pages)`,
    x(r.ratio),
    `≤ 1.3×${verdict(r.ratio, 1.3, 'max')}`,
  ]);
  add('governedSpend', (r) => {
    const same = results.governedSpendSameRows;
    return [
      `governed spend with approval and two cap scopes (\`purchases.execute\`)${same ? `: ${n(same.rows)} rows, ${n(same.pagesPerCommit, 1)} pages per commit; ${x(same.ratio)} its own rows written bare` : ''}`,
      `${n(r.spendWithApprovalAndCapsMs, 4)} ms`,
      `governed non-spend (\`governance.setBand\`): ${n(r.nonSpendMs, 4)} ms${typeof r.sameRowsBareRatio === 'number' ? `; bare rows, spend / non-spend: ${x(r.sameRowsBareRatio)}` : ''}`,
      x(r.ratio),
      `≤ 1.3×${verdict(r.ratio, 1.3, 'max')}`,
    ];
  });
  add('governedExecute', (r) => [`governed \`execute\` action (\`governance.setBand\`) against one bare row`, `${n(r.governedMs, 4)} ms`, `a bare one-row insert, same pragmas: ${n(r.bareInsertMs, 4)} ms`, x(r.ratio), '—']);
  add('planMode', (r) => ['`plan` mode', `${n(r.perSecond, 0)} /s`, 'execute', x(r.ratioToExecute), '—']);
  add('auditVerify', (r) => [`\`audit.verify\`, ${n(r.events, 0)} events, then the anchor check`, `${n(r.eventsPerSecond, 0)} events/s`, `bare scan of the same rows: ${n(r.bareScanPerSecond, 0)} rows/s`, x(r.ratioToBareScan), `≥ 300,000/s${verdict(r.eventsPerSecond, 300_000, 'min')}`]);
  add('browserRoundTrip', (r) => ['browser-mode query round trip', `p50 ${n(r.p50Ms, 3)} ms, p99 ${n(r.p99Ms, 3)} ms`, `in-process query p50 ${n(r.inProcessP50Ms, 3)} ms`, x(r.ratioP50ToInProcess), `p50 ≤ 1 ms${verdict(r.p50Ms, 1, 'max')}`]);
  add('salesImport', (r) => [`sales import, all ${n(r.rows, 0)} rows of the UCI file`, `${n(r.seconds)} s (${n(r.rowsPerSecond, 0)} rows/s), peak RSS ${n(r.peakRssMb, 0)} MB`, `same rows, same CSV reader, bare insert in one transaction: ${n(r.bareInsertSeconds)} s`, x(r.ratioToBareInsert), `≤ 3×, < 20 s, ≤ 400 MB${verdict(r.ratioToBareInsert, 3, 'max')}`]);
  add('forecastRollup', (r) => [`\`forecast.rollup { limit: ${String(r.limit)} }\` on the imported shop`, `p50 ${n(r.p50Ms, 1)} ms, p99 ${n(r.p99Ms, 1)} ms`, '—', '—', `p50 ≤ 20 ms${verdict(r.p50Ms, 20, 'max')}`]);
  add('backtest', (r) => {
    const t90 = get(r, 'trailing90.wape');
    const t28 = get(r, 'trailing28.wape');
    const below = typeof r.wapeBelowBetterBaseline === 'number' ? r.wapeBelowBetterBaseline : NaN;
    return [
      `forecast backtest, rolling origin (${String(r.origins)} weekly origins, ${String(r.horizonDays)}-day horizon, ${n(r.itemsScored, 0)} item-origins): WAPE`,
      n(get(r, 'method.wape'), 3),
      `better of trailing 28 (${n(t28, 3)}) and trailing 90 days (${n(t90, 3)})`,
      `${pct(below)} below`,
      `≥ 15 % below${verdict(below, 0.15, 'min')}`,
    ];
  });
  add('quantiles', (r) => [`P90 of demand over lead time + review period (${String(r.horizonDays)} days): share of ${n(r.itemOrigins, 0)} item-origins at or under it`, pct(r.p90Coverage), `P50: ${pct(r.p50Coverage)}; earlier weeks P90 ${pct(get(r, 'earlierWeeks.p90Coverage'))}`, '—', `88–92 %${typeof r.p90Coverage === 'number' ? (r.p90Coverage >= 0.88 && r.p90Coverage <= 0.92 ? ' (met)' : ' (**missed**)') : ''}`]);
  add('reorderPolicy', (r) => {
    const ours = get(r, 'policies.ours') as Record<string, unknown> | undefined;
    const t28 = get(r, 'policies.trailing28') as Record<string, unknown> | undefined;
    const t90 = get(r, 'policies.trailing90') as Record<string, unknown> | undefined;
    const fmt = (p: Record<string, unknown> | undefined) => (p ? `${n(p.stockoutItemDays, 0)} stock-out item-days, ${n(p.avgStockUnits, 0)} units held on average, ${n(p.ordersPlaced, 0)} orders` : '—');
    const met = typeof r.stockoutReduction === 'number' && typeof r.avgStockRatio === 'number' ? (r.stockoutReduction >= 0.3 && r.avgStockRatio <= 1 ? ' (met)' : ' (**missed**)') : '';
    return [
      `reorder-policy simulation on the real year (${n(r.items, 0)} items, ${n(r.scoredDays, 0)} days scored, lead time ${String(r.leadTimeDays)} days, weekly review): order up to our P90 vs the trailing averages`,
      `ours: ${fmt(ours)}`,
      `trailing 28 days: ${fmt(t28)}; trailing 90: ${fmt(t90)}`,
      `${pct(r.stockoutReduction)} fewer stock-out item-days, ${x(r.avgStockRatio)} the stock`,
      `≥ 30 % fewer at ≤ 1× the stock${met}`,
    ];
  });
  add('receiptsSearch', (r) => [`receipts search, ${n(r.receipts, 0)} receipts, typed a letter at a time`, `p50 ${n(r.p50Ms, 2)} ms, p99 ${n(r.p99Ms, 2)} ms`, `unindexed \`LIKE … LIMIT 50\` scan p50 ${n(r.likeScanP50Ms, 2)} ms`, x(r.ratioP50ToLikeScan), `p99 ≤ 30 ms${verdict(r.p99Ms, 30, 'max')}`]);
  add('receiptsImport', (r) => [`SROIE import, ${n(r.receipts, 0)} receipts (${n(r.files, 0)} files) with OCR text`, `${n(r.seconds)} s`, '—', '—', '—']);
  add('corpusImport', (r) => [`statement corpus: ${n(r.files, 0)} files, each into a fresh account`, `${n(r.seconds)} s: ${n(r.filesPerSecond, 0)} files/s, ${n(r.transactionsPerSecond, 0)} transactions/s`, `reading the same files only: ${n((r.parseOnlyMs as number) / 1000)} s`, x(r.ratioImportToParse), '—']);
  add('bankImport', (r) => [`bank statement import, largest fixture (${String(r.file)}, ${n(r.transactions, 0)} transactions)`, `${n(r.importMsMedian, 1)} ms; re-import, all duplicates ${n(r.reimportAllDuplicatesMs, 1)} ms`, `parsing only: ${n(r.parseOnlyMs, 1)} ms`, x(r.ratioImportToParse), '—']);
  for (const key of ['gzipBombRefusal', 'longLineRefusal']) {
    add(key, (r) => [key === 'gzipBombRefusal' ? 'refusing a gzip bomb (1 GiB of zeros) as a sales import' : `refusing a ${n(r.fileMb, 0)} MB single-line CSV`, `peak RSS ${n(r.peakRssMb, 0)} MB, refused in ${n(r.seconds)} s as \`${String(r.refusedAs)}\``, `a child that only opens the engine and stages the file: ${n(r.baselinePeakRssMb, 0)} MB`, x((r.peakRssMb as number) / (r.baselinePeakRssMb as number)), `≤ 400 MB${verdict(r.peakRssMb, 400, 'max')}`]);
  }
  add('reportsExport', (r) => [`audit report bundle, ${n(r.decisions, 0)} decisions and ${n(r.auditEvents, 0)} events`, `${n(r.seconds, 1)} s, peak RSS ${n(r.peakRssMb, 0)} MB, zip ${n(r.bundleMb, 1)} MB`, `bare \`SELECT\` of the same rows to CSV: ${n(r.bareCsvSeconds, 1)} s, ${n(r.bareCsvPeakRssMb, 0)} MB`, x(r.ratioToBareCsv), `≤ 10 s, ≤ 300 MB${typeof r.seconds === 'number' ? (r.seconds <= 10 && (r.peakRssMb as number) <= 300 ? ' (met)' : ' (**missed**)') : ''}`]);
  add('reportsVerify', (r) => [`verify of that bundle: alone / against the database (${n(r.eventsChecked, 0)} events)`, `${n(r.bundleAloneSeconds, 1)} s / ${n(r.againstDatabaseSeconds, 1)} s`, 'the export', `${x(r.ratioToExport)} / ${x(r.againstDatabaseRatioToExport)}`, '—']);
  add('dailyTick', (r) => [`daily tick over the imported real shop (${n(r.items, 0)} items)`, `${n(r.seconds)} s, ${n(r.recommendationsMade, 0)} reorders proposed`, `\`forecast.rollup { limit: 500 }\`: ${n(r.forecastReadSeconds)} s`, x(r.ratioToForecastRead), `≤ 2 s${verdict(r.seconds, 2, 'max')}`]);
  add('backupShop', (r) => [`backup of the imported real shop (${n(r.databaseMb, 0)} MB database)`, `${n(r.seconds)} s, ${n(r.backupMb, 1)} MB zip, verified`, `copying the database file: ${n(r.copyFileSeconds, 3)} s`, x((r.seconds as number) / (r.copyFileSeconds as number)), '—']);
  add('cliColdStart', (r) => ['`valhalla query governance.state`, a cold start of the installed CLI', `median ${n(r.queryMedianMs, 0)} ms; \`--help\` ${n(r.helpMedianMs, 0)} ms`, `bare \`node -e 0\`: ${n(r.bareNodeMedianMs, 0)} ms`, `${x(r.queryRatio)}; \`--help\` ${x(r.helpRatio)}`, `≤ 3×${verdict(r.queryRatio, 3, 'max')}`]);
  add('capture', (r) => {
    const a = (r.accuracy ?? {}) as Record<string, number>;
    return [
      `receipt capture, ${n(r.receipts, 0)} SROIE scans: exact date / total / vendor (as printed, cold) / vendor key (known vendors)`,
      `${n(r.secondsPerReceipt)} s per receipt; ${pct(a.date)} / ${pct(a.total)} / ${pct(a.vendorCold)} / ${pct(a.vendorKeyWarm)}`,
      `tesseract.js alone, one reading: ${n(r.bareTesseractSecondsPerReceipt)} s`,
      x(r.ratio),
      `date ≥ 90 %${verdict(a.date, 0.9, 'min')}, total ≥ 85 %${verdict(a.total, 0.85, 'min')}, vendor ≥ 75 %${verdict(a.vendorKeyWarm, 0.75, 'min')}, ≤ 4 s`,
    ];
  });
  return rows;
}

/** The markdown table, with the machine it was measured on. */
export function performanceTable(file: BenchFile): string {
  const m = file.machine;
  const header = `Latest \`npm run bench\` (\`bench/results.json\`), measured on ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${m.platform}; every ratio is to a baseline measured in the same run.`;
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| benchmark | figure | baseline (same run) | ratio | target |', '| --- | --- | --- | --- | --- |', ...performanceRows(file.results as Results).map((r) => `| ${r.map(esc).join(' | ')} |`)];
  return `${header}\n\n${lines.join('\n')}`;
}

/** Replaces the README's table between the markers; throws when the markers are missing. */
export function updateReadme(readmePath: string, file: BenchFile): void {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${readmePath} has no ${TABLE_START} … ${TABLE_END} markers`);
  writeFileSync(readmePath, `${text.slice(0, start + TABLE_START.length)}\n${performanceTable(file)}\n${text.slice(end)}`);
}

/** Merges a run's results into `bench/results.json` (keys measured now replace the old). */
export function mergeResults(path: string, machine: BenchFile['machine'], results: Record<string, unknown>): BenchFile {
  let previous: BenchFile | null = null;
  try {
    previous = JSON.parse(readFileSync(path, 'utf8')) as BenchFile;
  } catch {
    previous = null;
  }
  const measuredAt = { ...(previous?.measuredAt ?? {}) };
  for (const key of Object.keys(results)) measuredAt[key] = machine.at;
  const merged: BenchFile = { machine, measuredAt, results: { ...(previous?.results ?? {}), ...results } };
  writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}
