/**
 * A coalesced refresh over `db.changed` tables: one run at a time, and while it runs the
 * tables of further calls are collected into one more run (all tables when any call
 * asked for everything, e.g. after a reconnect).
 */

/** `run(tables)`: `null` means "refetch everything loaded". */
export type RefreshRun = (tables: ReadonlySet<string> | null) => Promise<void>;

/** A refresher that calls `run` at most once at a time; the returned promise settles when the tables asked for are fresh. */
export function coalescedRefresh(run: RefreshRun): (tables?: readonly string[]) => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: { all: boolean; tables: Set<string> } | null = null;
  return (tables) => {
    if (running) {
      queued ??= { all: false, tables: new Set() };
      if (!tables) queued.all = true;
      else for (const t of tables) queued.tables.add(t);
      return running;
    }
    running = (async () => {
      let next: ReadonlySet<string> | null = tables ? new Set(tables) : null;
      try {
        for (;;) {
          await run(next);
          const again: { all: boolean; tables: Set<string> } | null = queued;
          if (!again) break;
          next = again.all ? null : again.tables;
          queued = null;
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
