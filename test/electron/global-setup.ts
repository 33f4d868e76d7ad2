/**
 * Decides once whether the Electron smoke tests can run: they need the Electron binary and
 * better-sqlite3 built for it (dist/native/electron, built here when missing). Where either
 * cannot be had, says so plainly and the tests skip with that reason.
 */
import { buildElectronNative, hasElectronNative } from '../../scripts/native-electron.mjs';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { NO_BINARY, SKIP_ENV } from './skip';

export default function globalSetup(): void {
  let reason: string | null = null;
  if (electronBinary() === null) reason = NO_BINARY;
  else if (!hasElectronNative()) {
    try {
      buildElectronNative();
    } catch (error) {
      reason = `better-sqlite3 could not be built for Electron: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (reason !== null) {
    process.env[SKIP_ENV] = reason;
    console.log(`\n[test/electron] SKIPPED — ${reason}.\n`);
  }
}
