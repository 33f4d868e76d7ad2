/**
 * better-sqlite3 for Electron (DESIGN.md "Native module and Electron binary"): the copy in
 * `node_modules` is built for the machine's Node (tests, CLI, browser mode); the one built
 * for Electron's ABI is kept apart in `dist/native/electron/` by `scripts/native-electron.mjs`
 * and handed to the engine as `nativeBinding`. Electron-free.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Where the Electron build of better-sqlite3 lives, relative to the app's root. */
export const ELECTRON_NATIVE_BINDING = join('dist', 'native', 'electron', 'better_sqlite3.node');

/**
 * The Electron build of better-sqlite3 under `appPath` (`app.getAppPath()`), or `undefined`
 * when there is none, in which case better-sqlite3's default lookup applies. Inside a
 * packaged app the file is unpacked beside the archive (`asarUnpack`), because a native
 * module cannot be loaded from inside `app.asar`.
 */
export function electronNativeBinding(appPath: string, exists: (path: string) => boolean = existsSync): string | undefined {
  const archive = `${sep}app.asar`;
  const root = appPath.endsWith(archive) ? `${appPath}.unpacked` : appPath;
  const candidate = join(root, ELECTRON_NATIVE_BINDING);
  return exists(candidate) ? candidate : undefined;
}
