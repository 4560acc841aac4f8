import { defineConfig } from 'vitest/config';

// The fast suite (`npm run test:fast`): unit and command tests. The heavy end-to-end runs
// (simulate, scan, evaluate) are in test/e2e/ and run by vitest.e2e.config.ts; `npm test` runs both.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC', NO_COLOR: '1' },
  },
});
