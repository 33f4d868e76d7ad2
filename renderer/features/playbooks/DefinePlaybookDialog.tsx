/**
 * Writes a playbook or a new version of one (`playbooks.define`, owner or admin): key,
 * title, description and a repeated-fields editor of steps (title, key, instructions,
 * minimum band, red blocks, evidence types, approval, screen link). The contract's schema
 * checks it first; the engine's refusal (e.g. an effect outside Go-live) shows as it says.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { EVIDENCE_TYPES, PLAYBOOK_SCREENS, type ActionInput, type EvidenceType, type PlaybookStep } from '../../../shared/contract';
import { BANDS, BAND_NAMES, type Band } from '../../../shared/domain/bands';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, SelectField, TextAreaField, TextField } from '../../ui/Field';
import { ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { unknownScreens } from './help';
import { EVIDENCE_LABELS, screenOptionLabel } from './view';

type Definition = ActionInput<'playbooks.define'>;

interface StepDraft {
  /** A React key that survives reordering. */
  uid: number;
  key: string;
  title: string;
  instructions: string;
  minBand: Band | '';
  redBlocks: boolean;
  evidence: EvidenceType[];
  approval: boolean;
  link: PlaybookStep['link'] | '';
  effect: PlaybookStep['effect'];
}

interface Draft {
  key: string;
  title: string;
  description: string;
  steps: StepDraft[];
}

let nextUid = 1;
const blankStep = (): StepDraft => ({ uid: nextUid++, key: '', title: '', instructions: '', minBand: '', redBlocks: true, evidence: ['note'], approval: false, link: '', effect: null });

