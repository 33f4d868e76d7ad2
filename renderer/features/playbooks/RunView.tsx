/**
 * One run: its header (status, progress, who started it), the current step with its
 * instructions, screen link, blocking reasons and evidence form (Complete, Skip…), the
 * checklist of every step with who, when and the evidence recorded, and Abandon….
 */
import { useShallow } from 'zustand/react/shallow';
import { mayQuery, type PlaybookRun, type RunStep, type StepEvidence } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, formatInstantShort, shortHash, shortId } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { CurrentStep } from './CurrentStep';
import { progressLabel, runTone, stepTone } from './view';

/** The run view of the open run. */
export function RunView() {
  const { detail, openRun } = useAppStore(useShallow((s) => ({ detail: s.runDetail, openRun: s.openRun })));
  const back = (
    <Button small variant="ghost" onClick={() => openRun(null)}>
      ← Back to playbooks
    </Button>
  );
  if (detail.status === 'error') {
    return (
      <>
        <div>{back}</div>
        <ErrorMessage title="The run could not be loaded">{detail.error}</ErrorMessage>
      </>
    );
  }
  if (!detail.data) return <Loading label="Loading the run…" />;
  const run = detail.data;
  const current = run.steps.find((s) => s.current) ?? null;
  return (
    <>
      <div>{back}</div>
      <RunHeader run={run} />
      {current ? <CurrentStep key={`${run.id}/${current.key}`} run={run} step={current} /> : null}
      <Checklist run={run} />
    </>
  );
}

function RunHeader({ run }: { run: PlaybookRun }) {
  const timeZone = useAppStore(governanceSelectors.timeZone);
  return (
    <Card title={`${run.title} · v${run.version}`}>
      <div className="run-header">
        <p>
          <Badge tone={runTone(run.status)}>{run.status}</Badge> {progressLabel(run.progress)}
        </p>
        {run.description ? <p className="muted">{run.description}</p> : null}
        <p className="muted">
          Started by {run.startedBy} · {formatInstant(run.startedAt, timeZone)}
          {run.endedAt ? ` · ${run.status === 'completed' ? 'completed' : 'abandoned'} by ${run.endedBy ?? '?'} · ${formatInstant(run.endedAt, timeZone)}` : ''}
        </p>
        {run.abandonReason ? <p>Abandoned: “{run.abandonReason}”</p> : null}
      </div>
    </Card>
  );
}

function evidenceParts(e: StepEvidence): string[] {
  const parts: string[] = [];
  if (e.note !== null) parts.push(`Note: “${e.note}”`);
  if (e.number !== null) parts.push(`Number: ${e.number}`);
  if (e.attachmentSha256 !== null) parts.push(`Attachment: ${shortHash(e.attachmentSha256)}`);
  if (e.receiptId !== null) parts.push(`Receipt ${shortId(e.receiptId)}`);
  if (e.decisionId !== null) parts.push(`Decision ${shortId(e.decisionId)}`);
  if (e.approvalId !== null) parts.push(`Approval ${shortId(e.approvalId)}`);
  if (e.bundleSha256 !== null) parts.push(`Report bundle ${shortHash(e.bundleSha256)}`);
  return parts;
}

function Checklist({ run }: { run: PlaybookRun }) {
  return (
    <Card title="Steps">
      <ol className="checklist" aria-label="Steps">
        {run.steps.map((step) => (
          <ChecklistItem key={step.key} step={step} />
        ))}
      </ol>
    </Card>
  );
}

function ChecklistItem({ step }: { step: RunStep }) {
  const { timeZone, openDecision, role } = useAppStore(
    useShallow((s) => ({ timeZone: governanceSelectors.timeZone(s), openDecision: s.openDecision, role: governanceSelectors.currentOperator(s)?.role })),
  );
  const evidence = step.evidence ? evidenceParts(step.evidence) : [];
  return (
    <li className={step.current ? 'checklist-step checklist-current' : 'checklist-step'} aria-current={step.current ? 'step' : undefined}>
      <span className="checklist-pos" aria-hidden="true">
        {step.position}
      </span>
      <div className="checklist-body">
        <div className="checklist-title">
          <strong>{step.title}</strong>
          <Badge tone={stepTone(step.status)}>{step.status}</Badge>
          {step.current ? <Badge tone="info">current</Badge> : null}
          {step.effect === 'enableExecution' ? <Badge tone="warn">turns execution on</Badge> : null}
        </div>
        {step.by ? (
          <span className="muted">
            {step.status === 'skipped' ? 'Skipped' : 'Done'} by {step.by} · <span title={formatInstant(step.at, timeZone)}>{formatInstantShort(step.at, timeZone)}</span>
            {step.decisionId && (!role || mayQuery(role, 'decisions.list')) ? (
              <>
                {' · '}
                <button type="button" className="link" onClick={() => void openDecision(step.decisionId ?? '')} aria-label={`Open the decision of step ${step.position}`}>
                  decision
                </button>
              </>
            ) : null}
          </span>
        ) : null}
        {evidence.length > 0 ? <span className="checklist-evidence">{evidence.join(' · ')}</span> : null}
        {step.skipReason ? <span className="checklist-evidence">Reason: “{step.skipReason}”</span> : null}
      </div>
    </li>
  );
}
