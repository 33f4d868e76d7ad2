/** Playbooks and sessions in the renderer: the helpers forms use, and the selectors, without React. */
import { describe, expect, it } from 'vitest';
import { playbookDefineInput, stepEvidenceInput } from '../../shared/contract';
import { evidenceFromValues } from '../../renderer/features/playbooks/CurrentStep';
import { definitionFromDraft, keyFromTitle } from '../../renderer/features/playbooks/DefinePlaybookDialog';
import { SCREEN_ROUTES, screenLabel } from '../../renderer/features/playbooks/view';
import { formatElapsed, sessionListParams } from '../../renderer/features/sessions/slice';
import { ROUTES } from '../../renderer/features/navigation/slice';

const blank = { note: '', number: '', attachmentSha256: '', receiptId: '', decisionId: '', approvalId: '', bundleSha256: '' };

describe('step evidence from the form', () => {
  it('leaves blank fields out, so the engine names the missing evidence', () => {
    expect(evidenceFromValues({ ...blank, note: '   ' })).toEqual({});
  });
  it('trims text and parses the number', () => {
    const evidence = evidenceFromValues({ ...blank, note: ' seen ', number: ' 12.5 ' });
    expect(evidence).toEqual({ note: 'seen', number: 12.5 });
    expect(stepEvidenceInput.safeParse(evidence).success).toBe(true);
  });
  it('gives NaN for a number that is not one, which the contract refuses', () => {
    const evidence = evidenceFromValues({ ...blank, number: 'none' });
    expect(evidence.number).toBeNaN();
    expect(stepEvidenceInput.safeParse(evidence).success).toBe(false);
  });
});

describe('playbook definition from the editor', () => {
  it('makes a step key from the title when none is typed', () => {
    expect(keyFromTitle('Count the till — Z report!')).toBe('count-the-till-z-report');
  });
  it('builds params the contract accepts: blank band and link as null, evidence in contract order', () => {
    const params = definitionFromDraft({
      key: 'daily-close',
      title: 'Daily close',
      description: '',
      steps: [
        { uid: 1, key: '', title: 'Count the till', instructions: '', minBand: '', redBlocks: true, evidence: ['number', 'note'], approval: false, link: '', effect: null },
        { uid: 2, key: 'photo', title: 'Photo', instructions: 'Z report', minBand: 'C', redBlocks: false, evidence: ['attachment'], approval: false, link: 'receipts', effect: null },
      ],
    });
    expect(params.steps[0]).toMatchObject({ key: 'count-the-till', minBand: null, link: null, evidence: ['note', 'number'] });
    expect(params.steps[1]).toMatchObject({ key: 'photo', minBand: 'C', link: 'receipts', redBlocks: false });
    expect(playbookDefineInput.safeParse(params).success).toBe(true);
  });
});

describe('screen links', () => {
  it('opens a route that exists, or none', () => {
    const ids = ROUTES.map((r) => r.id as string);
    for (const route of Object.values(SCREEN_ROUTES)) if (route !== null) expect(ids).toContain(route);
    expect(screenLabel('opsboard')).toBe('Ops board');
    expect(screenLabel('scheduler')).toBe('Scheduler');
  });
});

describe('sessions', () => {
  it('formats elapsed time as m:ss, then h:mm:ss', () => {
    const start = '2026-11-21T10:00:00.000Z';
    expect(formatElapsed(start, new Date('2026-11-21T10:00:07.000Z'))).toBe('0:07');
    expect(formatElapsed(start, new Date('2026-11-21T11:02:03.000Z'))).toBe('1:02:03');
    expect(formatElapsed(start, new Date('2026-11-21T09:00:00.000Z'))).toBe('0:00');
  });
  it('sends only the filters that are set', () => {
    expect(sessionListParams({ from: '', to: '2026-11-21', operatorId: '' })).toEqual({ to: '2026-11-21' });
    expect(sessionListParams({ from: '2026-11-01', to: '', operatorId: 'op' }, 'c')).toEqual({ from: '2026-11-01', operatorId: 'op', cursor: 'c' });
  });
});
