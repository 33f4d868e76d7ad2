// Where the Electron binary is, without the download that `require('electron')` would try
// (Electron ≥ 45 fetches it on first launch; offline that fetch fails).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The Electron executable installed under `root`'s node_modules/electron (the same lookup
 * as its index.js: path.txt names the file under dist/, or ELECTRON_OVERRIDE_DIST_PATH),
 * or `null` when it is not there. Never downloads.
 * @param {string} [root]
 * @returns {string | null}
 */
export function electronBinary(root = ROOT) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const full = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(pkg, 'dist', relative);
  return existsSync(full) ? full : null;
}

/**
 * The Electron executable, trying Electron's own installer once (bounded by `timeoutMs`)
 * when it is missing; `null` when it still cannot be had (typically: no network).
 * @param {{ root?: string, timeoutMs?: number }} [options]
 * @returns {string | null}
 */
export function fetchElectronBinary({ root = ROOT, timeoutMs = 120_000 } = {}) {
  const found = electronBinary(root);
  if (found !== null) return found;
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return null;
  spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: timeoutMs });
  return electronBinary(root);
}
