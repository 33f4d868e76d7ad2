/**
 * The audit report's `report.pdf` (DOMAIN.md "Alerts, notifications, ops board, reports"):
 * a title block naming the range, who generated it, the range's audit sequence numbers, the
 * chain head and the installation key; then decisions by status, approvals, spend by category
 * and by day against the cap, cap warnings and overrides, band, kill-switch and go-live
 * changes, work sessions and playbook runs. Drawn with pdfkit's built-in Helvetica and Courier
 * (no font files: works offline), so text is limited to the WinAnsi character set.
 */
import PDFDocument from 'pdfkit';
import { DECISION_STATUSES } from '../../../shared/contract/schemas';
import { formatMoney, minorUnitDigits } from '../../../shared/domain/money';
import { dayNumber, dayToDate } from '../../../shared/domain/time';
import { capOn, LIST_LIMIT, type DecisionStatus, type Listed, type ReportSummary } from './summary';

/** What the report says about its making: when, by whom, with which app, the chain head and the signing key. */
export interface ReportMeta {
  /** ISO-8601 UTC instant. */
  generatedAt: string;
  /** Operator name. */
  generatedBy: string;
  appVersion: string;
  /** The audit chain's head when the report was generated; null for an empty chain. */
  chainHead: { seq: number; hash: string } | null;
  /** SHA-256 of the installation key's SPKI DER, hex in groups of four. */
  keyFingerprint: string;
  /** The installation's Ed25519 public key, SPKI PEM. */
  publicKeyPem: string;
  householdName?: string;
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const MONO = 'Courier';
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const HEADER_FILL = '#e4e7eb';
const ZEBRA = '#f5f7fa';
const BAR = '#3e7cb1';
const WARN = '#d9822b';
const DANGER = '#c23030';
const STATUS_COLORS: Record<DecisionStatus, string> = { OK: '#3d8f5a', BLOCKED: DANGER, PENDING_APPROVAL: WARN, INVALID: '#8a94a6', ERROR: '#7a1f2b' };
const MARGIN = { top: 54, bottom: 64, left: 50, right: 50 };
/** A table row never grows past this (points); longer text ends with an ellipsis. */
const MAX_ROW_HEIGHT = 150;
/** The day chart shows every day of ranges up to this long, else only the days with usage. */
const MAX_CHART_DAYS = 92;
const EMPTY = 'None in this range.';

// ----- text -----

/** WinAnsi (Windows-1252) beyond Latin-1: what Helvetica can show in 0x80–0x9F. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * `text` as pdfkit's standard fonts can show it (WinAnsi): Latin-1 and the WinAnsi extras
 * pass; other spaces become a space, dashes and minus signs `-`; zero-width characters,
 * variation selectors and control characters (but newlines) are dropped; anything else (CJK,
 * emoji …) becomes `?`, one per code point.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch) || c === 0x0a) out += ch;
    else if (c === 0x09 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000) out += ' ';
    else if (c === 0x2010 || c === 0x2011 || c === 0x2212) out += '-';
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x200b && c <= 0x200f) || c === 0x2060 || (c >= 0xfe00 && c <= 0xfe0f) || c === 0xfeff) continue;
    else out += '?';
  }
  return out;
}

/**
 * Money from integer minor units with the household currency, by `formatMoney`
 * (`€1,234.50`); when its symbol is outside WinAnsi (e.g. `₹`), the ISO code instead
 * (`INR 1,234.50`), digits computed on integers.
 */
function money(minor: number, currency: string): string {
  const text = formatMoney(minor, currency);
  if (toWinAnsi(text) === text) return text;
  const digits = minorUnitDigits(currency);
  const unit = 10 ** digits;
  const abs = Math.abs(minor);
  const fraction = digits > 0 ? `.${String(abs % unit).padStart(digits, '0')}` : '';
  return `${minor < 0 ? '-' : ''}${currency} ${Math.trunc(abs / unit).toLocaleString('en')}${fraction}`;
}

const count = (n: number) => n.toLocaleString('en');

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as `YYYY-MM-DD HH:mm` in the household time zone. */
function localTime(instant: string | null, timeZone: string): string {
  if (!instant) return '';
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const shortHash = (hash: string) => hash.slice(0, 12);

// ----- layout -----

type Doc = PDFKit.PDFDocument;

interface Writer {
  doc: Doc;
  currency: string;
  timeZone: string;
  left: number;
  width: number;
}

const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when fewer than `height` points are left on this one. */
function ensureSpace(w: Writer, height: number): void {
  if (w.doc.y + height > bottom(w.doc)) {
    w.doc.addPage();
    w.doc.x = w.left;
  }
}

function write(w: Writer, text: string, options: { font?: string; size?: number; color?: string; gap?: number } = {}): void {
  const { doc } = w;
  doc.font(options.font ?? FONT).fontSize(options.size ?? 9.5).fillColor(options.color ?? INK);
  doc.text(toWinAnsi(text), w.left, doc.y, { width: w.width });
  doc.moveDown(options.gap ?? 0.2);
}

/** A section heading with a rule; keeps at least `keep` points of content with it. */
function heading(w: Writer, title: string, keep = 70): void {
  const { doc } = w;
  doc.moveDown(0.8);
  ensureSpace(w, 30 + keep);
  doc.font(BOLD).fontSize(13).fillColor(INK).text(toWinAnsi(title), w.left, doc.y, { width: w.width });
  const y = doc.y + 2;
  doc.moveTo(w.left, y).lineTo(w.left + w.width, y).lineWidth(0.6).strokeColor(RULE).stroke();
  doc.y = y + 6;
}

function subheading(w: Writer, title: string): void {
  w.doc.moveDown(0.3);
  ensureSpace(w, 60);
  write(w, title, { font: BOLD, size: 10.5, gap: 0.3 });
}

function empty(w: Writer): void {
  write(w, EMPTY, { font: ITALIC, color: MUTED });
}

/** The line under a capped list: how many rows were left out. */
function more<T>(w: Writer, list: Listed<T>): void {
  if (list.total > list.rows.length) {
    write(w, `… and ${count(list.total - list.rows.length)} more: the list stops at ${LIST_LIMIT} rows (the bundle's audit-event files hold every change).`, { font: ITALIC, size: 8.5, color: MUTED });
  }
}

interface Column {
  header: string;
  /** Relative width. */
  weight: number;
  align?: 'left' | 'right';
  font?: string;
}

/**
 * A table across the content width: rows wrap inside their cells, a row never splits, and a
 * page break repeats the header row.
 */
function table(w: Writer, columns: Column[], rows: string[][]): void {
  const { doc } = w;
  const size = 8;
  const padX = 4;
  const padY = 3;
  const total = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (c.weight / total) * w.width);
  const cellHeight = (text: string, i: number, font: string) => {
    doc.font(font).fontSize(size);
    return doc.heightOfString(text || ' ', { width: (widths[i] ?? 0) - 2 * padX });
  };
  const headerHeight = Math.max(...columns.map((c, i) => cellHeight(c.header, i, BOLD))) + 2 * padY;
  const drawRow = (cells: string[], y: number, height: number, header: boolean, fill: string | null) => {
    if (fill) doc.rect(w.left, y, w.width, height).fill(fill);
    let x = w.left;
    cells.forEach((cell, i) => {
      const column = columns[i] as Column;
      const width = widths[i] ?? 0;
      doc.font(header ? BOLD : (column.font ?? FONT)).fontSize(size).fillColor(INK);
      doc.text(cell, x + padX, y + padY, { width: width - 2 * padX, height: height - 2 * padY, align: column.align ?? 'left', ellipsis: true });
      x += width;
    });
  };
  const drawHeader = (y: number) => {
    drawRow(
      columns.map((c) => c.header),
      y,
      headerHeight,
      true,
      HEADER_FILL,
    );
    return y + headerHeight;
  };
  const prepared = rows.map((row) => {
    const cells = row.map(toWinAnsi);
    const height = Math.min(MAX_ROW_HEIGHT, Math.max(...cells.map((c, i) => cellHeight(c, i, columns[i]?.font ?? FONT))) + 2 * padY);
    return { cells, height };
  });
  ensureSpace(w, headerHeight + (prepared[0]?.height ?? 0));
  let y = drawHeader(doc.y);
  prepared.forEach(({ cells, height }, index) => {
    if (y + height > bottom(doc)) {
      doc.addPage();
      y = drawHeader(doc.page.margins.top);
    }
    drawRow(cells, y, height, false, index % 2 === 1 ? ZEBRA : null);
    y += height;
  });
  doc.moveTo(w.left, y).lineTo(w.left + w.width, y).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.x = w.left;
  doc.y = y + 6;
}

/** Label/value lines: labels in a muted column, values beside them (`mono` in Courier). */
function keyValues(w: Writer, pairs: { label: string; value: string; mono?: boolean }[]): void {
  const { doc } = w;
  const labelWidth = 108;
  for (const pair of pairs) {
    const value = toWinAnsi(pair.value);
    doc.font(pair.mono ? MONO : FONT).fontSize(pair.mono ? 8 : 9.5);
    const height = Math.max(doc.heightOfString(value, { width: w.width - labelWidth }), 12);
    ensureSpace(w, height);
    const y = doc.y;
    doc.font(FONT).fontSize(9).fillColor(MUTED).text(toWinAnsi(pair.label), w.left, y + (pair.mono ? 0.5 : 0), { width: labelWidth - 8 });
    doc
      .font(pair.mono ? MONO : FONT)
      .fontSize(pair.mono ? 8 : 9.5)
      .fillColor(INK)
      .text(value, w.left + labelWidth, y, { width: w.width - labelWidth });
    doc.y = y + height + 3;
  }
  doc.x = w.left;
}

interface Bar {
  label: string;
  value: number;
  display: string;
  color: string;
}

/** Horizontal bars, one per item, scaled to the largest value. */
function barChart(w: Writer, bars: Bar[]): void {
  const { doc } = w;
  const rowHeight = 17;
  const labelWidth = 120;
  const valueWidth = 80;
  const max = Math.max(1, ...bars.map((b) => b.value));
  ensureSpace(w, bars.length * rowHeight + 8);
  let y = doc.y + 2;
  const area = w.width - labelWidth - valueWidth;
  for (const bar of bars) {
    doc.font(FONT).fontSize(8.5).fillColor(INK).text(toWinAnsi(bar.label), w.left, y + 2, { width: labelWidth - 8, lineBreak: false, ellipsis: true });
    doc.rect(w.left + labelWidth, y, area, 11).fill(ZEBRA);
    const length = bar.value > 0 ? Math.max(1.5, (bar.value / max) * area) : 0;
    if (length > 0) doc.rect(w.left + labelWidth, y, length, 11).fill(bar.color);
    doc
      .font(FONT)
      .fontSize(8.5)
      .fillColor(INK)
      .text(toWinAnsi(bar.display), w.left + labelWidth + area + 6, y + 2, { width: valueWidth - 6, lineBreak: false });
    y += rowHeight;
  }
  doc.x = w.left;
  doc.y = y + 4;
}

/** A round axis step (1, 2, 2.5 or 5 × 10^k minor units) so that four steps reach `max`. */
function axisStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 2.5, 5, 10].find((f) => f * power >= raw) ?? 10;
  return Math.max(1, Math.round(factor * power));
}

