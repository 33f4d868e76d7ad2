export function buildCli(root: string, outDir?: string): Promise<{ outDir: string; entry: string; files: number; sources: number }>;

export function freshCliBundle(root: string, outDir?: string): { entry: string; reason?: undefined } | { entry: null; reason: string };

export function loadCliBundle(entry: string): Record<string, unknown>;
