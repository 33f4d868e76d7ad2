/**
 * Where data lives outside Electron (CLI, browser mode): `VALHALLA_DB` if set, else the
 * OS application-data folder from `env-paths` (Linux: ~/.local/share/valhalla/;
 * macOS: ~/Library/Application Support/valhalla/; Windows: %LOCALAPPDATA%\valhalla\Data\).
 * Electron uses its own `app.getPath('userData')`.
 */
import { join } from 'node:path';
import envPaths from 'env-paths';

export const DB_FILE_NAME = 'valhalla.sqlite';

/** The default database path for the CLI and browser mode. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VALHALLA_DB) return env.VALHALLA_DB;
  return join(envPaths('valhalla', { suffix: '' }).data, DB_FILE_NAME);
}
