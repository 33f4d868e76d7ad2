/**
 * The audit log: events newest first, paged by sequence number, and chain verification
 * (the whole chain recomputed, then compared with its latest anchor).
 */
import type { AnchorCheck, AuditCheck, AuditEvent, ValhallaApi } from '../../../shared/contract';
import type { Tone } from '../../ui/Badge';
import { idle, settled, type Loadable, type PagedList } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export interface AuditState {
  auditList: PagedList<AuditEvent, number>;
  /** The list's action filter: an action name, a domain (`receipts`), or null for every event. */
  auditAction: string | null;
  verification: Loadable<AuditCheck>;
}

export interface AuditActions {
  /** (Re)loads from the newest event; keeps as many rows as are shown (up to 200). */
  loadAudit(): Promise<void>;
  loadMoreAudit(): Promise<void>;
  /** Shows only the events of one action or domain (null: all) and reloads from the newest. */
  setAuditAction(action: string | null): Promise<void>;
  /** Recomputes the whole hash chain and compares it with its latest anchor (`audit.verify`). */
  verifyChain(): Promise<void>;
}

export type AuditSlice = AuditState & AuditActions;

export const AUDIT_PAGE_SIZE = 50;

export const auditInitialState: AuditState = {
  auditList: { items: [], nextCursor: null, status: 'idle', loadingMore: false, error: null },
  auditAction: null,
  verification: idle(),
};

/** The audit slice over `api`. */
export function createAuditSlice(api: ValhallaApi): SliceCreator<AuditSlice> {
  let listRequest = 0;
  const filter = (action: string | null) => (action === null ? {} : { action });
  return (set, get) => ({
    ...auditInitialState,

    async loadAudit() {
      const request = ++listRequest;
      const prev = get().auditList;
      const limit = Math.min(200, Math.max(AUDIT_PAGE_SIZE, prev.items.length));
      set({ auditList: { ...prev, status: prev.status === 'ready' ? 'ready' : 'loading', error: null } });
      const result = await api.query('audit.list', { limit, ...filter(get().auditAction) });
      if (request !== listRequest) return;
      set({
        auditList: result.ok
          ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', loadingMore: false, error: null }
          : { items: [], nextCursor: null, status: 'error', loadingMore: false, error: result.error.message },
      });
    },

    async loadMoreAudit() {
      const prev = get().auditList;
      if (prev.nextCursor === null || prev.loadingMore) return;
      const request = ++listRequest;
      set({ auditList: { ...prev, loadingMore: true } });
      const result = await api.query('audit.list', { limit: AUDIT_PAGE_SIZE, cursor: prev.nextCursor, ...filter(get().auditAction) });
      if (request !== listRequest) return;
      const now = get().auditList;
      set({
        auditList: result.ok
          ? { ...now, items: [...now.items, ...result.value.items], nextCursor: result.value.nextCursor, loadingMore: false, error: null }
          : { ...now, loadingMore: false, error: result.error.message },
      });
    },

    async setAuditAction(action) {
      if (action === get().auditAction) return;
      // a new filter starts from the first page, showing "loading" rather than the old rows
      set({ auditAction: action, auditList: { ...auditInitialState.auditList, status: 'loading' } });
      await get().loadAudit();
    },

    async verifyChain() {
      set({ verification: { data: null, status: 'loading', error: null } });
      set({ verification: settled(await api.query('audit.verify', {})) });
    },
  });
}

/** One changed field of an audit event: `before → after`, values as short text. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** One field of an entity created or removed by an audit event. */
export interface FieldValue {
  field: string;
  value: string;
}

/**
 * What an audit event did, compactly: an entity `created` (its non-null fields), `removed`
 * (its fields before), `changed` (only the fields whose values differ), or `none`.
 */
export type ChangeView =
  | { kind: 'created'; fields: FieldValue[] }
  | { kind: 'removed'; fields: FieldValue[] }
  | { kind: 'changed'; changes: FieldChange[] }
  | { kind: 'none' };

const MAX_VALUE_CHARS = 60;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A value as short text for a table cell: strings bare (a SHA-256 hex cut to 12
 * characters), a list of named records (attachments, operators; line items by their
 * description) as their names, the rest as JSON, anything longer than 60 characters cut
 * with `…`.
 */
export function shortValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string' && SHA256_HEX.test(value)) return `${value.slice(0, 12)}…`;
  const nameOf = (v: unknown) => (isRecord(v) ? (typeof v.name === 'string' ? v.name : typeof v.description === 'string' ? v.description : null) : null);
  const named = Array.isArray(value) && value.length > 0 && value.every((v) => nameOf(v) !== null);
  const text = named ? value.map(nameOf).join(', ') : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(record: Record<string, unknown>): FieldValue[] {
  return Object.entries(record)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([field, v]) => ({ field, value: shortValue(v) }));
}

const ANCHOR_VIEWS: Record<AnchorCheck['status'], { label: string; tone: Tone }> = {
  ok: { label: 'Anchor matches', tone: 'ok' },
  tampered: { label: 'Anchor: tampered', tone: 'bad' },
  missing: { label: 'Anchor file missing', tone: 'warn' },
  none: { label: 'Nothing anchored yet', tone: 'neutral' },
};

export const auditSelectors = {
  canLoadMore: (s: AppState) => s.auditList.nextCursor !== null,

  /**
   * The anchor check as a badge: `ok` green; `tampered` red (a cut tail, a re-hashed event or
   * a forged anchor); `missing` yellow (events but no anchors file: reported, not ignored);
   * `none` grey (an empty chain).
   */
  anchorView: (status: AnchorCheck['status']) => ANCHOR_VIEWS[status],

  /** Describes an event's `before` and `after` values (see `ChangeView`). */
  describeChange(before: unknown, after: unknown): ChangeView {
    const b = before ?? undefined;
    const a = after ?? undefined;
    if (b === undefined && a === undefined) return { kind: 'none' };
    if (b === undefined && isRecord(a)) return { kind: 'created', fields: present(a) };
    if (a === undefined && isRecord(b)) return { kind: 'removed', fields: present(b) };
    if (isRecord(b) && isRecord(a)) {
      const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
      const changes = keys
        .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
        .map((k) => ({ field: k, before: shortValue(b[k]), after: shortValue(a[k]) }));
      return changes.length ? { kind: 'changed', changes } : { kind: 'none' };
    }
    if (JSON.stringify(b) === JSON.stringify(a)) return { kind: 'none' };
    return { kind: 'changed', changes: [{ field: 'value', before: shortValue(b), after: shortValue(a) }] };
  },
};
