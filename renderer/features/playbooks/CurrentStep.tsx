/**
 * The step to do next in a run: instructions (each screen they name a link to it), a "Go to
 * <screen>" link, why it is blocked, the evidence form (only the fields the step requires;
 * every problem shown at once, next to its field), Complete, Skip… (with a reason) and
 * Abandon run… (with a reason). Ctrl+Enter completes from any field.
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type ActionInput, type PlaybookRun, type RunStep } from '../../../shared/contract';
import { BAND_NAMES } from '../../../shared/domain/bands';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, TextAreaField, TextField } from '../../ui/Field';
import { FilePicker } from '../../ui/FilePicker';
import { KeyHints } from '../../ui/KeyHints';
import { Loading } from '../../ui/States';
import { formatInstant } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { formatDay } from '../inventory/format';
import { reportsSelectors } from '../reports/slice';
import { navigationSelectors } from '../navigation/slice';
import { HelpText, ScreenText } from './help';
import { playbooksSelectors } from './slice';
import { EVIDENCE_LABELS, SCREEN_ROUTES, screenLabel } from './view';

type Evidence = NonNullable<ActionInput<'playbooks.completeStep'>['evidence']>;

interface EvidenceValues {
  note: string;
  number: string;
  attachmentSha256: string;
  receiptId: string;
  decisionId: string;
  approvalId: string;
  bundleSha256: string;
}

const EMPTY: EvidenceValues = { note: '', number: '', attachmentSha256: '', receiptId: '', decisionId: '', approvalId: '', bundleSha256: '' };

/**
 * The evidence to send: the fields typed in, trimmed, blanks left out (so a missing one is
 * refused by the engine with the step's own reason); `number` parsed (`NaN` when it is not
 * a number, which the contract's schema rejects); a bundle's SHA-256 in lower case, as
 * the engine lists it (a hash copied from elsewhere may be upper case).
 */
export function evidenceFromValues(v: EvidenceValues): Evidence {
  const text = (s: string) => (s.trim() ? s.trim() : undefined);
  const out: Evidence = {};
  if (text(v.note)) out.note = text(v.note);
  if (v.number.trim()) out.number = Number(v.number.trim());
  if (text(v.attachmentSha256)) out.attachmentSha256 = text(v.attachmentSha256);
  if (text(v.receiptId)) out.receiptId = text(v.receiptId);
  if (text(v.decisionId)) out.decisionId = text(v.decisionId);
  if (text(v.approvalId)) out.approvalId = text(v.approvalId);
  if (text(v.bundleSha256)) out.bundleSha256 = text(v.bundleSha256)?.toLowerCase();
  return out;
}

