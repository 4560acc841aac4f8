import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script (shared with `npm run golden:update`) has no type declarations.
import { GOLDEN_DIR, demoOutputs } from '../../scripts/golden.mjs';

describe('the demo scan matches its golden files', () => {
  it('summary, report.json (timings aside), report.md, accounts.csv and observables.json, byte for byte', () => {
    const outputs = demoOutputs() as Record<string, string>;
    expect(readdirSync(GOLDEN_DIR).sort()).toEqual(Object.keys(outputs).sort());
    for (const [name, text] of Object.entries(outputs)) {
      const golden = readFileSync(join(GOLDEN_DIR, name), 'utf8');
      // On purpose: `npm run golden:update`, then review and commit the diff of test/golden/.
      expect(text, `${name} differs from test/golden/demo/${name} (npm run golden:update if intended)`).toBe(golden);
    }
  });
});
