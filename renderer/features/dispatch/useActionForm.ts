/**
 * A form's link to one action: check the values with the contract's zod schema (the same
 * rule main applies), show every field error at once before sending (the form's own checks,
 * such as an amount that does not parse, together with the schema's), dispatch in `execute`
 * mode, and keep the refusal (message, blocking gates, field issues) for display. Messages
 * are in plain words (see messages.ts).
 */
import { useCallback, useState } from 'react';
import { actionSpec, type ActionInput, type ActionName, type Dispatched } from '../../../shared/contract';
import { useAppStore } from '../../store/context';
import { describeFailure, issuesToFieldErrors, type FailureView, type FieldErrors } from './failure';

export interface ActionForm<K extends ActionName> {
  /**
   * Validates and dispatches; resolves `true` when the action ran (status OK). `localErrors`
   * are the form's own problems by field path (a value that did not parse, sent as a
   * placeholder): shown with the schema's problems of the other fields, all at once, and
   * nothing is sent while there is any.
   */
  submit(values: ActionInput<K>, localErrors?: FieldErrors): Promise<boolean>;
  fieldErrors: FieldErrors;
  failure: FailureView | null;
  busy: boolean;
  /** Clears errors (e.g. when a dialog is reopened). */
  reset(): void;
}

/**
 * Form state for action `name`; `onDone` gets the dispatch result after success. The form
 * is expected to show `failure` itself; pass `announceFailure: true` when it does not
 * (the refusal then goes to the notice bar).
 */
export function useActionForm<K extends ActionName>(
  name: K,
  onDone?: (dispatched: Dispatched<K>) => void,
  { announceFailure = false }: { announceFailure?: boolean } = {},
): ActionForm<K> {
  const execute = useAppStore((s) => s.execute);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = useCallback(
    async (values: ActionInput<K>, localErrors: FieldErrors = {}) => {
      const check = actionSpec(name).input.safeParse(values);
      const local = Object.fromEntries(Object.entries(localErrors).filter(([, message]) => message));
      if (!check.success || Object.keys(local).length > 0) {
        setFailure(null);
        setFieldErrors({ ...(check.success ? {} : issuesToFieldErrors(check.error.issues)), ...local });
        return false;
      }
      setFieldErrors({});
      setFailure(null);
      setBusy(true);
      const result = await execute(name, check.data as ActionInput<K>, { announceFailure });
      setBusy(false);
      if (!result.ok) {
        const view = describeFailure(result.error);
        setFailure(view);
        setFieldErrors(view.fieldErrors);
        return false;
      }
      onDone?.(result.value);
      return true;
    },
    [execute, name, onDone, announceFailure],
  );

  const reset = useCallback(() => {
    setFieldErrors({});
    setFailure(null);
  }, []);

  return { submit, fieldErrors, failure, busy, reset };
}
