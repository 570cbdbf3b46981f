import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores in CI: more workers only fight over DuckDB threads.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
