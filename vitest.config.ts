import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/{engine,migrations,contract,renderer,cli,host,shell}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
