/**
 * The recurrence picker of a schedule entry or a bill: none, daily, weekly, monthly,
 * yearly (all counted from the due date), or a custom RFC 5545 rule typed as text; and
 * the days before a due date to remind.
 */
import { SelectField, TextField } from '../../ui/Field';
import { REPEAT_OPTIONS, type Repeat } from './view';

export interface RecurrenceValue {
  repeat: Repeat;
  custom: string;
}

export const noRecurrence: RecurrenceValue = { repeat: 'none', custom: '' };

/** The select, and the rule's text field when "custom" is chosen; `error` is the contract's `rrule` problem. */
export function RecurrenceField({ value, onChange, error }: { value: RecurrenceValue; onChange(value: RecurrenceValue): void; error?: string | undefined }) {
  return (
    <>
      <SelectField
        label="Repeats"
        name="repeat"
        value={value.repeat}
        onChange={(e) => onChange({ ...value, repeat: e.target.value as Repeat })}
        options={REPEAT_OPTIONS}
        error={value.repeat === 'custom' ? undefined : error}
      />
      {value.repeat === 'custom' ? (
        <TextField
          label="Rule (RRULE)"
          name="rrule"
          value={value.custom}
          onChange={(e) => onChange({ ...value, custom: e.target.value })}
          error={error}
          hint="RFC 5545, FREQ first; the due date is the start. E.g. FREQ=MONTHLY;BYMONTHDAY=15 or FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
          placeholder="FREQ=MONTHLY;BYMONTHDAY=15"
          autoComplete="off"
          spellCheck={false}
        />
      ) : null}
    </>
  );
}

/** "Remind days before": a whole number 0–60 as text (empty: the action's default). */
export function RemindDaysField({ value, onChange, error, hint }: { value: string; onChange(value: string): void; error?: string | undefined; hint?: string }) {
  return (
    <TextField label="Remind days before" name="remindDaysBefore" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} error={error} hint={hint} autoComplete="off" />
  );
}
