// Running a child process in the foreground for the start scripts: output inherited,
// Ctrl+C reaching it through the terminal, SIGTERM forwarded, its exit code passed on.
import { spawn } from 'node:child_process';

/**
 * Runs `command args` with inherited stdio and resolves with its exit code (1 when it was
 * killed by a signal or could not start).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<number>}
 */
export function runForeground(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    // The terminal sends Ctrl+C to the child too; this process waits for it to finish.
    const onInt = () => undefined;
    const onTerm = () => child.kill('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}
