import type { BuildOptions } from 'esbuild';

export function mainBundles(root: string, outDir?: string): BuildOptions[];

export function cliBundle(root: string, outDir?: string): BuildOptions;
