/**
 * A built-renderer stand-in for the serving tests: a real folder with index.html and two
 * assets, and a secret file beside it (outside the folder) that no request may reach.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/engine';

export const SECRET = 'TOP-SECRET';

/** Creates the folder in a temp dir removed after the test. */
export function rendererFixture(): { root: string; dir: string; secretPath: string } {
  const root = tempDir();
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Valhalla</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body{}');
  const secretPath = join(root, 'secret.txt');
  writeFileSync(secretPath, SECRET);
  return { root, dir, secretPath };
}
