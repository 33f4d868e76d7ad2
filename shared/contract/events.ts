/**
 * Events pushed from main to the renderer: `'<domain>.<past-tense>'` or `db.changed`.
 */
import { z } from 'zod';
import { decisionStatus, id } from './schemas';

export const events = {
  'db.changed': z.object({ tables: z.array(z.string()) }),
  'decision.recorded': z.object({ decisionId: id, action: z.string(), status: decisionStatus }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