/** The current step's panel. */
export function CurrentStep({ run, step }: { run: PlaybookRun; step: RunStep }) {
  const { navigate, role, requiredOrNull } = useAppStore(
    useShallow((s) => ({ navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role, requiredOrNull: playbooksSelectors.requiredEvidence(s, step.key) })),
  );
  const required = requiredOrNull ?? [];
  const [values, setValues] = useState<EvidenceValues>(EMPTY);
  const [dialog, setDialog] = useState<'skip' | 'abandon' | null>(null);
  const complete = useActionForm('playbooks.completeStep');
  const mayRun = !role || mayDispatch(role, 'playbooks.completeStep');
  const blocked = step.blockedBy.length > 0;
  const route = step.link ? SCREEN_ROUTES[step.link] : null;
  const mayOpen = route !== null && navigationSelectors.routesFor(role).some((r) => r.id === route);
  const needsApproval = step.approval && !required.includes('approval');
  const skippable = step.effect === null && !step.approval;
  const set = (patch: Partial<EvidenceValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (blocked) return;
    const evidence = evidenceFromValues(values);
    // a number that does not parse is named with the other fields' problems, all at once
    const numberError = evidence.number !== undefined && !Number.isFinite(evidence.number) ? 'Enter a number, e.g. 3 or 12.5' : undefined;
    void complete.submit({ runId: run.id, stepKey: step.key, evidence: numberError ? { ...evidence, number: 0 } : evidence }, numberError ? { 'evidence.number': numberError } : {});
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
  const err = (field: string) => complete.fieldErrors[`evidence.${field}`];

  return (
    <section className="card current-step" aria-labelledby="current-step-title">
      <header className="card-header">
        <h2 id="current-step-title">
          Step {step.position} of {run.steps.length}: {step.title}
        </h2>
        {step.minBand ? <span className="muted">Minimum band {step.minBand} · {BAND_NAMES[step.minBand]}</span> : null}
      </header>
      <div className="card-body">
        <Form onSubmit={submit} onKeyDown={onKeyDown} aria-label={`Complete step: ${step.title}`}>
          {step.instructions ? (
            <p className="step-instructions">
              <ScreenText text={step.instructions} />
            </p>
          ) : null}
          {step.link && route ? (
            <p>
              {mayOpen ? (
                <Button small onClick={() => navigate(route)}>
                  Go to {screenLabel(step.link)} →
                </Button>
              ) : (
                <span className="muted">Answered on the {screenLabel(step.link)} screen, which your role may not open.</span>
              )}
            </p>
          ) : null}
          {step.effect === 'enableExecution' ? (
            <p className="step-effect" role="note">
              Completing this step turns execution on: prod actions run from then on when every gate passes.
            </p>
          ) : null}
          {blocked ? (
            <div className="step-blocked" role="alert">
              <p className="error-title">Blocked: this step cannot be completed now</p>
              <ul aria-label="Why the step is blocked">
                {step.blockedBy.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {requiredOrNull === null ? <Loading label="Loading the step’s evidence…" /> : required.length === 0 && !needsApproval ? <p className="muted">No evidence required.</p> : null}
          {required.includes('note') ? (
            <TextAreaField label="Note" name="note" value={values.note} onChange={(e) => set({ note: e.target.value })} error={err('note')} maxLength={2000} rows={3} autoFocus />
          ) : null}
          <div className="form-row">
            {required.includes('number') ? (
              <TextField
                label="Number"
                name="number"
                inputMode="decimal"
                value={values.number}
                onChange={(e) => set({ number: e.target.value })}
                error={err('number')}
                autoFocus={!required.includes('note')}
                autoComplete="off"
              />
            ) : null}
            {(['receipt', 'decision'] as const)
              .filter((t) => required.includes(t))
              .map((t) => {
                const field = t === 'receipt' ? 'receiptId' : 'decisionId';
                return (
                  <TextField
                    key={t}
                    label={EVIDENCE_LABELS[t]}
                    name={field}
                    value={values[field]}
                    onChange={(e) => set({ [field]: e.target.value })}
                    error={err(field)}
                    hint={<HelpText id={t === 'receipt' ? 'stepReceipt' : 'stepDecision'} />}
                    autoComplete="off"
                  />
                );
              })}
          </div>
          {required.includes('bundle') ? <BundleField value={values.bundleSha256} onChange={(bundleSha256) => set({ bundleSha256 })} error={err('bundleSha256')} /> : null}
          {required.includes('attachment') ? <AttachmentField onStaged={(sha) => set({ attachmentSha256: sha })} error={err('attachmentSha256')} /> : null}
          {required.includes('approval') || needsApproval ? (
            <ApprovalField run={run} step={step} value={values.approvalId} onChange={(approvalId) => set({ approvalId })} error={err('approvalId')} />
          ) : null}
          <FailureNotice failure={complete.failure} shownFields={['evidence.note', 'evidence.number', 'evidence.attachmentSha256', 'evidence.receiptId', 'evidence.decisionId', 'evidence.approvalId', 'evidence.bundleSha256']} />
          {mayRun ? (
            <div className="form-actions step-actions">
              <Button variant="danger" onClick={() => setDialog('abandon')}>
                Abandon run…
              </Button>
              <span className="spacer" />
              <Button onClick={() => setDialog('skip')} disabled={!skippable || blocked} title={skippable ? undefined : 'A step that needs an approval or turns execution on cannot be skipped'}>
                Skip…
              </Button>
              <Button type="submit" variant="primary" busy={complete.busy} disabled={blocked}>
                Complete step
              </Button>
            </div>
          ) : (
            <p className="muted">Your role may read this run but not run its steps.</p>
          )}
          {mayRun ? <KeyHints hints={[{ keys: ['Ctrl', 'Enter'], label: 'complete the step' }]} /> : null}
        </Form>
      </div>
      <ReasonDialog
        open={dialog === 'skip'}
        onClose={() => setDialog(null)}
        title={`Skip: ${step.title}`}
        explain="The step is recorded as skipped, with your reason; the run moves on to the next step."
        submitLabel="Skip step"
        action="playbooks.skipStep"
        params={(reason) => ({ runId: run.id, stepKey: step.key, reason })}
      />
      <ReasonDialog
        open={dialog === 'abandon'}
        onClose={() => setDialog(null)}
        title={`Abandon: ${run.title}`}
        explain="The run stops here and stays in the history as abandoned, with your reason. A new run can be started afterwards."
        submitLabel="Abandon run"
        action="playbooks.abandon"
        params={(reason) => ({ runId: run.id, reason })}
      />
    </section>
  );
}

/** Picks a file and stages it at once; shows its SHA-256 when staged. */
function AttachmentField({ onStaged, error }: { onStaged: (sha256: string) => void; error: string | undefined }) {
  const stage = useAppStore((s) => s.stageEvidenceFile);
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<{ status: 'idle' | 'staging' | 'staged' | 'failed'; text: string }>({ status: 'idle', text: '' });
  const pick = async (picked: File | null) => {
    setFile(picked);
    onStaged('');
    if (!picked) {
      setState({ status: 'idle', text: '' });
      return;
    }
    setState({ status: 'staging', text: 'Staging…' });
    const result = await stage(picked);
    if (result.ok) {
      onStaged(result.value.sha256);
      setState({ status: 'staged', text: `Staged · SHA-256 ${result.value.sha256.slice(0, 16)}…` });
    } else {
      setState({ status: 'failed', text: result.error.message });
    }
  };
  return (
    <FilePicker
      label="Attachment"
      file={file}
      onFile={(f) => void pick(f)}
      hint={state.status === 'idle' ? 'A photo, PDF or export kept with the step.' : state.status === 'failed' ? undefined : state.text}
      error={state.status === 'failed' ? state.text : error}
    />
  );
}

/**
 * The SHA-256 of an audit report bundle this installation exported (Month-end's export
 * step), typed or pasted, or taken from the newest bundle listed by `reports.list`.
 */
function BundleField({ value, onChange, error }: { value: string; onChange: (sha256: string) => void; error: string | undefined }) {
  const store = useAppStoreApi();
  const { latest, timeZone } = useAppStore(useShallow((s) => ({ latest: reportsSelectors.latestBundle(s), timeZone: governanceSelectors.timeZone(s) })));
  useEffect(() => {
    const s = store.getState();
    if (s.reportList.status === 'idle') void s.loadReports();
  }, [store]);
  const useLatest = latest && latest.sha256 !== value;
  return (
    <div className="form-row form-row-top">
      <TextField
        label={EVIDENCE_LABELS.bundle}
        name="bundleSha256"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        hint={<HelpText id="stepBundle" />}
        autoComplete="off"
        spellCheck={false}
        className="mono"
      />
      {useLatest ? (
        <div className="field">
          <span className="field-spacer" aria-hidden="true" />
          <Button onClick={() => onChange(latest.sha256)} title={latest.path}>
            Use the newest bundle ({formatDay(latest.from)} – {formatDay(latest.to)}, exported {formatInstant(latest.at, timeZone)})
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** The approval id a step needs, and a button to request one bound to this step. */
function ApprovalField({ run, step, value, onChange, error }: { run: PlaybookRun; step: RunStep; value: string; onChange: (id: string) => void; error: string | undefined }) {
  const request = useActionForm('approvals.request', (d) => onChange(d.result.id));
  return (
    <div className="form-row form-row-top">
      <TextField
        label={EVIDENCE_LABELS.approval}
        name="approvalId"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        hint={<HelpText id="stepApproval" />}
        autoComplete="off"
      />
      <div className="field">
        <span className="field-spacer" aria-hidden="true" />
        <Button
          busy={request.busy}
          onClick={() => void request.submit({ action: 'playbooks.completeStep', params: { runId: run.id, stepKey: step.key }, title: `Playbook step: ${step.title}` })}
        >
          Request approval
        </Button>
        <FailureNotice failure={request.failure} />
      </div>
    </div>
  );
}

type ReasonAction = 'playbooks.skipStep' | 'playbooks.abandon';

function ReasonDialog<K extends ReasonAction>(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  explain: string;
  submitLabel: string;
  action: K;
  params: (reason: string) => ActionInput<K>;
}) {
  return props.open ? <ReasonDialogBody {...props} /> : null;
}

function ReasonDialogBody<K extends ReasonAction>({
  open,
  onClose,
  title,
  explain,
  submitLabel,
  action,
  params,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  explain: string;
  submitLabel: string;
  action: K;
  params: (reason: string) => ActionInput<K>;
}) {
  const [reason, setReason] = useState('');
  const form = useActionForm(action, onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(params(reason));
  };
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <Form className="form" onSubmit={submit}>
        <p className="muted">{explain}</p>
        <TextField
          label="Reason"
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={form.fieldErrors.reason}
          hint="Recorded with the decision and in the audit log."
          autoFocus
          autoComplete="off"
          maxLength={500}
        />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={action === 'playbooks.abandon' ? 'danger' : 'primary'} busy={form.busy}>
            {submitLabel}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