/** A step key from its title: lower case, dashes, at most 63 characters (`Count the till` → `count-the-till`). */
export function keyFromTitle(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** The `playbooks.define` params of a draft; a blank step key is made from its title. */
export function definitionFromDraft(d: Draft): Definition {
  return {
    key: d.key.trim(),
    title: d.title,
    description: d.description,
    steps: d.steps.map((s) => ({
      key: s.key.trim() || keyFromTitle(s.title),
      title: s.title,
      instructions: s.instructions,
      minBand: s.minBand === '' ? null : s.minBand,
      redBlocks: s.redBlocks,
      evidence: EVIDENCE_TYPES.filter((t) => s.evidence.includes(t)),
      approval: s.approval,
      link: s.link === '' ? null : s.link,
      effect: s.effect,
    })),
  };
}

const BAND_OPTIONS = [{ value: '', label: 'Any band' }, ...BANDS.map((b) => ({ value: b, label: `${b} · ${BAND_NAMES[b]} or better` }))];
const LINK_OPTIONS = [{ value: '', label: 'No link' }, ...PLAYBOOK_SCREENS.map((s) => ({ value: s, label: screenOptionLabel(s) }))];

/** The define dialog; `baseKey` prefills it from that playbook's latest version. */
export function DefinePlaybookDialog({ open, onClose, baseKey }: { open: boolean; onClose: () => void; baseKey: string | null }) {
  return open ? <DefineBody onClose={onClose} baseKey={baseKey} /> : null;
}

function DefineBody({ onClose, baseKey }: { onClose: () => void; baseKey: string | null }) {
  const getPlaybook = useAppStore((s) => s.getPlaybook);
  const [draft, setDraft] = useState<Draft | null>(baseKey ? null : { key: '', title: '', description: '', steps: [blankStep()] });
  const [loadError, setLoadError] = useState<string | null>(null);
  const form = useActionForm('playbooks.define', onClose);

  useEffect(() => {
    if (!baseKey) return;
    let live = true;
    void getPlaybook(baseKey).then((result) => {
      if (!live) return;
      if (!result.ok) {
        setLoadError(result.error.message);
        return;
      }
      const def = result.value;
      setDraft({
        key: def.key,
        title: def.title,
        description: def.description,
        steps: def.steps.map((s) => ({ ...s, uid: nextUid++, minBand: s.minBand ?? '', link: s.link ?? '' })),
      });
    });
    return () => {
      live = false;
    };
  }, [baseKey, getPlaybook]);

  const title = baseKey ? `New version of “${draft?.title ?? baseKey}”` : 'Define a playbook';
  if (!draft) {
    return (
      <Dialog open onClose={onClose} title={title} wide>
        {loadError ? <ErrorMessage title="The playbook could not be loaded">{loadError}</ErrorMessage> : <Loading label="Loading the playbook…" />}
      </Dialog>
    );
  }

  const patchStep = (i: number, patch: Partial<StepDraft>) => setDraft({ ...draft, steps: draft.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const move = (i: number, by: -1 | 1) => {
    const steps = [...draft.steps];
    const [step] = steps.splice(i, 1);
    if (step) steps.splice(i + by, 0, step);
    setDraft({ ...draft, steps });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // instructions naming a screen the console lacks would send the operator nowhere
    const local = Object.fromEntries(
      draft.steps.flatMap((step, i) => {
        const unknown = unknownScreens(step.instructions);
        return unknown.length ? [[`steps.${i}.instructions`, `Names ${unknown.map((n) => `the ${n} screen`).join(' and ')}, which this console does not have: use a screen’s name as the navigation shows it`]] : [];
      }),
    );
    void form.submit(definitionFromDraft(draft), local);
  };
  const err = (path: string) => form.fieldErrors[path];
  const stepFields = draft.steps.flatMap((_, i) => ['key', 'title', 'instructions', 'minBand', 'evidence', 'link'].map((f) => `steps.${i}.${f}`));

  return (
    <Dialog open onClose={onClose} title={title} wide>
      <Form onSubmit={submit} aria-label="Playbook definition">
        <div className="form-row">
          <TextField
            label="Key"
            name="key"
            value={draft.key}
            onChange={(e) => setDraft({ ...draft, key: e.target.value })}
            error={err('key')}
            hint={baseKey ? 'Saving writes version n + 1 of this key; runs in progress keep theirs.' : 'Lower-case letters, digits and dashes, e.g. daily-close.'}
            readOnly={baseKey !== null}
            autoComplete="off"
            autoFocus={!baseKey}
          />
          <TextField label="Title" name="title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} error={err('title')} autoComplete="off" />
        </div>
        <TextField label="Description" name="description" value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} error={err('description')} autoComplete="off" />
        <fieldset className="steps-editor">
          <legend>Steps</legend>
          {err('steps') ? <p className="field-error">{err('steps')}</p> : null}
          <ol>
            {draft.steps.map((step, i) => (
              <li key={step.uid} className="step-editor" aria-label={`Step ${i + 1}`}>
                <div className="step-editor-head">
                  <strong>Step {i + 1}</strong>
                  <Button small variant="ghost" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move step ${i + 1} up`}>
                    ↑
                  </Button>
                  <Button small variant="ghost" disabled={i === draft.steps.length - 1} onClick={() => move(i, 1)} aria-label={`Move step ${i + 1} down`}>
                    ↓
                  </Button>
                  <Button
                    small
                    variant="ghost"
                    disabled={draft.steps.length === 1}
                    onClick={() => setDraft({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
                    aria-label={`Remove step ${i + 1}`}
                  >
                    Remove
                  </Button>
                </div>
                <div className="form-row">
                  <TextField label="Step title" value={step.title} onChange={(e) => patchStep(i, { title: e.target.value })} error={err(`steps.${i}.title`)} autoComplete="off" />
                  <TextField
                    label="Step key"
                    value={step.key}
                    placeholder={keyFromTitle(step.title) || 'from the title'}
                    onChange={(e) => patchStep(i, { key: e.target.value })}
                    error={err(`steps.${i}.key`)}
                    autoComplete="off"
                  />
                </div>
                <TextAreaField label="Instructions" value={step.instructions} onChange={(e) => patchStep(i, { instructions: e.target.value })} error={err(`steps.${i}.instructions`)}
                  hint="Name a screen as the navigation does (“On the Decisions screen, …”, “the Ops board”): it becomes a link."
                  rows={2}
                />
                <div className="form-row">
                  <SelectField label="Minimum band" value={step.minBand} onChange={(e) => patchStep(i, { minBand: e.target.value as Band | '' })} options={BAND_OPTIONS} error={err(`steps.${i}.minBand`)} />
                  <SelectField
                    label="Screen link"
                    value={step.link ?? ''}
                    onChange={(e) => patchStep(i, { link: e.target.value as StepDraft['link'] })}
                    options={LINK_OPTIONS}
                    error={err(`steps.${i}.link`)}
                  />
                </div>
                <div className="checks" role="group" aria-label={`Step ${i + 1} evidence`}>
                  <span className="checks-label">Evidence</span>
                  {EVIDENCE_TYPES.map((t) => (
                    <label key={t} className="check">
                      <input
                        type="checkbox"
                        checked={step.evidence.includes(t)}
                        onChange={(e) => patchStep(i, { evidence: e.target.checked ? [...step.evidence, t] : step.evidence.filter((x) => x !== t) })}
                      />
                      {EVIDENCE_LABELS[t].replace(' id', '')}
                    </label>
                  ))}
                </div>
                {err(`steps.${i}.evidence`) ? <p className="field-error">{err(`steps.${i}.evidence`)}</p> : null}
                <div className="checks">
                  <label className="check">
                    <input type="checkbox" checked={step.redBlocks} onChange={(e) => patchStep(i, { redBlocks: e.target.checked })} />
                    Red health blocks it
                  </label>
                  <label className="check">
                    <input type="checkbox" checked={step.approval} onChange={(e) => patchStep(i, { approval: e.target.checked })} />
                    Needs an approval
                  </label>
                  {step.effect ? <span className="muted">Effect: {step.effect} (kept)</span> : null}
                </div>
              </li>
            ))}
          </ol>
          <div>
            <Button small onClick={() => setDraft({ ...draft, steps: [...draft.steps, blankStep()] })}>
              + Add step
            </Button>
          </div>
        </fieldset>
        <FailureNotice failure={form.failure} shownFields={['key', 'title', 'description', 'steps', ...stepFields]} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save playbook
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
