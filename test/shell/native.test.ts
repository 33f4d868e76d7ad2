/** Which better-sqlite3 build the shell hands the engine (DESIGN.md "Native module and Electron binary"). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_NATIVE_BINDING, electronNativeBinding } from '../../main/shell/native';
import { tempDir } from '../helpers/engine';

describe('shell: electronNativeBinding', () => {
  it('is undefined (better-sqlite3’s default lookup) when no Electron build exists', () => {
    expect(electronNativeBinding(tempDir())).toBeUndefined();
  });

  it('names dist/native/electron/better_sqlite3.node when it exists', () => {
    const app = tempDir();
    const file = join(app, ELECTRON_NATIVE_BINDING);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    expect(electronNativeBinding(app)).toBe(file);
  });

  it('looks beside the archive in a packaged app (asarUnpack)', () => {
    const seen: string[] = [];
    const found = electronNativeBinding(join('/opt', 'Valhalla Console', 'resources', 'app.asar'), (path) => {
      seen.push(path);
      return true;
    });
    expect(found).toBe(join('/opt', 'Valhalla Console', 'resources', 'app.asar.unpacked', ELECTRON_NATIVE_BINDING));
    expect(seen).toEqual([found]);
  });
});
