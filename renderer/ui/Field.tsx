import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { amountPlaceholder } from './locale';

interface FieldFrameProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (control: { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}

/** A label, one control, an optional hint and the field's error, wired with ids for screen readers. */
export function FieldFrame({ label, error, hint, children }: FieldFrameProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : '';
  const errorId = error ? `${id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Common = { label: string; error?: string | undefined; hint?: ReactNode };

/** A labelled text input. */
export function TextField({ label, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame label={label} error={error} hint={hint}>
      {(control) => <input {...input} {...control} />}
    </FieldFrame>
  );
}

/**
 * A labelled amount typed in `currency`'s major units the operator's way (`1,234.56` in en-US,
 * `1.234,56` in de-DE; `operatorLocale`): the label names the currency, the placeholder shows
 * the format; decimal keyboard on touch screens.
 */
export function MoneyField({ label, currency, ...input }: Common & { currency: string } & InputHTMLAttributes<HTMLInputElement>) {
  return <TextField label={`${label} (${currency})`} inputMode="decimal" autoComplete="off" placeholder={amountPlaceholder(currency)} {...input} />;
}

/** A labelled multi-line input. */
export function TextAreaField({ label, error, hint, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame label={label} error={error} hint={hint}>
      {(control) => <textarea {...input} {...control} />}
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled select over `options`. */
export function SelectField({ label, error, hint, options, ...select }: Common & { options: readonly Option[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldFrame label={label} error={error} hint={hint}>
      {(control) => (
        <select {...select} {...control}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
