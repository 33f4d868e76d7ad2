/**
 * The shape of one declared call. Domains declare theirs in their own contract file; the
 * `actions` and `queries` tables merge them.
 */
import type { z } from 'zod';
import type { Band } from '../domain/bands';
import type { EXEC_CLASSES } from './schemas';

export type ExecClass = (typeof EXEC_CLASSES)[number];

export interface ActionSpec {
  summary: string;
  input: z.ZodType;
  output: z.ZodType;
  execClass: ExecClass;
  exempt: boolean;
  minBand?: Band;
  /**
   * A setup action the Go-live steps ask for (add operators, spend caps, approval
   * thresholds, locations and first items): while execution is off it may still run when a
   * Go-live run is in progress, so the run can do what its steps say. Every other gate applies.
   */
  setup?: boolean;
}

export interface QuerySpec {
  summary: string;
  input: z.ZodType;
  output: z.ZodType;
}
