import { defineConfig } from 'vitest/config';

/**
 * The OCR files: each reads scans with a pool of tesseract workers (two threads of its own),
 * so they run after the rest, one file at a time; run beside other files on a 2-core
 * machine their reads overran the test timeouts.
 */
const OCR_FILES = ['test/engine/capture-reader.test.ts', 'test/engine/capture-accuracy.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker less than the CPUs: a single worker on a 2-core machine,
    // where most files wait on SQLite and the file system as much as on the CPU.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/{engine,migrations,contract,renderer,cli,host,shell}/**/*.test.{ts,tsx}'],
          exclude: OCR_FILES,
        },
      },
      {
        extends: true,
        test: {
          name: 'ocr',
          include: OCR_FILES,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
