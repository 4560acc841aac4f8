import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script (shared with `npm run golden:update`) has no type declarations.
import { GOLDEN_DIR, goldenOutputs, scanDemo, withoutTimings } from '../../scripts/golden.mjs';

// Two scans of the demo, with one DuckDB thread and with two: the first is compared with the golden
// files, and every file of the two bundles with each other (the two scans serve both tests).
const scratch = mkdtempSync(join(tmpdir(), 'da-golden-'));
const bundles: Record<'one' | 'two', { out: string; stdout: string }> = {
  one: { out: join(scratch, 'threads-1'), stdout: '' },
  two: { out: join(scratch, 'threads-2'), stdout: '' },
};
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  bundles.one.stdout = scanDemo(bundles.one.out, ['--threads', '1']) as string;
  bundles.two.stdout = scanDemo(bundles.two.out, ['--threads', '2']) as string;
}, 300_000); // two demo scans: 25 s on a quiet 2-core machine, over 70 s on a busy one

describe('the demo scan matches its golden files', () => {
  it('summary, report.json (timings aside), report.md, accounts.csv and observables.json, byte for byte', () => {
    const outputs = goldenOutputs(bundles.one.out, bundles.one.stdout) as Record<string, string>;
    expect(readdirSync(GOLDEN_DIR).sort()).toEqual(Object.keys(outputs).sort());
    for (const [name, text] of Object.entries(outputs)) {
      const golden = readFileSync(join(GOLDEN_DIR, name), 'utf8');
      // On purpose: `npm run golden:update`, then review and commit the diff of test/golden/.
      expect(text, `${name} differs from test/golden/demo/${name} (npm run golden:update if intended)`).toBe(golden);
    }
  });
});

describe('the same input gives the same report', () => {
  it('byte for byte in every file (timings aside), whatever the thread count', () => {
    const { one, two } = { one: bundles.one.out, two: bundles.two.out };
    const files = readdirSync(one).sort();
    expect(readdirSync(two).sort()).toEqual(files);
    expect(files).toEqual(
      expect.arrayContaining(['report.json', 'report.md', 'report.html', 'accounts.csv', 'accounts.parquet', 'accounts.arrow']),
    );
    const report = JSON.parse(readFileSync(join(one, 'report.json'), 'utf8'));
    expect(report.campaigns.length).toBeGreaterThan(0);
    for (const file of files) {
      const a = readFileSync(join(one, file));
      const b = readFileSync(join(two, file));
      if (file === 'report.json') expect(withoutTimings(b.toString()), file).toBe(withoutTimings(a.toString()));
      else expect(b.equals(a), `${file} differs between --threads 1 and --threads 2`).toBe(true);
    }
    expect(bundles.two.stdout.split(two).join('<out>')).toBe(bundles.one.stdout.split(one).join('<out>'));
  });
});
