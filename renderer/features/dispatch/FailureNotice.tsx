import { ErrorMessage } from '../../ui/States';
import type { FailureView } from './failure';

const TITLES: Record<FailureView['code'], string> = {
  invalid: 'Not valid',
  forbidden: 'Not allowed',
  blocked: 'Blocked',
  pending_approval: 'Waiting for approval',
  not_found: 'Not found',
  conflict: 'Conflict',
  internal: 'Something went wrong',
};

/**
 * Why an action was refused: the engine's message, the gates that blocked or warned, and
 * any field problems not shown next to a field (`shownFields` lists those that are).
 */
export function FailureNotice({ failure, shownFields = [] }: { failure: FailureView | null; shownFields?: readonly string[] }) {
  if (!failure) return null;
  const otherIssues = Object.entries(failure.fieldErrors).filter(([field]) => !shownFields.includes(field));
  // The engine's message often is the blocking gate's reason: say it once, with the gate.
  const messageInGates = failure.gates.some((g) => g.reason === failure.message);
  return (
    <ErrorMessage title={TITLES[failure.code]}>
      {messageInGates ? null : <p>{failure.message}</p>}
      {failure.gates.length > 0 ? (
        <ul aria-label="Gate verdicts">
          {failure.gates.map((g) => (
            <li key={g.gate}>
              <code>{g.gate}</code> {g.verdict}: {g.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {otherIssues.length > 0 ? (
        <ul aria-label="Field problems">
          {otherIssues.map(([field, message]) => (
            <li key={field}>
              {field ? <code>{field}</code> : null} {message}
            </li>
          ))}
        </ul>
      ) : null}
    </ErrorMessage>
  );
}
