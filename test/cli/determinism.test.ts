import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const demo = (name: string) => fileURLToPath(new URL(`../../fixtures/demo/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'da-determinism-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scan(threads: number): string {
  const out = join(scratch, `t${threads}`);
  const run = runCli(['scan', demo('logs'), '--accounts', demo('accounts.csv'), '--indicators', demo('indicators.json'),
    '--out', out, '--threads', String(threads), '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

/** report.json's timings (detectors, stages) are the one thing that may differ between runs. */
function withoutTimings(text: string): unknown {
  const report = JSON.parse(text);
  for (const d of [...report.detectors, ...(report.stages ?? [])]) delete d.ms;
  return report;
}

describe('the same input gives the same report', () => {
  it('byte for byte in every file (timings aside), whatever the thread count', () => {
    const one = scan(1);
    const two = scan(2);
    const files = readdirSync(one).sort();
    expect(readdirSync(two).sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['report.json', 'report.md', 'report.html', 'accounts.csv', 'accounts.parquet', 'accounts.arrow']));
    const report = JSON.parse(readFileSync(join(one, 'report.json'), 'utf8'));
    expect(report.campaigns.length).toBeGreaterThan(0);
    for (const file of files) {
      const a = readFileSync(join(one, file));
      const b = readFileSync(join(two, file));
      if (file === 'report.json') expect(withoutTimings(b.toString()), file).toEqual(withoutTimings(a.toString()));
      else expect(b.equals(a), `${file} differs between --threads 1 and --threads 2`).toBe(true);
    }
  }, 300_000); // two demo scans: 25 s on a quiet 2-core machine, over 70 s on a busy one
});
