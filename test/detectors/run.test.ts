import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { detect } from './run.js';
import { population } from './traffic.js';

// The helper closes its database when the test ends, so a failing assertion does not leak it.
describe('detect() of the detector tests', () => {
  let failed: Database | undefined;

  it.fails('a test that fails after detect() (expected to fail)', async () => {
    failed = (await detect({ exchanges: population(2, { days: 1 }) }, 'volume')).db;
    expect(failed).toBeUndefined();
  });

  it("left the failed test's database closed", async () => {
    expect(failed).toBeDefined();
    await expect(failed!.all('SELECT 1 AS x')).rejects.toThrow('connection disconnected');
  });
});
