/**
 * Events pushed from main to the renderer: `'<domain>.<past-tense>'` or `db.changed`.
 */
import { z } from 'zod';
import { decisionStatus, id } from './schemas';

export const events = {
  /**
   * Tables a committed decision changed; `items`, when the change to items was only stock and
   * forecasts of these (at most 200), so a list of every item can refetch just those rows.
   */
  'db.changed': z.object({ tables: z.array(z.string()), items: z.array(id).max(200).optional() }),
  'decision.recorded': z.object({ decisionId: id, action: z.string(), status: decisionStatus }),
  /** Progress of a long action (an import's parse, then its inserts), at most a few per second per phase. */
  'job.progress': z.object({
    action: z.string(),
    phase: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    unit: z.enum(['rows', 'bytes', 'items']),
    ratePerSecond: z.number(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
