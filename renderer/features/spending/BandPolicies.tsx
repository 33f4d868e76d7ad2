/**
 * The band policy editor: the four bands' approval thresholds and allowed categories
 * (`governance.bandPolicies`), the current band highlighted, the suggested band and why;
 * an owner edits a band's policy with a reason (`governance.setBandPolicy`), others read.
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type BandPolicy } from '../../../shared/contract';
import { BAND_NAMES, type Band } from '../../../shared/domain/bands';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Dialog } from '../../ui/Dialog';
import { Form, MoneyField, TextField } from '../../ui/Field';
import { ErrorMessage, Loading } from '../../ui/States';
import { formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { bandTone } from '../governance/tones';
import { minorToInput, parseMoneyInput } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { money } from './format';

/** The threshold in words: `€200.00 and above`, or `every spend` (null). */
export function thresholdText(minor: number | null, currency: string): string {
  return minor === null ? 'every spend' : `${money(minor, currency)} and above`;
}

/** Typed categories (comma or newline separated) as a trimmed, de-duplicated list in typed order. */
export function parseCategories(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((c) => c.trim()).filter(Boolean))];
}

/** The band policies card. */
export function BandPolicies() {
  const { policies, current, role, timeZone, currency } = useAppStore(
    useShallow((s) => ({
      policies: s.bandPolicies,
      current: governanceSelectors.band(s),
      role: governanceSelectors.currentOperator(s)?.role,
      timeZone: governanceSelectors.timeZone(s),
      currency: inventorySelectors.currency(s),
    })),
  );
  const [editing, setEditing] = useState<BandPolicy | null>(null);
  const canEdit = !role || mayDispatch(role, 'governance.setBandPolicy');
  const data = policies.data;
  return (
    <Card title="Band policies">
      {!data ? (
        policies.status === 'error' ? <ErrorMessage title="The band policies could not be loaded">{policies.error}</ErrorMessage> : <Loading label="Loading band policies…" />
      ) : (
        <>
          <div className="stats band-stats">
            <div className="stat">
              <span className="stat-label">Current band</span>
              <span className="stat-value">{current ? <Badge tone={bandTone(current)}>{`${current} · ${BAND_NAMES[current]}`}</Badge> : '—'}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Suggested band</span>
              <span className="stat-value">
                {data.suggestedBand ? <Badge tone={bandTone(data.suggestedBand)}>{`${data.suggestedBand} · ${BAND_NAMES[data.suggestedBand]}`}</Badge> : <Badge>none</Badge>}
                {data.suggestedBand && current && data.suggestedBand !== current ? <Badge tone="warn">differs from the current band</Badge> : null}
              </span>
              <span className="stat-detail">{data.suggestedReason}</span>
            </div>
          </div>
          <div className="table-wrap">
            <table className="table band-table" aria-label="Band policies">
              <thead>
                <tr>
                  <th scope="col">Band</th>
                  <th scope="col">Needs approval</th>
                  <th scope="col">Categories that may spend</th>
                  <th scope="col">Changed</th>
                  {canEdit ? (
                    <th scope="col">
                      <span className="visually-hidden">Edit</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {data.bands.map((b) => (
                  <tr key={b.band} className={b.band === current ? 'current-band' : undefined} aria-current={b.band === current ? 'true' : undefined}>
                    <td className="nowrap">
                      <Badge tone={bandTone(b.band)}>{`${b.band} · ${BAND_NAMES[b.band]}`}</Badge>
                      {b.band === current ? <span className="current-mark"> current</span> : null}
                    </td>
                    <td>{thresholdText(b.approvalThresholdMinor, currency)}</td>
                    <td>{b.allowedCategories === null ? 'all' : b.allowedCategories.length === 0 ? 'none' : b.allowedCategories.join(', ')}</td>
                    <td className="muted">{b.updatedAt ? `${b.updatedBy ?? 'system'}, ${formatInstant(b.updatedAt, timeZone)}` : 'default'}</td>
                    {canEdit ? (
                      <td>
                        <Button small onClick={() => setEditing(b)} aria-label={`Edit band ${b.band} policy`}>
                          Edit…
                        </Button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {canEdit ? null : <p className="muted cap-note">Read-only: only an owner may change band policies.</p>}
        </>
      )}
      {editing ? <BandPolicyDialog policy={editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

function BandPolicyDialog({ policy, onClose }: { policy: BandPolicy; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [everySpend, setEverySpend] = useState(policy.approvalThresholdMinor === null);
  const [threshold, setThreshold] = useState(minorToInput(policy.approvalThresholdMinor, currency));
  const [limited, setLimited] = useState(policy.allowedCategories !== null);
  const [categories, setCategories] = useState((policy.allowedCategories ?? []).join(', '));
  const [reason, setReason] = useState('');
  const form = useActionForm('governance.setBandPolicy', onClose);
  const band: Band = policy.band;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseMoneyInput(threshold, currency);
    const problem = everySpend ? null : !parsed.ok ? parsed.error : parsed.minor === undefined ? 'enter a threshold, or tick “every spend”' : null;
    void form.submit(
      {
        band,
        approvalThresholdMinor: everySpend || !parsed.ok ? null : (parsed.minor ?? null),
        allowedCategories: limited ? parseCategories(categories) : null,
        reason,
      },
      problem ? { approvalThresholdMinor: problem } : {},
    );
  };
  return (
    <Dialog open onClose={onClose} title={`Band ${band} policy`}>
      <Form className="form" onSubmit={submit} aria-label={`Band ${band} policy`}>
        <fieldset className="fieldset">
          <legend>Approval</legend>
          <label className="check">
            <input type="checkbox" checked={everySpend} onChange={(e) => setEverySpend(e.target.checked)} />
            Every spend needs an approval
          </label>
          <MoneyField
            label="Approval threshold"
            currency={currency}
            name="threshold"
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            disabled={everySpend}
            error={form.fieldErrors.approvalThresholdMinor}
            hint="Spends at or above it are held for approval."
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>Categories that may spend</legend>
          <label className="check">
            <input type="radio" name="categories" checked={!limited} onChange={() => setLimited(false)} />
            All categories
          </label>
          <label className="check">
            <input type="radio" name="categories" checked={limited} onChange={() => setLimited(true)} />
            Only these
          </label>
          <TextField
            label="Allowed categories"
            name="allowedCategories"
            value={categories}
            onChange={(e) => setCategories(e.target.value)}
            disabled={!limited}
            error={form.fieldErrors.allowedCategories}
            hint="Comma separated, e.g. Groceries, Utilities. Any other category is refused (risk RED) in this band."
            autoComplete="off"
          />
        </fieldset>
        <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} hint="Recorded with the decision and in the audit log." autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['approvalThresholdMinor', 'allowedCategories', 'reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save band {band} policy
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