/**
 * GLOBAL spend per household day as vertical bars (amber from 80 % of the day's cap, red at
 * 100 %), the day's cap (policy in force plus overrides) as a dashed red step line.
 */
function dayChart(w: Writer, summary: ReportSummary): void {
  const { doc } = w;
  const { range, spend } = summary;
  const byDay = new Map(spend.byDay.map((d) => [d.day, d]));
  const first = dayNumber(range.from);
  const last = dayNumber(range.to);
  const days = last - first + 1 <= MAX_CHART_DAYS ? Array.from({ length: last - first + 1 }, (_, i) => dayToDate(first + i)) : spend.byDay.map((d) => d.day);
  const capOf = (day: string) => {
    const policy = capOn(spend.globalCap, day);
    return policy === null ? null : policy + (byDay.get(day)?.overrideMinor ?? 0);
  };
  const caps = days.map(capOf);
  const max = Math.max(1, ...days.map((d) => byDay.get(d)?.spentMinor ?? 0), ...caps.map((c) => c ?? 0));
  const step = axisStep(max);
  const top = Math.ceil(max / step) * step;

  const height = 150;
  ensureSpace(w, height + 52);
  const axisWidth = 64;
  const x0 = w.left + axisWidth;
  const x1 = w.left + w.width - 4;
  const legendY = doc.y + 2;
  const y0 = legendY + 18;
  const y1 = y0 + height;
  const scale = (v: number) => y1 - (v / top) * height;

  doc.rect(x0, legendY + 1, 10, 7).fill(BAR);
  doc.font(FONT).fontSize(8).fillColor(INK).text('Spent (GLOBAL, all categories)', x0 + 14, legendY, { lineBreak: false });
  const capLegendX = x0 + 170;
  doc
    .moveTo(capLegendX, legendY + 4.5)
    .lineTo(capLegendX + 18, legendY + 4.5)
    .lineWidth(1.2)
    .strokeColor(DANGER)
    .dash(3, { space: 2 })
    .stroke()
    .undash();
  const capLabel = caps.some((c) => c !== null) ? 'Daily cap (policy in force + overrides)' : 'No GLOBAL daily spend cap';
  doc.fillColor(INK).text(capLabel, capLegendX + 22, legendY, { lineBreak: false });

  for (let v = 0; v <= top; v += step) {
    const y = scale(v);
    doc
      .moveTo(x0, y)
      .lineTo(x1, y)
      .lineWidth(0.4)
      .strokeColor(v === 0 ? MUTED : RULE)
      .stroke();
    doc
      .font(FONT)
      .fontSize(7)
      .fillColor(MUTED)
      .text(toWinAnsi(money(v, w.currency)), w.left, y - 3.5, { width: axisWidth - 6, align: 'right', lineBreak: false });
  }

  const slot = (x1 - x0) / Math.max(1, days.length);
  const barWidth = Math.max(1, slot * 0.7);
  days.forEach((day, i) => {
    const spent = byDay.get(day)?.spentMinor ?? 0;
    if (spent <= 0) return;
    const cap = caps[i] ?? null;
    const color = cap === null ? BAR : spent >= cap ? DANGER : spent >= cap * 0.8 ? WARN : BAR;
    const y = scale(Math.min(spent, top));
    doc.rect(x0 + i * slot + (slot - barWidth) / 2, y, barWidth, y1 - y).fill(color);
  });

  doc.lineWidth(1.2).strokeColor(DANGER).dash(3, { space: 2 });
  let drawing = false;
  days.forEach((_, i) => {
    const cap = caps[i] ?? null;
    if (cap === null) {
      drawing = false;
      return;
    }
    const y = scale(cap);
    if (drawing) doc.lineTo(x0 + i * slot, y);
    else doc.moveTo(x0 + i * slot, y);
    doc.lineTo(x0 + (i + 1) * slot, y);
    drawing = true;
  });
  doc.stroke().undash();

  const labelEvery = Math.max(1, Math.ceil(26 / slot));
  days.forEach((day, i) => {
    if (i % labelEvery !== 0) return;
    doc
      .font(FONT)
      .fontSize(6.5)
      .fillColor(MUTED)
      .text(day.slice(5), x0 + i * slot + slot / 2 - 15, y1 + 3, { width: 30, align: 'center', lineBreak: false });
  });
  doc.x = w.left;
  doc.y = y1 + 16;
}

