export function electronBinary(root?: string): string | null;
export function fetchElectronBinary(options?: { root?: string; timeoutMs?: number }): string | null;
