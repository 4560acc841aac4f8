import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { put, scratchDir } from '../helpers/scratch.js';

// issue 16: the `small` preset scanned once, and as an account-sharded scan (4 buckets) scheduled
// on a Dask LocalCluster of 2 workers by scripts/dask_scan.py; the bundles must be the same.
// Needs Python with dask.distributed (Debian's python3-distributed, which .ci/run installs).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNNER = join(ROOT, 'scripts', 'dask_scan.py');
const BIN = join(ROOT, 'bin', 'distill-audit');
const ENV = { ...process.env, NO_COLOR: '1', TZ: 'UTC', SOURCE_DATE_EPOCH: '1767225600' };

/** The first Python that imports dask.distributed: $DISTILL_AUDIT_PYTHON, python3, Debian's /usr/bin/python3. */
function daskPython(): string | undefined {
  const candidates = [process.env.DISTILL_AUDIT_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  return candidates.find((py) => spawnSync(py, ['-c', 'import distributed'], { stdio: 'ignore' }).status === 0);
}

const python = daskPython();
// Skipping is a choice made out loud (DISTILL_AUDIT_SKIP_DASK=1, refused in CI), never a silent pass
// on a machine that happens to lack Dask: without it and without the opt-out, the test fails.
const SKIP = process.env.DISTILL_AUDIT_SKIP_DASK === '1';
if (SKIP && process.env.CI) throw new Error('DISTILL_AUDIT_SKIP_DASK=1 is refused when CI is set: the Dask scan must run');
if (!python && !SKIP) {
  throw new Error(
    "no Python imports dask.distributed: install Debian's python3-distributed (.ci/run does), " +
      'or set DISTILL_AUDIT_SKIP_DASK=1 to skip the sharded-scan test knowingly',
  );
}
if (SKIP) console.warn('DISTILL_AUDIT_SKIP_DASK=1: test/e2e/dask-shards.test.ts is skipped');

describe.skipIf(SKIP)('an account-sharded scan scheduled by Dask (small preset, 2 workers, 4 shards)', () => {
  const scratch = scratchDir('da-dask-');
  const data = join(scratch, 'small');
  const side = () => ['--accounts', join(data, 'accounts.csv'), '--indicators', join(data, 'indicators.json')];
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  beforeAll(() => {
    const sim = runCli(['simulate', '--preset', 'small', '--seed', '1', '--out', data]);
    expect(sim.code, sim.stderr).toBe(0);
    const whole = runCli(['scan', join(data, 'logs'), ...side(), '--out', join(scratch, 'whole'), '--quiet']);
    expect(whole.code, whole.stderr).toBe(0);
  });

  function runner(args: string[]): { code: number; stderr: string } {
    const run = spawnSync(python!, [RUNNER, ...args], { env: ENV, encoding: 'utf8', timeout: 900_000, killSignal: 'SIGKILL' });
    return { code: run.status ?? -1, stderr: run.stderr };
  }

  it('gives the same report bundle as one scan, a shard task that failed once retried', () => {
    // The first attempt of bucket 1's task fails (exit 3, as a crash would); the runner submits it again.
    const marker = join(scratch, 'failed-once');
    const cli = put(
      scratch,
      'flaky-cli.sh',
      `#!/bin/sh
case " $* " in *" shard-features "*" --shard 1 "*) if [ ! -e '${marker}' ]; then : > '${marker}'; echo 'simulated crash' >&2; exit 3; fi;; esac
exec '${process.execPath}' '${BIN}' "$@"
`,
    );
    chmodSync(cli, 0o755);
    const logs = readdirSync(join(data, 'logs'))
      .sort()
      .map((f) => join(data, 'logs', f));
    const work = join(scratch, 'work');
    const run = runner([
      '--workers',
      '2',
      '--shards',
      '4',
      '--work',
      work,
      '--out',
      join(scratch, 'sharded'),
      '--cli',
      cli,
      ...logs,
      '--',
      ...side(),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(run.stderr).toMatch(/shard-1: failed \(exit 3\): simulated crash; submitting again, attempt 2/);
    const summary = JSON.parse(readFileSync(join(work, 'run.json'), 'utf8'));
    expect(Object.keys(summary.shard)).toEqual(['shard-0', 'shard-1', 'shard-2', 'shard-3']);
    expect(summary.shard['shard-1'].attempts).toBe(2);
    expect(Object.keys(summary.bucket)).toHaveLength(logs.length);

    const whole = join(scratch, 'whole');
    const sharded = join(scratch, 'sharded');
    const comparable = (dir: string) => {
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      for (const d of report.detectors) delete d.ms;
      delete report.stages;
      return report;
    };
    expect(readdirSync(sharded).sort()).toEqual(readdirSync(whole).sort());
    expect(comparable(sharded)).toEqual(comparable(whole));
    for (const file of ['report.md', 'accounts.csv', 'observables.json', 'quarantine.jsonl', 'report.html']) {
      expect(readFileSync(join(sharded, file), 'utf8'), file).toBe(readFileSync(join(whole, file), 'utf8'));
    }
    const report = comparable(whole);
    expect(report.campaigns.length).toBeGreaterThan(0);
    expect(report.inputs.reduce((n: number, i: { rejected: number }) => n + i.rejected, 0)).toBeGreaterThan(0);
  });

  it('does not retry a command that refused its input (exit 2)', () => {
    const run = runner([
      '--workers',
      '2',
      '--shards',
      '2',
      '--work',
      join(scratch, 'work-bad'),
      '--out',
      join(scratch, 'bad'),
      join(scratch, 'no-such-logs'),
      '--',
      ...side(),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no-such-logs/);
    expect(run.stderr).not.toMatch(/submitting again/);
    expect(existsSync(join(scratch, 'bad'))).toBe(false);
  });
});
