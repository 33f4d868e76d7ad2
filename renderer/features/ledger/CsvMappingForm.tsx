/**
 * How a CSV statement's columns map to transactions: where the mapping in use came from (set
 * here, remembered for the account, a bank's layout, or guessed from the header), the date
 * column and its layout, one signed amount column (with an optional debit/credit indicator
 * column) or debit/credit columns, the decimal separator, the delimiter, the header line, card
 * exports whose charges are positive, and the optional payee, memo and bank-id columns. Every
 * change is passed up at once (the wizard previews the file again with it).
 */
import { CSV_DATE_FORMATS, type QueryOutput } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { mappingSourceText } from './importReview';
import { csvFormMissing, csvFormWithoutHeader, DELIMITER_LABELS, type CsvDateFormat, type CsvDelimiter, type CsvMappingForm as FormState } from './view';

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
  /** Where the mapping the preview was read with came from (`undefined` while no preview says). */
  source?: QueryOutput<'ledger.previewStatement'>['mappingSource'] | undefined;
  /** The bank layout the header was recognised as, when `source` is `preset`. */
  preset?: string | null;
  /**
   * The file is read with the mapping remembered for the account, which the form cannot show
   * (the engine does not return it): the fields stay hidden until the operator asks to set
   * them (`onUseForm`), which reads the file with them instead.
   */
  remembered?: boolean;
  onUseForm?: () => void;
  /** Why the form took over from the engine's own mapping, if it did. */
  note?: string | null;
}

/** The column mapping fieldset of the import wizard. */
export function CsvMappingForm({ form, columns, onChange, disabled = false, source, preset = null, remembered = false, onUseForm, note }: CsvMappingFormProps) {
  const options = [NOT_MAPPED, ...columns.map((c) => ({ value: c, label: c }))];
  const missing = Object.fromEntries(csvFormMissing(form));
  const set = (patch: Partial<FormState>) => onChange({ ...form, ...patch });
  const column = (key: 'date' | 'amount' | 'debit' | 'credit' | 'payee' | 'memo' | 'id' | 'indicator', label: string, hint?: string) => (
    <SelectField label={label} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} options={options} error={missing[key]} hint={hint} />
  );
  const setHeaderLine = (text: string) => onChange(text.trim() === '0' && form.headerLine.trim() !== '0' ? csvFormWithoutHeader(form, columns) : { ...form, headerLine: text });
  const origin = source === undefined ? null : mappingSourceText(source, preset);
  return (
    <fieldset className="fieldset" disabled={disabled} aria-label="CSV columns">
      <legend>CSV columns</legend>
      {origin ? <p className="csv-origin">{origin}</p> : null}
      {note ? <p className="field-hint">{note}</p> : null}
      {remembered ? (
        <p className="row">
          <Button small onClick={onUseForm}>
            Set the columns instead
          </Button>
        </p>
      ) : (
        <>
          <div className="mapping">
            {column('date', 'Date')}
            <SelectField label="Date format" value={form.dateFormat} onChange={(e) => set({ dateFormat: e.target.value as CsvDateFormat })} options={DATE_FORMAT_OPTIONS} />
            <SelectField label="Decimal separator" value={form.decimal} onChange={(e) => set({ decimal: e.target.value as '.' | ',' })} options={DECIMAL_OPTIONS} />
            <SelectField label="Delimiter" value={form.delimiter} onChange={(e) => set({ delimiter: e.target.value as '' | CsvDelimiter })} options={DELIMITER_OPTIONS} />
            <TextField
              label="Header line"
              inputMode="numeric"
              autoComplete="off"
              value={form.headerLine}
              onChange={(e) => setHeaderLine(e.target.value)}
              placeholder="found"
              error={missing.headerLine}
              hint="Empty: found; 0: none (columns by number)"
            />
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
              <>
                {column('amount', 'Amount')}
                {column('indicator', 'Debit/credit indicator', 'A column saying D/C, S/H …: the amount is then unsigned')}
              </>
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
          <label className="check">
            <input type="checkbox" checked={form.invertSign} onChange={(e) => set({ invertSign: e.target.checked })} />
            Amounts are charges (card export): money out is listed positive
          </label>
        </>
      )}
    </fieldset>
  );
}
