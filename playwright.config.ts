/**
 * End-to-end tests: Debian's Chromium (never `npx playwright install`) driving the real
 * renderer (dist/renderer, built by `npm run build`) against the real engine and the real
 * browser-mode host, started in-process per test on a temp SQLite file (test/e2e/fixtures.ts).
 * Screenshots the tests take go to test-results/screenshots/ (gitignored), outside
 * Playwright's own output folder, which it empties on every run.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1360, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
