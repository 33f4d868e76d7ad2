/**
 * The approvals inbox: pending requests first, with age, amount, risk bucket and
 * requester; the detail of the chosen one beside it; approve or deny with a note
 * (`approvals.decide`). Keyboard-driven: ↑ ↓ (Home, End) move, A approves, D denies,
 * Enter opens the detail. Refusals (e.g. separation of duties) show in the decide dialog.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Approval } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { KeyHints } from '../../ui/KeyHints';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { inventorySelectors } from '../inventory/slice';
import { ApprovalDetailPanel } from './ApprovalDetail';
import { approvalsSelectors, type InboxFilter } from './approvalsSlice';
import { DecideDialog, type Decision } from './DecideDialog';
import { approvalStatusTone, money } from './format';
import { RiskBadge } from './RiskBadge';
import { useNow } from './useNow';

const HINTS = [
  { keys: ['↑', '↓'], label: 'move' },
  { keys: ['A'], label: 'approve' },
  { keys: ['D'], label: 'deny' },
  { keys: ['Enter'], label: 'details' },
];

/** The approvals screen. */
export function ApprovalsScreen() {
  const { list, loadApprovals, filter, setFilter, selectedId, select, role } = useAppStore(
    useShallow((s) => ({
      list: s.approvalList,
      loadApprovals: s.loadApprovals,
      filter: s.inboxFilter,
      setFilter: s.setInboxFilter,
      selectedId: s.selectedApprovalId,
      select: s.selectApproval,
      role: governanceSelectors.currentOperator(s)?.role,
    })),
  );
  const [deciding, setDeciding] = useState<{ approval: Approval; decision: Decision } | null>(null);
  const detail = useRef<HTMLDivElement>(null);
  // After a decision the decided request can leave the pending list, taking focus with it:
  // focus then goes to the detail panel, which shows the outcome, instead of the page's start.
  const keepFocus = useRef(false);
  useEffect(() => {
    void loadApprovals();
  }, [loadApprovals]);

  const approvals = approvalsSelectors.inboxOrder(list.data ?? []);
  useEffect(() => {
    if (!keepFocus.current || deciding) return;
    if (document.activeElement === document.body || !document.activeElement?.isConnected) {
      keepFocus.current = false;
      detail.current?.focus();
    }
  });
  const canDecide = !role || mayDispatch(role, 'approvals.decide');
  const decide = (approval: Approval, decision: Decision) => setDeciding({ approval, decision });

  return (
    <>
      <div className="page-header">
        <h1>Approvals</h1>
        <p>Spends held for another operator’s decision.</p>
      </div>
      <div className="explorer">
        <Card title="Inbox" className="card-flush" actions={<FilterSwitch filter={filter} onChange={(f) => void setFilter(f)} />}>
          <div className="card-section inbox-hints">
            <KeyHints hints={HINTS} label="Inbox shortcuts" />
            {canDecide ? null : <p className="muted">Your role ({role}) may not decide approvals.</p>}
          </div>
          {!list.data ? (
            list.status === 'error' ? (
              <ErrorMessage title="The approvals could not be loaded">{list.error}</ErrorMessage>
            ) : (
              <Loading label="Loading approvals…" />
            )
          ) : approvals.length === 0 ? (
            <EmptyState title={filter === 'pending' ? 'Nothing waits for a decision' : 'No approvals yet'}>
              Spends at or above the band’s approval threshold are held here until another operator decides them.
            </EmptyState>
          ) : (
            <Inbox
              approvals={approvals}
              selectedId={selectedId}
              onSelect={(id) => void select(id)}
              onOpen={() => detail.current?.focus()}
              onDecide={canDecide ? decide : undefined}
            />
          )}
        </Card>
        <div ref={detail} tabIndex={-1} className="detail-focus">
          <ApprovalDetailPanel onDecide={canDecide ? decide : undefined} />
        </div>
      </div>
      {deciding ? (
        <DecideDialog
          approval={deciding.approval}
          decision={deciding.decision}
          onClose={() => {
            keepFocus.current = true;
            setDeciding(null);
          }}
        />
      ) : null}
    </>
  );
}

