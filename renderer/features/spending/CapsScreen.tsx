/**
 * Caps and bands: today's use of every spend-cap scope (GLOBAL and the categories with a
 * policy) as bars with the 80 / 90 / 100 % levels, each scope's policy and its editing
 * (`caps.setPolicy`, owner or admin) and an owner's override of today's cap
 * (`caps.override`); then the band policies (BandPolicies) and minimum bands per action (ActionMinBands).
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type CapUsage } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Meter } from '../../ui/Meter';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { formatDay } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { ActionMinBands } from './ActionMinBands';
import { BandPolicies } from './BandPolicies';
import { CapPolicyDialog, OverrideDialog } from './CapDialogs';
import { capsSelectors, type CapMeter } from './capsSlice';
import { CAP_LEVEL_TEXT, capLevelTone, formatPercent, money } from './format';

const WARNING_MARKS = [0.8, 0.9] as const;

type Open = { kind: 'policy'; scope: CapUsage | null } | { kind: 'override'; scope: CapUsage } | null;

/** The caps and bands screen. */
export function CapsScreen() {
  const { usage, loadCaps, loadBandPolicies, role } = useAppStore(
    useShallow((s) => ({ usage: s.capsUsage, loadCaps: s.loadCaps, loadBandPolicies: s.loadBandPolicies, role: governanceSelectors.currentOperator(s)?.role })),
  );
  const [open, setOpen] = useState<Open>(null);
  useEffect(() => {
    void loadCaps();
    void loadBandPolicies();
  }, [loadCaps, loadBandPolicies]);
  const canSet = !role || mayDispatch(role, 'caps.setPolicy');
  const canOverride = !role || mayDispatch(role, 'caps.override');
  const close = () => setOpen(null);

  return (
    <>
      <div className="page-header">
        <h1>Caps and bands</h1>
        <p>Every spend is checked against GLOBAL and its category’s daily caps.</p>
      </div>
      <Card
        title={usage.data ? `Today’s caps · ${formatDay(usage.data.day)}` : 'Today’s caps'}
        actions={
          canSet ? (
            <Button small onClick={() => setOpen({ kind: 'policy', scope: null })}>
              Add a category cap…
            </Button>
          ) : null
        }
      >
        {!usage.data ? (
          usage.status === 'error' ? <ErrorMessage title="The caps could not be loaded">{usage.error}</ErrorMessage> : <Loading label="Loading today’s caps…" />
        ) : usage.data.scopes.length === 0 ? (
          <EmptyState title="No cap policies">Set a GLOBAL cap so that every spend is checked against a daily limit.</EmptyState>
        ) : (
          <div className="cap-scopes">
            {usage.data.scopes.map((scope) => (
              <ScopePanel
                key={scope.scope}
                usage={scope}
                onEdit={canSet ? () => setOpen({ kind: 'policy', scope }) : undefined}
                onOverride={canOverride && scope.dailySpendCapMinor !== null ? () => setOpen({ kind: 'override', scope }) : undefined}
              />
            ))}
          </div>
        )}
        {canSet ? null : <p className="muted cap-note">Only an owner or an admin may change cap policies; only an owner may override today’s cap.</p>}
      </Card>
      <BandPolicies />
      <ActionMinBands />
      {open?.kind === 'policy' ? <CapPolicyDialog usage={open.scope} onClose={close} /> : null}
      {open?.kind === 'override' ? <OverrideDialog usage={open.scope} onClose={close} /> : null}
    </>
  );
}

/** A meter's value in words: `€260.00 of €1,000.00 (26 %)`, `3 of 50 (6 %)`, or `€0.00, no cap`. */
export function meterText(m: CapMeter, currency: string): string {
  const amount = (n: number) => (m.kind === 'count' ? String(n) : money(n, currency));
  return m.cap === null ? `${amount(m.used)}, no cap` : `${amount(m.used)} of ${amount(m.cap)} (${formatPercent(m.fraction)})`;
}

function ScopePanel({ usage, onEdit, onOverride }: { usage: CapUsage; onEdit: (() => void) | undefined; onOverride: (() => void) | undefined }) {
  const currency = useAppStore(inventorySelectors.currency);
  const level = capsSelectors.scopeLevel(usage);
  const meters = capsSelectors.meters(usage);
  return (
    <section className={`cap-scope cap-scope-${level}`} aria-label={`${usage.scope} caps`}>
      <header className="cap-scope-head">
        <h3>{usage.scope}</h3>
        <Badge tone={capLevelTone(level)} title="Use of the tightest cap, counting spends in flight">
          {formatPercent(usage.utilisation)} · {CAP_LEVEL_TEXT[level]}
        </Badge>
        <div className="row cap-scope-actions">
          {onEdit ? (
            <Button small onClick={onEdit} aria-label={`Edit ${usage.scope} policy`}>
              Edit policy…
            </Button>
          ) : null}
          {onOverride ? (
            <Button small onClick={onOverride} aria-label={`Override ${usage.scope} cap for today`}>
              Override today…
            </Button>
          ) : null}
        </div>
      </header>
      <div className="cap-meters">
        {meters.map((m) => {
          const text = meterText(m, currency);
          return (
            <div className="cap-meter" key={m.kind}>
              <span className="cap-meter-label">{m.label}</span>
              <Meter label={`${usage.scope} ${m.label.toLowerCase()} today`} fraction={m.cap === null ? null : m.fraction} valueText={text} tone={capLevelTone(m.level)} marks={WARNING_MARKS} />
              <span className="cap-meter-value">{text}</span>
            </div>
          );
        })}
      </div>
      {usage.overrideMinor > 0 ? (
        <p className="muted">
          Includes an owner override of {money(usage.overrideMinor, currency)} for today (policy cap {money(usage.dailySpendCapMinor, currency)}).
        </p>
      ) : null}
    </section>
  );
}
