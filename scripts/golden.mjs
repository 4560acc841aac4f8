// The golden files: what a scan of the committed demo export (fixtures/demo) prints and writes,
// kept in test/golden/demo/ and compared byte for byte by test/golden/demo.test.ts.
// `npm run golden:update` rewrites them from the built CLI; a change that alters the demo's findings
// or wording updates them in the same commit, on purpose, and the diff shows what changed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GOLDEN_DIR = join(root, 'test', 'golden', 'demo');

/** The scan a user runs first (the README's first command), with paths relative to the checkout. */
export const DEMO_SCAN = [
  'scan',
  'fixtures/demo/logs',
  '--accounts',
  'fixtures/demo/accounts.csv',
  '--indicators',
  'fixtures/demo/indicators.json',
];

/** report.json's timings (`ms` of detectors and stages) are the one thing that differs between runs. */
export function withoutTimings(reportText) {
  const report = JSON.parse(reportText);
  for (const entry of [...(report.detectors ?? []), ...(report.stages ?? [])]) delete entry.ms;
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Runs the demo scan with the built CLI into `out` (`args` added, e.g. `--threads 1`) and returns
 * what it printed on stdout; throws when the scan fails.
 */
export function scanDemo(out, args = []) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'distill-audit'), ...DEMO_SCAN, '--out', out, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', SOURCE_DATE_EPOCH: '1767225600' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`demo scan exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** The golden files' contents by name, from a demo scan written to `out` that printed `stdout`. */
export function goldenOutputs(out, stdout) {
  const read = (name) => readFileSync(join(out, name), 'utf8');
  return {
    'summary.txt': stdout.split(out).join('<out>'),
    'report.json': withoutTimings(read('report.json')),
    'report.md': read('report.md'),
    'accounts.csv': read('accounts.csv'),
    'observables.json': read('observables.json'),
  };
}

/** Runs the demo scan with the built CLI and returns the golden files' expected contents by name. */
export function demoOutputs() {
  const scratch = mkdtempSync(join(tmpdir(), 'da-golden-'));
  try {
    const out = join(scratch, 'report');
    return goldenOutputs(out, scanDemo(out));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const [name, text] of Object.entries(demoOutputs())) writeFileSync(join(GOLDEN_DIR, name), text);
  console.error(`golden files written to ${GOLDEN_DIR}; review the diff before committing`);
}
