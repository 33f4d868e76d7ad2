/**
 * The import review of a previewed statement: every row shown with a real checkbox (new rows
 * checked, duplicates and rows of an account left out shown but not importable, unreadable
 * rows listed with the engine's reason), "Include all" / "Exclude all" and the header
 * checkbox, and how many rows the import will add. Also what the reader passed over.
 */
import { useMemo } from 'react';
import type { Account } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { formatDay } from '../inventory/format';
import type { StatementPreview } from './statementSlice';
import { namesSeveralAccounts, reviewCounts, reviewLines, type ReviewLine, type SourceAccounts } from './importReview';
import { amountClass, formatSignedMoney } from './view';

const n = (v: number) => v.toLocaleString('en');
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

export interface StatementReviewProps {
  preview: StatementPreview;
  /** The currency the preview read the amounts in (the wizard's account's). */
  currency: string;
  excluded: readonly number[];
  sources: SourceAccounts;
  accounts: readonly Account[];
  disabled: boolean;
  onInclude: (rows: number[], included: boolean) => void;
}

/** The review table with its count and bulk choices. */
export function StatementReview({ preview: p, currency, excluded, sources, accounts, disabled, onInclude }: StatementReviewProps) {
  const { lines, hiddenErrors } = useMemo(() => reviewLines(p, excluded, sources), [p, excluded, sources]);
  const counts = useMemo(() => reviewCounts(p, excluded, sources), [p, excluded, sources]);
  const checkable = useMemo(() => lines.flatMap((l) => (l.checkable ? [l.row] : [])), [lines]);
  const several = namesSeveralAccounts(p);
  // only QIF files carry categories: no empty column for the other formats
  const hasCategories = p.rows.some((r) => r.category !== null);
  const all = counts.checkable > 0 && counts.checked === counts.checkable;
  const accountName = (source: string | null) => {
    if (source === null) return null;
    const target = sources[source];
    return target === null ? 'left out' : (accounts.find((a) => a.id === target)?.name ?? null);
  };
  // the columns an unreadable row's message spans: date to amount
  const span = 4 + (hasCategories ? 1 : 0) + (several ? 1 : 0);
  return (
    <div className="statement-review">
      <div className="review-bar">
        <p className="review-count" role="status">
          <strong>{n(counts.toImport)}</strong> of {plural(counts.total, 'row', 'rows')} will be imported
        </p>
        <div className="row">
          <Button small disabled={disabled || counts.checkable === 0 || all} onClick={() => onInclude(checkable, true)}>
            Include all
          </Button>
          <Button small disabled={disabled || counts.checked === 0} onClick={() => onInclude(checkable, false)}>
            Exclude all
          </Button>
        </div>
      </div>
      {counts.unseen > 0 ? (
        <p className="field-hint">
          The first {plural(p.rows.length, 'transaction is', 'transactions are')} listed. The other {n(counts.unseen)} are imported as they are (those already in the account are passed
          over): rows can be left out only among those listed.
        </p>
      ) : null}
      <div className="preview-scroll">
        <table className="table review-table" aria-label="Statement rows">
          {p.transactions > p.rows.length ? (
            <caption>
              The first {n(p.rows.length)} of {n(p.transactions)} transactions
            </caption>
          ) : null}
          <thead>
            <tr>
              <th scope="col" className="col-check">
                <input
                  type="checkbox"
                  aria-label="Include all rows"
                  checked={all}
                  disabled={disabled || counts.checkable === 0}
                  ref={(el) => void (el && (el.indeterminate = counts.checked > 0 && !all))}
                  onChange={(e) => onInclude(checkable, e.target.checked)}
                />
              </th>
              <th scope="col" className="num col-row">
                Row
              </th>
              <th scope="col">Date</th>
              <th scope="col">Payee</th>
              <th scope="col">Memo</th>
              {hasCategories ? <th scope="col">Category</th> : null}
              {several ? <th scope="col">Account in file</th> : null}
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) =>
              l.kind === 'error' ? (
                <tr key={`e${l.row}`} className="row-unreadable">
                  <td className="col-check">
                    <input type="checkbox" checked={false} disabled aria-label={`Row ${l.row} cannot be read`} />
                  </td>
                  <td className="num muted col-row">{l.row}</td>
                  <td colSpan={span} className="row-error">
                    <span className="review-row-number">Row {l.row}: </span>
                    {l.message}
                  </td>
                  <td className="col-status">
                    <Badge tone="bad">Unreadable</Badge>
                  </td>
                </tr>
              ) : (
                <tr key={l.row} className={l.status === 'new' ? undefined : l.status === 'duplicate' ? 'row-duplicate' : 'row-excluded'}>
                  <td className="col-check">
                    <input type="checkbox" checked={l.checked} disabled={disabled || !l.checkable} aria-label={checkboxLabel(l)} onChange={(e) => onInclude([l.row], e.target.checked)} />
                  </td>
                  <td className="num muted col-row">{l.row}</td>
                  <td className="nowrap col-date">{formatDay(l.transaction.date)}</td>
                  <td className="col-payee">{l.transaction.payee ?? <span className="muted">—</span>}</td>
                  <td className="muted col-memo">{l.transaction.memo ?? ''}</td>
                  {hasCategories ? <td className="col-category">{l.transaction.category ?? ''}</td> : null}
                  {several ? (
                    <td className="col-account">
                      {l.transaction.account ?? '—'}
                      {accountName(l.transaction.account) ? <span className="muted"> → {accountName(l.transaction.account)}</span> : null}
                    </td>
                  ) : null}
                  <td className={['num', 'nowrap', 'col-amount', amountClass(l.transaction.amountMinor)].filter(Boolean).join(' ')}>{formatSignedMoney(l.transaction.amountMinor, currency)}</td>
                  <td className="col-status">
                    <StatusBadge status={l.status} />
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {hiddenErrors > 0 ? <p className="field-hint">{plural(hiddenErrors, 'more unreadable row is', 'more unreadable rows are')} not listed; unreadable rows are never imported.</p> : null}
    </div>
  );
}

function checkboxLabel(l: Extract<ReviewLine, { kind: 'row' }>): string {
  if (l.status === 'duplicate') return `Row ${l.row}: already in the account`;
  if (l.status === 'leftOut') return `Row ${l.row}: its account is left out`;
  return `Import row ${l.row}`;
}

function StatusBadge({ status }: { status: Extract<ReviewLine, { kind: 'row' }>['status'] }) {
  switch (status) {
    case 'new':
      return <Badge tone="ok">New</Badge>;
    case 'excluded':
      return <Badge tone="neutral">Left out</Badge>;
    case 'duplicate':
      return (
        <span className="nowrap">
          <Badge tone="warn">Duplicate</Badge> <span className="muted">already in the account</span>
        </span>
      );
    case 'leftOut':
      return <Badge tone="neutral">Account left out</Badge>;
  }
}

/** What the reader passed over on purpose (a preamble, a trailer, other sections of a QIF export, investment statements). */
export function PassedOver({ notes, label = 'Passed over' }: { notes: readonly string[]; label?: string }) {
  if (notes.length === 0) return null;
  return (
    <div className="statement-notes">
      <p className="stat-label">{label}</p>
      <ul aria-label={label}>
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}
