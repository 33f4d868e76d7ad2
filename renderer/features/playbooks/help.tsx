/**
 * Help texts that name screens, and how a screen named in a text becomes a link to it.
 *
 * A text names a screen by its navigation label (ROUTES): "the Decisions screen", "the
 * Caps and bands screen", "the Ops board". `namedScreens` finds those names (and the
 * older "In Alerts:" form), `unknownScreens` the ones the navigation lacks, and
 * `<ScreenText>` shows a text with each known name as a link-button that opens the screen.
 * The console's own help texts live in HELP_TEXTS, so test/renderer/help-texts.test.ts can
 * check every one of them (and every built-in playbook step) against the navigation.
 */
import { Fragment, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { ROUTES, navigationSelectors, type RouteId } from '../navigation/slice';
import '../../ui/forms.css';

/** A word of a screen's name: anything but "the" (so "the Ops board and the Decisions screen" is two names). */
const WORD = String.raw`(?!the\b)[A-Za-z][\w’'-]*`;

/**
 * Where a text names a screen: `the <Name> screen` (Name starting with a capital, up to
 * four words), `the Ops board`, or `In <Name>:` / `On <Name>,` (a capitalised word, not a
 * lone letter such as a band, right after "in" or "on", ended by a colon or comma). Group 1,
 * 2 or 3 holds the name.
 */
const SCREEN_PHRASE = new RegExp(
  String.raw`\bthe ([A-Z][\w’'-]*(?: ${WORD}){0,3}?) screen\b|\b(Ops board)\b|\b(?:[Ii]n|[Oo]n) ([A-Z][a-z][\w’'-]*)(?=[,:])`,
  'g',
);

/** A screen named in a text: the name as written and where it stands. */
export interface ScreenName {
  name: string;
  index: number;
}

/** Every screen `text` names (see SCREEN_PHRASE), in order. */
export function namedScreens(text: string): ScreenName[] {
  const found: ScreenName[] = [];
  for (const m of text.matchAll(SCREEN_PHRASE)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (name === undefined) continue;
    const offset = m[0].indexOf(name);
    found.push({ name, index: (m.index ?? 0) + offset });
  }
  return found;
}

/** The route a screen name stands for: a navigation label or route id, case aside; `null` when the navigation has none. */
export function routeNamed(name: string): RouteId | null {
  const key = name.trim().toLowerCase();
  const route = ROUTES.find((r) => r.label.toLowerCase() === key || r.id === key);
  return route ? route.id : null;
}

/** The screens `text` names that the navigation lacks (an empty list: every one exists). */
export function unknownScreens(text: string): string[] {
  return namedScreens(text)
    .filter((s) => routeNamed(s.name) === null)
    .map((s) => s.name);
}

/**
 * The console's help texts that name a screen, by where they are shown. Written with the
 * screens' navigation labels; shown through `<ScreenText>`, which links each name.
 */
export const HELP_TEXTS = {
  /** AccountSelect's hint while there is no ledger account (beside its "Add account" button). */
  noLedgerAccount: 'No ledger account yet: add one here, or on the Ledger screen.',
  /** A playbook step's approval field. */
  stepApproval: 'An approved approval for this step: request one, then have another operator approve it on the Approvals screen.',
  /** A playbook step's report bundle field. */
  stepBundle: 'The SHA-256 of the zip written on the Reports screen (its result has a Copy button).',
  /** A playbook step's receipt id field. */
  stepReceipt: 'The receipt’s id: open it on the Receipts screen to copy it.',
  /** A playbook step's decision id field. */
  stepDecision: 'The decision’s id: open it on the Decisions screen to copy it.',
  /** A statement import's summary, when rows were skipped. */
  statementSkipped: 'The rows skipped are named in the import’s decision, on the Decisions screen.',
} as const satisfies Record<string, string>;

export type HelpTextId = keyof typeof HELP_TEXTS;

/**
 * `text` with each screen it names as a link-button that opens that screen (only the
 * screens the current operator's role may open; others stay plain text). `onNavigate` runs
 * after navigating (e.g. to close a dialog).
 */
export function ScreenText({ text, onNavigate }: { text: string; onNavigate?: () => void }) {
  const { navigate, role } = useAppStore(useShallow((s) => ({ navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  const open = new Set(navigationSelectors.routesFor(role).map((r) => r.id));
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { name, index } of namedScreens(text)) {
    const route = routeNamed(name);
    if (!route || !open.has(route)) continue;
    parts.push(text.slice(at, index));
    parts.push(
      <button
        key={index}
        type="button"
        className="link screen-link"
        onClick={() => {
          navigate(route);
          onNavigate?.();
        }}
      >
        {name}
      </button>,
    );
    at = index + name.length;
  }
  parts.push(text.slice(at));
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </>
  );
}

/** A help text of HELP_TEXTS by id, with its screens linked. */
export function HelpText({ id, onNavigate }: { id: HelpTextId; onNavigate?: () => void }) {
  return <ScreenText text={HELP_TEXTS[id]} {...(onNavigate ? { onNavigate } : {})} />;
}
