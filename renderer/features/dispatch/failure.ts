/**
 * Turns an error envelope into what a form or dialog shows: the message, the gates that
 * blocked or warned (from the decision record in `details.decision`), and field errors
 * keyed by dotted path (from `details.issues`, or from a local zod check).
 */
import { z } from 'zod';
import { gateResultSchema, type ApiError, type ErrorCode, type GateResult } from '../../../shared/contract';
import { plainFieldMessage } from './messages';

/** Field errors keyed by dotted path (`reason`, `items.0.qty`); `''` is the form as a whole. */
export type FieldErrors = Record<string, string>;

export interface FailureView {
  code: ErrorCode;
  message: string;
  /** Gates whose verdict was not `pass`, blocks first. */
  gates: GateResult[];
  /** Id of the decision the engine recorded for this attempt, when there was one. */
  decisionId: string | null;
  fieldErrors: FieldErrors;
}

const decisionShape = z.object({ id: z.string().optional(), gates: z.array(gateResultSchema).optional() });

/**
 * The first message per path from a list of field issues (zod's or the envelope's), every
 * path at once, each in plain words (plainFieldMessage).
 */
export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[] | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues ?? []) {
    const key = issue.path.map(String).join('.');
    if (!(key in errors)) errors[key] = plainFieldMessage(key, issue.message);
  }
  return errors;
}

/** What an `invalid params: a: …; b: …` refusal says instead of repeating each field's problem. */
export const INVALID_FIELDS_MESSAGE = 'Some values are not valid: correct the fields marked, nothing was changed.';

/** Reads an error envelope for display; tolerant of missing or odd `details`. */
export function describeFailure(error: ApiError): FailureView {
  const parsed = decisionShape.safeParse(error.details?.decision);
  const decision = parsed.success ? parsed.data : null;
  const gates = (decision?.gates ?? []).filter((g) => g.verdict !== 'pass');
  gates.sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'block' ? -1 : 1));
  const issues = Array.isArray(error.details?.issues) ? error.details.issues : [];
  // the engine lists every issue in its message too: each is shown by its field (or below) instead
  const listsIssues = error.code === 'invalid' && issues.length > 0 && error.message.startsWith('invalid params:');
  return {
    code: error.code,
    message: listsIssues ? INVALID_FIELDS_MESSAGE : error.message,
    gates,
    decisionId: decision?.id ?? null,
    fieldErrors: issuesToFieldErrors(issues),
  };
}
