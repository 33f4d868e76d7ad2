// electron-builder `beforePack` hook: puts the Electron build of better-sqlite3 for the
// target being packed into dist/native/electron/ (copied into the app by `files: dist/**`
// and unpacked from the archive by `asarUnpack`), instead of `npmRebuild`, which would
// rebuild node_modules in place and leave the tests' Node build unusable.
import { buildElectronNative, hasElectronNative } from './native-electron.mjs';

/** electron-builder's Arch enum, by value. */
const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** @param {{ electronPlatformName: string, arch: number }} context */
export default async function beforePack(context) {
  const arch = ARCH[context.arch];
  if (arch === undefined || arch === 'universal') throw new Error(`beforePack: no native build for arch ${context.arch}`);
  if (!hasElectronNative(context.electronPlatformName, arch)) buildElectronNative(context.electronPlatformName, arch);
}
