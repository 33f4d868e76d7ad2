/**
 * electron-builder.yml, validated by electron-builder's own loader and scheme.json, and
 * held to the hardening DESIGN.md asks for (fuses; the native module kept apart).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  npmRebuild?: boolean;
  beforePack?: string;
  asarUnpack?: string[];
  files?: unknown;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: unknown };
  win?: { target?: unknown };
  mac?: { target?: unknown };
}

async function loadConfig(): Promise<BuilderConfig> {
  // electron-builder's own loader and validator (app-builder-lib ships with electron-builder).
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string, options: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('packaging: electron-builder.yml', () => {
  it('is valid for electron-builder 26', async () => {
    await expect(loadConfig()).resolves.toMatchObject({ appId: expect.any(String), productName: 'Valhalla Console' });
  });

  it('hardens the fuses (Electron’s checklist item 19)', async () => {
    expect((await loadConfig()).electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('targets AppImage and deb, NSIS and DMG', async () => {
    const config = await loadConfig();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('keeps the Electron build of better-sqlite3 apart: no in-place rebuild, a beforePack hook, unpacked from the archive', async () => {
    const config = await loadConfig();
    expect(config.npmRebuild).toBe(false);
    expect(config.beforePack).toBe('./scripts/before-pack.mjs');
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/native/**']));
    const hook = (await import('../../scripts/before-pack.mjs')) as { default: unknown };
    expect(typeof hook.default).toBe('function');
  });

  it('package.json rebuilds nothing at install (DESIGN.md "Pitfalls")', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(Object.keys(pkg.scripts)).not.toContain('postinstall');
    expect(Object.keys(pkg.scripts)).not.toContain('install');
    expect(pkg.main).toBe('dist/main/shell.cjs');
  });
});