// ----- sections -----

function titleBlock(w: Writer, summary: ReportSummary, meta: ReportMeta): void {
  const { doc } = w;
  const { range } = summary;
  write(w, `VALHALLA CONSOLE  ·  AUDIT REPORT${meta.householdName ? `  ·  ${meta.householdName}` : ''}`, { font: BOLD, size: 8.5, color: MUTED, gap: 0.4 });
  write(w, `Audit report ${range.from} – ${range.to}`, { font: BOLD, size: 22, gap: 0.2 });
  if (range.sessionId) {
    const session = summary.sessions.rows.find((s) => s.id === range.sessionId);
    const when = session ? `, started ${localTime(session.startedAt, w.timeZone)} by ${session.startedBy}${session.endedAt ? `, ended ${localTime(session.endedAt, w.timeZone)}` : ' (active)'}` : '';
    write(w, `Work session ${range.sessionId}${when}`, { size: 10.5, gap: 0.2 });
  }
  write(w, `Household days in ${range.timeZone}; times below are local to it. Money in ${range.currency}, from integer minor units.`, { size: 9, color: MUTED, gap: 0.8 });

  const { audit } = summary;
  const head = meta.chainHead;
  keyValues(w, [
    { label: 'Generated', value: `${localTime(meta.generatedAt, w.timeZone)} (${meta.generatedAt}) by ${meta.generatedBy}` },
    { label: 'Application', value: `Valhalla Console ${meta.appVersion}` },
    {
      label: 'Audit events in range',
      value: audit.firstSeq === null ? 'none' : `${count(audit.events)}, sequence ${count(audit.firstSeq)} to ${count(audit.lastSeq ?? audit.firstSeq)}`,
    },
    { label: 'Chain head', value: head ? `sequence ${count(head.seq)}` : 'empty chain' },
    ...(head ? [{ label: 'Chain head hash', value: head.hash, mono: true }] : []),
    { label: 'Installation key', value: `Ed25519, fingerprint (SHA-256 of the public key)` },
    { label: 'Fingerprint', value: meta.keyFingerprint, mono: true },
    { label: 'Public key', value: meta.publicKeyPem.trim(), mono: true },
  ]);

  doc.moveDown(0.6);
  const { decisions, approvals, spend } = summary;
  const tiles: [string, string][] = [
    [count(decisions.total), 'decisions executed'],
    [count(decisions.total - decisions.byStatus.OK), 'not OK'],
    [count(approvals.total), 'approvals'],
    [money(spend.totalMinor, w.currency), `spent in ${count(spend.count)} spends`],
    [count(summary.capWarnings.total), 'cap warnings'],
    [count(summary.capOverrides.total), 'cap overrides'],
    [count(summary.bandChanges.total), 'band changes'],
    [count(summary.killSwitch.total), 'kill-switch events'],
  ];
  const perRow = 4;
  const gap = 8;
  const tileWidth = (w.width - gap * (perRow - 1)) / perRow;
  const tileHeight = 40;
  ensureSpace(w, 2 * tileHeight + gap);
  const y = doc.y;
  tiles.forEach(([value, label], i) => {
    const x = w.left + (i % perRow) * (tileWidth + gap);
    const ty = y + Math.floor(i / perRow) * (tileHeight + gap);
    doc.roundedRect(x, ty, tileWidth, tileHeight, 3).lineWidth(0.6).fillAndStroke(ZEBRA, RULE);
    doc
      .font(BOLD)
      .fontSize(14)
      .fillColor(INK)
      .text(toWinAnsi(value), x + 8, ty + 6, { width: tileWidth - 16, lineBreak: false, ellipsis: true });
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(MUTED)
      .text(toWinAnsi(label), x + 8, ty + 25, { width: tileWidth - 16, lineBreak: false, ellipsis: true });
  });
  doc.x = w.left;
  doc.y = y + 2 * tileHeight + gap + 4;
}

