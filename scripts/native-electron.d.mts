export const NATIVE_DIR: string;
export function wantedBuild(platform?: string, arch?: string): { electron: string; betterSqlite3: string; platform: string; arch: string };
export function hasElectronNative(platform?: string, arch?: string): boolean;
export function buildElectronNative(platform?: string, arch?: string): string;
