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
    // The console's CSS stops its spinners, indeterminate bars and transitions under reduced
    // motion (renderer/ui/theme.css). On this machine every animated frame is composited in
    // software, in the GPU process, while the tests wait: with motion the suite's busiest
    // steps took half as long again (1,252 receipt files staged: 18 s → 11 s).
    reducedMotion: 'reduce',
    // Off unless asked for: recording a trace (a DOM snapshot at every step, a screencast)
    // cost a quarter of the suite's CPU even for the tests that pass, and the suite is bound
    // by CPU on two cores. A failure still keeps its screenshot, its error and the engine's
    // log; `E2E_TRACE=1 npx playwright test <spec>` records the full trace of a failing run.
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