function decisionsSection(w: Writer, summary: ReportSummary): void {
  const { decisions } = summary;
  heading(w, 'Decisions by status', 100);
  if (decisions.total === 0) return empty(w);
  write(w, `${count(decisions.total)} executed decisions (plans not counted).`, { size: 9, color: MUTED, gap: 0.4 });
  barChart(
    w,
    DECISION_STATUSES.map((status) => {
      const n = decisions.byStatus[status];
      return { label: status, value: n, display: `${count(n)} (${Math.round((n * 100) / decisions.total)} %)`, color: STATUS_COLORS[status] };
    }),
  );
  subheading(w, 'Top actions');
  table(
    w,
    [
      { header: 'Action', weight: 5, font: MONO },
      { header: 'Decisions', weight: 1.4, align: 'right' },
      { header: 'Not OK', weight: 1.4, align: 'right' },
    ],
    decisions.topActions.map((a) => [a.action, count(a.count), count(a.notOk)]),
  );
}

function approvalsSection(w: Writer, summary: ReportSummary): void {
  const { approvals } = summary;
  heading(w, 'Approvals');
  if (approvals.total === 0) return empty(w);
  const statuses = Object.entries(approvals.byStatus)
    .map(([status, n]) => `${count(n)} ${status}`)
    .join(', ');
  write(w, `${count(approvals.total)} requested or decided in range: ${statuses}.`, { size: 9, color: MUTED, gap: 0.4 });
  table(
    w,
    [
      { header: 'Requested', weight: 1.45 },
      { header: 'Title', weight: 1.8 },
      { header: 'Category', weight: 1.05 },
      { header: 'Amount', weight: 1.05, align: 'right' },
      { header: 'Status', weight: 0.9 },
      { header: 'Decided', weight: 1.45 },
      { header: 'Note', weight: 1.9 },
    ],
    approvals.rows.map((a) => [
      `${localTime(a.requestedAt, w.timeZone)}\nby ${a.requestedBy}`,
      a.title,
      a.category ?? '',
      money(a.amountMinor, w.currency),
      a.status,
      a.decidedBy ? `${a.decidedBy}${a.selfApproved ? ' (self-approved)' : ''}\n${localTime(a.decidedAt, w.timeZone)}` : '',
      a.decisionNote ?? '',
    ]),
  );
  more(w, approvals);
}

