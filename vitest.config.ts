import { defineConfig } from 'vitest/config';

// The fast suite (`npm run test:fast`; the first half of `npm test`): unit and command tests. The heavy end-to-end runs (simulate, scan,
// evaluate) are in test/e2e/ and run by vitest.e2e.config.ts (`npm run test:e2e`; `npm test` runs both, this one first).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    // One worker per core. Vitest's default is one fewer (a single worker on a 2-core machine), and a
    // worker spends much of its time waiting on a spawned CLI or a DuckDB query, so the second core idled.
    maxWorkers: '100%',
    // Test files share a worker's imports (DuckDB's binding, the compiled sources) instead of loading
    // them again per file: importing was about a fifth of the suite's time. No module of src/ keeps
    // state, and tests close what they open.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC', NO_COLOR: '1' },
  },
});
