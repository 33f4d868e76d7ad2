import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');

/** Lints `code` as if it stood at `path`, returning the import-zone messages. */
async function zoneErrors(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import zones of DESIGN.md, enforced by lint', () => {
  it('main/engine may not import electron or the shell', async () => {
    expect(await zoneErrors('main/engine/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await zoneErrors('main/engine/x.ts', "import { a } from '../shell/window';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('shared may not import node:* or main', async () => {
    expect(await zoneErrors('shared/domain/x.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toHaveLength(1);
    expect(await zoneErrors('shared/domain/x.ts', "import { a } from '../../main/engine/engine';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('renderer may not import main or node', async () => {
    expect(await zoneErrors('renderer/features/x.ts', "import { createEngine } from '../../main/engine/engine';\nexport const c = createEngine;\n")).toHaveLength(1);
    expect(await zoneErrors('renderer/features/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toHaveLength(1);
  });

  it('preload imports only electron and shared/contract', async () => {
    expect(await zoneErrors('main/preload/x.ts', "import { createEngine } from '../engine/engine';\nexport const c = createEngine;\n")).toHaveLength(1);
    expect(await zoneErrors('main/preload/x.ts', "import { contextBridge } from 'electron';\nimport { CHANNELS } from '../../shared/contract/names';\nexport const c = [contextBridge, CHANNELS];\n")).toHaveLength(0);
  });

  it('allowed imports pass', async () => {
    expect(await zoneErrors('main/engine/x.ts', "import { actions } from '../../shared/contract';\nexport const a = actions;\n")).toHaveLength(0);
  });
});