function spendSections(w: Writer, summary: ReportSummary): void {
  const { spend } = summary;
  heading(w, 'Spend by category', 100);
  if (spend.byCategory.length === 0) empty(w);
  else {
    write(w, `${money(spend.totalMinor, w.currency)} settled in ${count(spend.count)} spends. Daily caps are the policy in force at the end of the range.`, {
      size: 9,
      color: MUTED,
      gap: 0.4,
    });
    const label = (c: string | null) => c ?? '(no category)';
    barChart(
      w,
      spend.byCategory.slice(0, 12).map((c) => ({ label: label(c.category), value: c.spentMinor, display: money(c.spentMinor, w.currency), color: BAR })),
    );
    table(
      w,
      [
        { header: 'Category', weight: 2.2 },
        { header: 'Spent', weight: 1.3, align: 'right' },
        { header: 'Share', weight: 0.8, align: 'right' },
        { header: 'Spends', weight: 0.8, align: 'right' },
        { header: 'Busiest day', weight: 2.1 },
        { header: 'Daily cap', weight: 1.3, align: 'right' },
      ],
      spend.byCategory.map((c) => [
        label(c.category),
        money(c.spentMinor, w.currency),
        spend.totalMinor > 0 ? `${((c.spentMinor * 100) / spend.totalMinor).toFixed(1)} %` : '',
        count(c.count),
        `${c.peakDay}: ${money(c.peakDayMinor, w.currency)}`,
        c.dailyCapMinor === null ? 'none' : money(c.dailyCapMinor, w.currency),
      ]),
    );
  }

  heading(w, 'Spend by day against the cap', 220);
  if (spend.byDay.length === 0) return empty(w);
  write(
    w,
    summary.range.sessionId
      ? 'The session’s own spends per household day (GLOBAL scope).'
      : 'GLOBAL scope (every spend) per household day. Bars turn amber at 80 % of the day’s cap and red at 100 %.',
    { size: 9, color: MUTED, gap: 0.4 },
  );
  dayChart(w, summary);
  table(
    w,
    [
      { header: 'Day', weight: 1.2 },
      { header: 'Spent', weight: 1.3, align: 'right' },
      { header: 'Spends', weight: 0.8, align: 'right' },
      { header: 'Losses', weight: 1.2, align: 'right' },
      { header: 'Override', weight: 1.2, align: 'right' },
      { header: 'Cap', weight: 1.3, align: 'right' },
      { header: 'Used', weight: 0.8, align: 'right' },
    ],
    spend.byDay.map((d) => [
      d.day,
      money(d.spentMinor, w.currency),
      count(d.count),
      money(d.lossMinor, w.currency),
      d.overrideMinor ? money(d.overrideMinor, w.currency) : '',
      d.capMinor === null ? 'none' : money(d.capMinor, w.currency),
      d.capMinor ? `${Math.round((d.spentMinor * 100) / d.capMinor)} %` : '',
    ]),
  );
}

