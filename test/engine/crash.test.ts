import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { closeEngine, liveEngine, must, openEngine } from '../helpers/engine';

const ROOT = join(__dirname, '../..');

/** Starts the dispatch loop in a child process and SIGKILLs it `delayMs` after it is running. */
function killMidLoop(dbPath: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/dispatch-loop.ts'), dbPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended without being killed: ${stderr}`))));
  });
}

describe('crash safety', () => {
  it('a process killed mid-transaction leaves no partial state: integrity ok, chain intact, every decision audited', async () => {
    const { engine, dbPath } = liveEngine();
    closeEngine(engine);
    for (const delay of [0, 37, 150]) await killMidLoop(dbPath, delay);

    const raw = new Database(dbPath);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const decisions = raw.prepare("SELECT count(*) AS n FROM decisions WHERE mode = 'execute'").get() as { n: number };
    const decisionEvents = raw.prepare("SELECT count(*) AS n FROM audit_events WHERE entity = 'decision'").get() as { n: number };
    expect(decisionEvents.n).toBe(decisions.n);
    expect(decisions.n).toBeGreaterThan(60);
    // the state equals the after-value of the last governance event: effect and audit committed together
    const last = raw.prepare("SELECT after_json FROM audit_events WHERE entity = 'governance' ORDER BY seq DESC LIMIT 1").get() as { after_json: string };
    const band = (raw.prepare('SELECT band FROM governance_state').get() as { band: string }).band;
    raw.close();
    expect(JSON.parse(last.after_json).band).toBe(band);

    const { engine: reopened } = openEngine({ dbPath });
    expect(must(reopened.query('audit.verify', {})).ok).toBe(true);
  }, 60_000);
});
