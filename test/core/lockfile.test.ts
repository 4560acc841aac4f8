import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm ci` (what CI runs) refuses a lock file that lacks any optional dependency of a locked
// package; the registry here serves only some of DuckDB's platform packages, so a plain
// `npm install` drops the others. scripts/lock-platforms.mjs puts them back.
describe('package-lock.json', () => {
  it('records every platform package of @duckdb/node-bindings', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
    const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
    const optional = Object.keys(bindings.optionalDependencies ?? {});
    expect(optional.length).toBeGreaterThan(0);
    const missing = optional.filter((name) => !lock.packages[`node_modules/${name}`]);
    expect(missing, 'run node scripts/lock-platforms.mjs').toEqual([]);
  });
});
