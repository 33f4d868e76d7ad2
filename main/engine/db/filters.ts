/**
 * Building the WHERE clause of a filtered list from optional filters, with named
 * parameters (never string-interpolated values).
 */
export interface Filters {
  /** Adds `condition` (which names `@key`) when `value` was given. */
  when(value: unknown, key: string, condition: string): Filters;
  /** `WHERE a AND b …`, or '' without conditions; `prefix` 'AND' continues an existing WHERE. */
  clause(prefix?: 'WHERE' | 'AND'): string;
  readonly args: Record<string, unknown>;
}

export function filters(args: Record<string, unknown> = {}): Filters {
  const where: string[] = [];
  const f: Filters = {
    args,
    when(value, key, condition) {
      if (value !== undefined) {
        where.push(condition);
        args[key] = value;
      }
      return f;
    },
    clause(prefix = 'WHERE') {
      return where.length ? `${prefix} ${where.join(' AND ')}` : '';
    },
  };
  return f;
}