function capEventsSection(w: Writer, summary: ReportSummary): void {
  const { capWarnings, capOverrides } = summary;
  heading(w, 'Cap warnings and overrides');
  if (capWarnings.total === 0 && capOverrides.total === 0) return empty(w);
  subheading(w, 'Warnings (80 / 90 / 100 % of a daily cap)');
  if (capWarnings.total === 0) empty(w);
  else {
    table(
      w,
      [
        { header: 'At', weight: 1.3 },
        { header: 'Level', weight: 0.6, align: 'right' },
        { header: 'Scope', weight: 1 },
        { header: 'Message', weight: 4 },
        { header: 'Acknowledged by', weight: 1.2 },
      ],
      capWarnings.rows.map((c) => [localTime(c.at, w.timeZone), `${c.level} %`, c.scope ?? '', c.message, c.acknowledgedBy ?? 'open']),
    );
    more(w, capWarnings);
  }
  subheading(w, 'Overrides (an owner raised a day’s spend cap)');
  if (capOverrides.total === 0) empty(w);
  else {
    table(
      w,
      [
        { header: 'At', weight: 1.3 },
        { header: 'By', weight: 1.2 },
        { header: 'Scope', weight: 1 },
        { header: 'Day', weight: 1 },
        { header: 'Added', weight: 1.1, align: 'right' },
        { header: 'Reason', weight: 2.6 },
      ],
      capOverrides.rows.map((o) => [localTime(o.at, w.timeZone), o.by ?? '', o.scope, o.day, money(o.extraMinor, w.currency), o.reason ?? '']),
    );
    more(w, capOverrides);
  }
}