function FilterSwitch({ filter, onChange }: { filter: InboxFilter; onChange: (f: InboxFilter) => void }) {
  const options: { value: InboxFilter; label: string }[] = [
    { value: 'pending', label: 'Pending' },
    { value: 'all', label: 'All' },
  ];
  return (
    <div className="segmented segmented-small" role="group" aria-label="Show">
      {options.map((o) => (
        <button key={o.value} type="button" className={o.value === filter ? 'segment segment-on' : 'segment'} aria-pressed={o.value === filter} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

interface InboxProps {
  approvals: Approval[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Enter: move to the detail panel. */
  onOpen: () => void;
  /** A / D on a pending approval; absent when the operator's role may not decide. */
  onDecide: ((approval: Approval, decision: Decision) => void) | undefined;
}

/** The inbox as a listbox: the selected option is the one the detail shows; keys act on it. */
function Inbox({ approvals, selectedId, onSelect, onOpen, onDecide }: InboxProps) {
  const { currency, timeZone } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), timeZone: governanceSelectors.timeZone(s) })));
  const now = useNow();
  const baseId = useId();
  const list = useRef<HTMLDivElement>(null);
  const index = approvals.findIndex((a) => a.id === selectedId);
  const optionId = (a: Approval) => `${baseId}-${a.id}`;

  useEffect(() => {
    if (!selectedId) return;
    const el = document.getElementById(`${baseId}-${selectedId}`);
    el?.scrollIntoView?.({ block: 'nearest' });
    // Roving tabindex: while focus is in the inbox it follows the selected option.
    if (el && list.current?.contains(document.activeElement) && document.activeElement !== el) el.focus();
  }, [baseId, selectedId]);

  const move = (to: number) => {
    const target = approvals[Math.max(0, Math.min(approvals.length - 1, to))];
    if (target) onSelect(target.id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const current = approvals[index];
    switch (e.key) {
      case 'ArrowDown':
        move(index < 0 ? 0 : index + 1);
        break;
      case 'ArrowUp':
        move(index < 0 ? 0 : index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(approvals.length - 1);
        break;
      case 'Enter':
        if (!current) move(0);
        onOpen();
        break;
      case 'a':
      case 'A':
      case 'd':
      case 'D':
        if (!current || !onDecide || !approvalsSelectors.decidable(current, now)) return;
        onDecide(current, e.key.toLowerCase() === 'a' ? 'approve' : 'deny');
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      ref={list}
      className="inbox"
      role="listbox"
      aria-label="Approvals inbox"
      onKeyDown={onKeyDown}
    >
      {approvals.map((a, i) => {
        const pending = a.status === 'pending';
        // One tab stop: the selected option, or the first while none is selected (roving tabindex, WAI-ARIA APG listbox).
        const tabStop = index >= 0 ? i === index : i === 0;
        return (
          <div
            key={a.id}
            id={optionId(a)}
            role="option"
            tabIndex={tabStop ? 0 : -1}
            aria-selected={a.id === selectedId}
            onFocus={() => {
              if (a.id !== selectedId) onSelect(a.id);
            }}
            className={['inbox-option', a.id === selectedId ? 'inbox-option-active' : '', pending ? '' : 'inbox-option-done'].filter(Boolean).join(' ')}
            onClick={(e) => {
              onSelect(a.id);
              e.currentTarget.focus();
            }}
          >
            <div className="inbox-line">
              <span className="inbox-title">{a.title}</span>
              <span className="inbox-amount">{money(a.amountCeilingMinor, currency)}</span>
            </div>
            <div className="inbox-line inbox-meta">
              <RiskBadge bucket={a.riskBucket} />
              {pending ? null : <Badge tone={approvalStatusTone(a.status)}>{a.status}</Badge>}
              <span>{a.category ?? 'no category'}</span>
              <span>· by {a.requestedBy}</span>
              <span className="inbox-age" title={`Requested ${formatInstant(a.requestedAt, timeZone)}`}>
                {approvalsSelectors.ageText(a, now)}
              </span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
