/** `valhalla actions | queries`: the contract's calls, read from the contract alone (no database). */
import { z } from 'zod';
import { actions, queries } from '../../shared/contract';

/** JSON Schema of every call's params, generated from the contract's zod schemas. */
export function listCalls(kind: 'actions' | 'queries'): unknown[] {
  const table = kind === 'actions' ? actions : queries;
  return Object.entries(table).map(([name, spec]) => ({
    name,
    summary: spec.summary,
    ...('execClass' in spec ? { execClass: spec.execClass, exempt: spec.exempt } : {}),
    params: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
  }));
}
