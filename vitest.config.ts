import { defineConfig } from 'vitest/config';

// Three suites: unit (pure lib/), api (the real production server), e2e (Chromium).
// scripts/test.mjs decides which can run on this machine and says what it skips.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
