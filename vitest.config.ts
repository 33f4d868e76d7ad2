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
    setupFiles: ['test/helpers/setup.ts'],
    // Vitest's default is one worker less than the CPUs: a single worker on a 2-core machine,
    // where most files wait on SQLite and the file system as much as on the CPU.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // One module graph per worker, not per file: importing the engine and the renderer
          // anew for each of ninety files cost more than their tests (3.5 min → 2.5 min for the
          // whole run). A test that stubs a global or fakes timers puts them back itself, and
          // the engines and folders a test opens are released by the setup file after it.
          isolate: false,
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
