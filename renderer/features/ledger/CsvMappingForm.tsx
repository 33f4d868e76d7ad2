/**
 * How a CSV statement's columns map to transactions: the date column and its layout, one
 * signed amount column or debit/credit columns, the decimal separator, the delimiter, and
 * the optional payee, memo and bank-id columns. Every change is passed up at once (the
 * wizard previews the file again with it).
 */
import { CSV_DATE_FORMATS } from '../../../shared/contract';
import { SelectField } from '../../ui/Field';
import { csvFormMissing, DELIMITER_LABELS, type CsvDateFormat, type CsvDelimiter, type CsvMappingForm as FormState } from './view';

const NOT_MAPPED = { value: '', label: '— not mapped —' };
const DATE_FORMAT_OPTIONS = CSV_DATE_FORMATS.map((f) => ({ value: f, label: f.replace(/y/g, 'Y').replace(/d/g, 'D') }));
const DECIMAL_OPTIONS = [
  { value: '.', label: 'Point (1,234.56)' },
  { value: ',', label: 'Comma (1.234,56)' },
];
const DELIMITER_OPTIONS = [{ value: '', label: 'Detect' }, ...(Object.keys(DELIMITER_LABELS) as CsvDelimiter[]).map((d) => ({ value: d, label: DELIMITER_LABELS[d] }))];

export interface CsvMappingFormProps {
  form: FormState;
  columns: readonly string[];
  onChange: (form: FormState) => void;
  disabled?: boolean;
}

/** The column mapping fieldset of the import wizard. */
export function CsvMappingForm({ form, columns, onChange, disabled = false }: CsvMappingFormProps) {
  const options = [NOT_MAPPED, ...columns.map((c) => ({ value: c, label: c }))];
  const missing = Object.fromEntries(csvFormMissing(form));
  const set = (patch: Partial<FormState>) => onChange({ ...form, ...patch });
  const column = (key: 'date' | 'amount' | 'debit' | 'credit' | 'payee' | 'memo' | 'id', label: string) => (
    <SelectField label={label} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} options={options} error={missing[key]} />
  );
  return (
    <fieldset className="fieldset" disabled={disabled} aria-label="CSV columns">
      <legend>CSV columns</legend>
      <div className="mapping">
        {column('date', 'Date')}
        <SelectField label="Date format" value={form.dateFormat} onChange={(e) => set({ dateFormat: e.target.value as CsvDateFormat })} options={DATE_FORMAT_OPTIONS} />
        <SelectField label="Decimal separator" value={form.decimal} onChange={(e) => set({ decimal: e.target.value as '.' | ',' })} options={DECIMAL_OPTIONS} />
        <SelectField label="Delimiter" value={form.delimiter} onChange={(e) => set({ delimiter: e.target.value as '' | CsvDelimiter })} options={DELIMITER_OPTIONS} />
      </div>
      <div className="segmented segmented-small" role="radiogroup" aria-label="Amount columns">
        {(
          [
            ['amount', 'One amount column (− is money out)'],
            ['debitCredit', 'Debit and credit columns'],
          ] as const
        ).map(([mode, label]) => (
          <label key={mode} className={form.amountMode === mode ? 'segment segment-on' : 'segment'}>
            <input type="radio" name="csv-amount-mode" value={mode} checked={form.amountMode === mode} onChange={() => set({ amountMode: mode })} />
            {label}
          </label>
        ))}
      </div>
      <div className="mapping">
        {form.amountMode === 'amount' ? (
          column('amount', 'Amount')
        ) : (
          <>
            {column('debit', 'Debit (money out)')}
            {column('credit', 'Credit (money in)')}
          </>
        )}
        {column('payee', 'Payee')}
        {column('memo', 'Memo')}
        {column('id', 'Bank transaction id')}
      </div>
    </fieldset>
  );
}
