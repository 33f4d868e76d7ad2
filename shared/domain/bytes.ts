/** Byte counts as the console's messages give them (binary units, as limits are set). */

const KIB = 1024;
const MIB = 1024 * 1024;

/**
 * A byte count for a message, in binary units to one decimal, trailing `.0` dropped:
 * `25 MiB`, `26.5 MiB` (from 1 MiB), `64 KiB` (from 1 KiB), else `512 bytes`.
 * Main and the renderer both use it, so a refusal reads the same whichever side makes it.
 */
export function sizeText(bytes: number): string {
  if (bytes >= MIB) return `${Math.round((bytes / MIB) * 10) / 10} MiB`;
  if (bytes >= KIB) return `${Math.round((bytes / KIB) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
