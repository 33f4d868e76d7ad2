/**
 * Electron smoke tests (Playwright `_electron`), apart from the browser e2e suite: run with
 * `npm run build && npx playwright test -c test/electron/playwright.config.ts`. They run
 * where an Electron binary is present and are reported as skipped, with the reason, where
 * it is not.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: fileURLToPath(new URL('.', import.meta.url)),
  testMatch: '**/*.spec.ts',
  outputDir: fileURLToPath(new URL('../../test-results/electron', import.meta.url)),
  globalSetup: fileURLToPath(new URL('./global-setup.ts', import.meta.url)),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
});