function governanceSections(w: Writer, summary: ReportSummary): void {
  const { bandChanges, killSwitch, goLiveChanges } = summary;
  heading(w, 'Band changes');
  if (bandChanges.total === 0) empty(w);
  else {
    table(
      w,
      [
        { header: 'At', weight: 1.3 },
        { header: 'By', weight: 1.3 },
        { header: 'From', weight: 0.6 },
        { header: 'To', weight: 0.6 },
        { header: 'Reason', weight: 4 },
      ],
      bandChanges.rows.map((b) => [localTime(b.at, w.timeZone), b.by ?? '', b.from, b.to, b.reason ?? '']),
    );
    more(w, bandChanges);
  }

  heading(w, 'Kill-switch events');
  if (killSwitch.total === 0) empty(w);
  else {
    table(
      w,
      [
        { header: 'At', weight: 1.3 },
        { header: 'By', weight: 1.3 },
        { header: 'Event', weight: 0.9 },
        { header: 'Reason', weight: 4.3 },
      ],
      killSwitch.rows.map((k) => [localTime(k.at, w.timeZone), k.by ?? '', k.event, k.reason ?? '']),
    );
    more(w, killSwitch);
  }

  heading(w, 'Go-live changes');
  if (goLiveChanges.total === 0) empty(w);
  else {
    table(
      w,
      [
        { header: 'At', weight: 1.3 },
        { header: 'By', weight: 1.3 },
        { header: 'Execution', weight: 0.9 },
        { header: 'Through', weight: 4.3, font: MONO },
      ],
      goLiveChanges.rows.map((g) => [localTime(g.at, w.timeZone), g.by ?? '', g.enabled ? 'on' : 'off', g.action]),
    );
    more(w, goLiveChanges);
  }
}

