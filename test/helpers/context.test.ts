import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { testContext } from './context.js';

// The helper closes the database it opened when the test ends, so a failing assertion does not leak it.
describe('testContext()', () => {
  let failed: Database | undefined;

  it.fails('a test that fails after testContext() (expected to fail)', async () => {
    failed = (await testContext()).db;
    expect(failed).toBeUndefined();
  });

  it("left the failed test's database closed", async () => {
    expect(failed).toBeDefined();
    await expect(failed!.all('SELECT 1 AS x')).rejects.toThrow('connection disconnected');
  });
});
