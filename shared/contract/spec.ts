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
}

export interface QuerySpec {
  summary: string;
  input: z.ZodType;
  output: z.ZodType;
}
