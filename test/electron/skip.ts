/**
 * Whether the Electron smoke tests can run here, decided once in global setup and passed
 * to the workers through the environment (Playwright's documented way).
 */
import { electronBinary } from '../../scripts/electron-binary.mjs';

export const SKIP_ENV = 'VALHALLA_ELECTRON_SKIP';

export const NO_BINARY =
  'no Electron binary in node_modules/electron/dist (Electron ≥ 45 downloads it on first launch, and that needs the network)';

/** Why the smoke tests are skipped here, or `undefined` when they run. */
export function skipReason(): string | undefined {
  return process.env[SKIP_ENV] || (electronBinary() === null ? NO_BINARY : undefined);
}