function sessionsSection(w: Writer, summary: ReportSummary): void {
  const { sessions } = summary;
  heading(w, 'Sessions');
  if (sessions.total === 0) return empty(w);
  table(
    w,
    [
      { header: 'Started', weight: 1.5 },
      { header: 'Ended', weight: 1.5 },
      { header: 'Decisions', weight: 0.9, align: 'right' },
      { header: 'Notes', weight: 4 },
    ],
    sessions.rows.map((s) => [
      `${localTime(s.startedAt, w.timeZone)}\nby ${s.startedBy}`,
      s.endedAt ? `${localTime(s.endedAt, w.timeZone)}\nby ${s.endedBy ?? ''}` : 'active',
      count(s.decisions),
      [s.startNotes ? `Start: ${s.startNotes}` : '', s.endNotes ? `End: ${s.endNotes}` : ''].filter(Boolean).join('\n'),
    ]),
  );
  more(w, sessions);
}

function runsSection(w: Writer, summary: ReportSummary): void {
  const { playbookRuns } = summary;
  heading(w, 'Playbook runs');
  if (playbookRuns.total === 0) return empty(w);
  table(
    w,
    [
      { header: 'Playbook', weight: 2.2 },
      { header: 'Status', weight: 1.1 },
      { header: 'Started', weight: 1.5 },
      { header: 'Ended', weight: 1.5 },
      { header: 'Steps', weight: 1.5 },
    ],
    playbookRuns.rows.map((r) => [
      `${r.title}\n${r.key} v${r.version}`,
      r.abandonReason ? `${r.status}: ${r.abandonReason}` : r.status,
      `${localTime(r.startedAt, w.timeZone)}\nby ${r.startedBy}`,
      r.endedAt ? `${localTime(r.endedAt, w.timeZone)}\nby ${r.endedBy ?? ''}` : '',
      `${r.done} done, ${r.skipped} skipped of ${r.steps}`,
    ]),
  );
  more(w, playbookRuns);
}

/** "page N of M" and the chain head's short hash at the foot of every buffered page. */
function footers(doc: Doc, summary: ReportSummary, meta: ReportMeta): void {
  const { start, count: pages } = doc.bufferedPageRange();
  const head = meta.chainHead ? `chain head ${meta.chainHead.seq} · ${shortHash(meta.chainHead.hash)}` : 'empty chain';
  for (let i = start; i < start + pages; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const width = doc.page.width - margins.left - margins.right;
    const y = doc.page.height - margins.bottom + 22;
    // text below the bottom margin would start a new page: lift the margin while writing
    const keep = margins.bottom;
    margins.bottom = 0;
    doc
      .moveTo(margins.left, y - 6)
      .lineTo(margins.left + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc
      .font(FONT)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(toWinAnsi(`Audit report ${summary.range.from} – ${summary.range.to}  ·  ${head}`), margins.left, y, { width, lineBreak: false });
    doc.text(`page ${i - start + 1} of ${pages}`, margins.left, y, { width, align: 'right', lineBreak: false });
    margins.bottom = keep;
  }
}

/**
 * Draws the report for `summary` (collectReportSummary) and `meta` into a new A4 PDF, ends
 * the document and returns it: a Readable the caller pipes (it holds the whole PDF until
 * read). Text outside WinAnsi (CJK, emoji …) is printed as `?`; money is formatted from
 * integer minor units of `summary.range.currency`; times are shown in `summary.range.timeZone`.
 */
export function renderReportPdf(summary: ReportSummary, meta: ReportMeta): PDFKit.PDFDocument {
  const { range } = summary;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: toWinAnsi(`Audit report ${range.from} – ${range.to}${range.sessionId ? ` (session ${range.sessionId})` : ''}`),
      Author: toWinAnsi(meta.generatedBy),
      Creator: `Valhalla Console ${meta.appVersion}`,
      Producer: 'Valhalla Console (pdfkit)',
      CreationDate: new Date(meta.generatedAt),
    },
  });
  const w: Writer = { doc, currency: range.currency, timeZone: range.timeZone, left: MARGIN.left, width: doc.page.width - MARGIN.left - MARGIN.right };
  titleBlock(w, summary, meta);
  decisionsSection(w, summary);
  approvalsSection(w, summary);
  spendSections(w, summary);
  capEventsSection(w, summary);
  governanceSections(w, summary);
  sessionsSection(w, summary);
  runsSection(w, summary);
  footers(doc, summary, meta);
  doc.end();
  return doc;
}
