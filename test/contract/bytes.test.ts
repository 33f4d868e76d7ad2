import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../shared/contract';
import { sizeText } from '../../shared/domain/bytes';

describe('sizeText', () => {
  it('gives MiB from one MiB up, to one decimal without a trailing .0', () => {
    expect(sizeText(MAX_ATTACHMENT_BYTES)).toBe('25 MiB');
    expect(sizeText(26 * 1024 * 1024 + 1000)).toBe('26 MiB');
    expect(sizeText(26.5 * 1024 * 1024)).toBe('26.5 MiB');
    expect(sizeText(250 * 1024 * 1024)).toBe('250 MiB');
    expect(sizeText(1024 * 1024)).toBe('1 MiB');
  });

  it('gives KiB below one MiB and bytes below one KiB', () => {
    expect(sizeText(64 * 1024)).toBe('64 KiB');
    expect(sizeText(1536)).toBe('1.5 KiB');
    expect(sizeText(1023)).toBe('1023 bytes');
    expect(sizeText(0)).toBe('0 bytes');
  });
});
