/**
 * Honest help (issue 15, part 9): every help text and every built-in playbook step names
 * only screens the navigation has, and each step's link opens one. Fails when a text
 * names a screen that ROUTES lacks ("the Warehouse screen"), when a step links nowhere, or
 * when a text in the renderer's sources says "the X screen" for an X the navigation lacks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAYBOOKS } from '../../main/engine/domains/playbooks/builtins';
import { PLAYBOOK_SCREENS } from '../../shared/contract';
import { ROUTES } from '../../renderer/features/navigation/slice';
import { HELP_TEXTS, namedScreens, routeNamed, unknownScreens } from '../../renderer/features/playbooks/help';
import { SCREEN_ROUTES, screenLabel } from '../../renderer/features/playbooks/view';

const ROOT = join(__dirname, '..', '..');
const routeIds = ROUTES.map((r) => r.id as string);

/** Every .ts/.tsx file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the screen-name checker', () => {
  it('finds the screens a text names, in the forms the texts use', () => {
    expect(namedScreens('On the Caps and bands screen, review the caps; then open the Ops board and the Decisions screen.').map((s) => s.name)).toEqual([
      'Caps and bands',
      'Ops board',
      'Decisions',
    ]);
    expect(namedScreens('In Alerts: count the tripwires.').map((s) => s.name)).toEqual(['Alerts']);
    expect(namedScreens('Count the till and note it.')).toEqual([]);
  });

  it('fails a text that names a screen the navigation lacks', () => {
    expect(unknownScreens('Count the pallets on the Warehouse screen.')).toEqual(['Warehouse']);
    // the built-ins' texts before issue 15: no Alerts screen (the Automations screen came with issue 16)
    expect(unknownScreens('In Alerts: count the tripwires that fired this week.')).toEqual(['Alerts']);
    expect(unknownScreens('Answered on the Automations screen.')).toEqual([]);
    expect(unknownScreens('Open the Ops board, then the Ledger screen and the Audit log screen.')).toEqual([]);
  });

  it('knows a screen by its navigation label or route id, case aside', () => {
    expect(routeNamed('Caps and bands')).toBe('caps');
    expect(routeNamed('ops board')).toBe('ops');
    expect(routeNamed('audit')).toBe('audit');
    expect(routeNamed('Warehouse')).toBeNull();
  });
});

describe('help texts and playbook steps name screens that exist', () => {
  it('every help text of the registry', () => {
    const entries = Object.entries(HELP_TEXTS);
    expect(entries.length).toBeGreaterThan(0);
    for (const [id, text] of entries) {
      expect(namedScreens(text).length, `${id} names a screen`).toBeGreaterThan(0);
      expect(unknownScreens(text), `${id}: ${text}`).toEqual([]);
    }
  });

  it('every screen a step can link to opens a route of the navigation', () => {
    for (const screen of PLAYBOOK_SCREENS) {
      expect(routeIds, screen).toContain(SCREEN_ROUTES[screen]);
      expect(ROUTES.map((r) => r.label as string), screen).toContain(screenLabel(screen));
    }
  });

  it('every built-in step links to a screen and names only screens that exist', () => {
    const steps = BUILTIN_PLAYBOOKS.flatMap((p) => p.steps.map((s) => ({ ...s, playbook: p.key })));
    expect(steps.length).toBeGreaterThan(15);
    for (const step of steps) {
      const where = `${step.playbook} / ${step.key}`;
      expect(step.link, `${where} links to a screen`).toBeTruthy();
      if (step.link) expect(routeIds, where).toContain(SCREEN_ROUTES[step.link]);
      expect(unknownScreens(step.instructions ?? ''), `${where}: ${step.instructions}`).toEqual([]);
      expect(unknownScreens(`${step.title}`), where).toEqual([]);
    }
    for (const p of BUILTIN_PLAYBOOKS) expect(unknownScreens(p.description ?? ''), p.key).toEqual([]);
  });

  it('no text in the renderer says "the X screen" for a screen the navigation lacks', () => {
    const problems: string[] = [];
    for (const file of sources(join(ROOT, 'renderer'))) {
      const text = readFileSync(file, 'utf8');
      // string literals and JSX text; comments are left out
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      for (const m of code.matchAll(/\bthe ([A-Z][\w’'-]*(?: (?!the\b)[A-Za-z][\w’'-]*){0,3}?) screen\b/g)) {
        const name = m[1] ?? '';
        if (routeNamed(name) === null) problems.push(`${relative(ROOT, file)}: "${m[0]}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});
