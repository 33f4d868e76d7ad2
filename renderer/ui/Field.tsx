import {
  createContext,
  useContext,
  useId,
  useLayoutEffect,
  useMemo,
  useState,
  type FormHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { amountPlaceholder } from './locale';
import './forms.css';

/** A field showing an error, as the error summary lists it: its control's id, label and message. */
export interface ShownFieldError {
  id: string;
  label: string;
  error: string;
}

interface FieldErrorRegistry {
  show(entry: ShownFieldError): void;
  hide(id: string): void;
}

const RegistryContext = createContext<FieldErrorRegistry | null>(null);

/**
 * Collects the errors the fields inside it show (each FieldFrame with an `error` registers
 * itself) and renders the error summary at its top: what a `Form` and a `Dialog` wrap their
 * content in. Nested ones: a field registers with the nearest.
 */
export function FieldErrorScope({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Record<string, ShownFieldError>>({});
  const registry = useMemo<FieldErrorRegistry>(
    () => ({
      show: (entry) =>
        setShown((prev) => {
          const was = prev[entry.id];
          return was && was.label === entry.label && was.error === entry.error ? prev : { ...prev, [entry.id]: entry };
        }),
      hide: (id) =>
        setShown((prev) => {
          if (!(id in prev)) return prev;
          const next = { ...prev };
          delete next[id];
          return next;
        }),
    }),
    [],
  );
  return (
    <RegistryContext.Provider value={registry}>
      <ErrorSummary errors={Object.values(shown)} />
      {children}
    </RegistryContext.Provider>
  );
}

/** `a` before `b` in the document (ids not found keep their order). */
function documentOrder(a: ShownFieldError, b: ShownFieldError): number {
  const ea = document.getElementById(a.id);
  const eb = document.getElementById(b.id);
  if (!ea || !eb) return 0;
  return ea.compareDocumentPosition(eb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/**
 * The summary at the top of a form once two or more of its fields show an error (one error
 * is plain enough next to its field): "2 fields need correcting" and a link per field, in the
 * order of the form, that moves focus into it; each link is described by its field's message.
 * The slot is always there and polite-live, so a summary that appears is announced.
 */
export function ErrorSummary({ errors }: { errors: readonly ShownFieldError[] }) {
  const titleId = useId();
  const list = [...errors].sort(documentOrder);
  return (
    <div className="error-summary-slot" aria-live="polite">
      {list.length >= 2 ? (
        <div className="error-summary" role="group" aria-labelledby={titleId}>
          <p id={titleId} className="error-title">
            {list.length} fields need correcting
          </p>
          <ul>
            {list.map((e) => (
              <li key={e.id}>
                <a
                  href={`#${e.id}`}
                  aria-describedby={`${e.id}-error`}
                  onClick={(ev) => {
                    ev.preventDefault();
                    const control = document.getElementById(e.id);
                    control?.focus();
                    control?.scrollIntoView?.({ block: 'center' });
                  }}
                >
                  {e.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/**
 * A `<form class="form" noValidate>` whose fields' errors are summarised at its top (see
 * FieldErrorScope); the browser's own validation is off, the contract's checks speak instead.
 */
export function Form({ className = 'form', children, ...form }: FormHTMLAttributes<HTMLFormElement>) {
  return (
    <form className={className} noValidate {...form}>
      <FieldErrorScope>{children}</FieldErrorScope>
    </form>
  );
}

interface FieldFrameProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (control: { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}

/**
 * A label, one control, an optional hint and the field's error, wired with ids for screen
 * readers (`aria-describedby` names the hint and the error, `aria-invalid` marks the
 * control); a field showing an error is listed in the enclosing form's error summary.
 */
export function FieldFrame({ label, error, hint, children }: FieldFrameProps) {
  const id = useId();
  const registry = useContext(RegistryContext);
  useLayoutEffect(() => {
    if (!registry || !error) return;
    registry.show({ id, label, error });
    return () => registry.hide(id);
  }, [registry, id, label, error]);
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
