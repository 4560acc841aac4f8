import { defineConfig } from 'vitest/config';

// The heavy end-to-end runs: one file at a time and timeouts that hold on a busy 2-core machine
// (a simulator-plus-scan test took 79 s there against the fast suite's 60 s limit).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
    env: { TZ: 'UTC', NO_COLOR: '1' },
  },
});
