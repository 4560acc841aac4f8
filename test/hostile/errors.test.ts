import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { environmentError } from '../../src/errors.js';
import { isCidr } from '../../src/load/cidr.js';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const DEMO = new URL('../../fixtures/demo/logs', import.meta.url).pathname;

/** Records enough for every stage to run. */
function records(n: number): object[] {
  return Array.from({ length: n }, (_, i) => ({
    request_id: `r${i}`,
    ts: new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString(),
    account_id: `acct_${i % 7}`,
    prompt: `question ${i}`,
  }));
}

/** A tmpfs of `size` at a fresh directory, or null where this user cannot mount (not root). */
function smallDisk(size: string, options = ''): string | null {
  const at = scratchDir('da-hostile-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', at], { stdio: 'ignore' });
    mounted.push(at);
    return at;
  } catch {
    return null;
  }
}
const mounted: string[] = [];
afterAll(() => {
  for (const at of mounted) execFileSync('umount', [at]);
});

const canMount = process.getuid?.() === 0;

describe('user and environment errors are exit 2 naming the cause, never exit 3', () => {
  const dir = scratchDir();
  const logs = put(dir, 'logs/day.jsonl', jsonl(records(300)));

  it('--last longer than 100 years', { timeout: 90_000 }, () => {
    const run = runCli(['scan', logs, '--last', '99999999999d', '--out', join(dir, 'o-last')], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: --last: "99999999999d" is longer than 100 years (36525d), the longest window taken; leave --last out to keep all the data\n',
    );
  });

  for (const limit of ['60MB', '150MB']) {
    it(`--memory-limit ${limit}: said to be the memory limit, no input file blamed`, { timeout: 120_000 }, () => {
      const run = runCli(['scan', DEMO, '--memory-limit', limit, '--out', join(dir, `o-mem-${limit}`), '--quiet'], { timeoutMs: 100_000 });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /^error: out of memory: the work needs more than DuckDB's memory limit \(--memory-limit, by default 80 % of the machine's memory\); raise --memory-limit or run on a larger machine\. DuckDB said: Out of Memory Error: /,
      );
      expect(run.stderr).not.toMatch(/\.jsonl|\.csv|cannot be read/);
      expect(existsSync(join(dir, `o-mem-${limit}`))).toBe(false);
    });
  }

  it.runIf(canMount)('a full disk under --out: exit 2 naming the directory, nothing left there', { timeout: 120_000 }, () => {
    const disk = smallDisk('24k')!;
    const out = join(disk, 'out');
    const run = runCli(['scan', DEMO, '--out', out, '--quiet'], { timeoutMs: 100_000 });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toBe(
      `error: cannot write ${out}: no space left on the device (nothing was replaced; free space or write --out elsewhere)\n`,
    );
    expect(readdirSync(disk)).toEqual([]);
  });

  it.runIf(canMount)('a full spill directory: exit 2 saying so and naming TMPDIR', { timeout: 120_000 }, () => {
    const disk = smallDisk('100k')!;
    const run = runCli(['scan', DEMO, '--out', join(dir, 'o-spill'), '--memory-limit', '100MB', '--quiet'], {
      env: { TMPDIR: disk },
      timeoutMs: 100_000,
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `error: the spill directory is full: DuckDB could not move work out of memory to disk under ${disk} (TMPDIR)`,
    );
  });

  it.runIf(canMount)('a read-only --out parent: exit 2, no stack trace', { timeout: 60_000 }, () => {
    const disk = smallDisk('1m', ',ro')!;
    const run = runCli(['scan', logs, '--out', join(disk, 'out'), '--quiet'], { timeoutMs: 50_000 });
    expect(run.code, run.stderr).toBe(2);
    // The first write is the lock beside --out, or the staging directory: either names the place.
    expect(run.stderr).toMatch(new RegExp(`^error: cannot (create the lock|mkdir) ${disk}/[^ ]+: (EROFS|read-only file system)\\n$`));
  });

  it('the same causes are recognised from the messages themselves', () => {
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, open '/x/y'"), {
      code: 'ENOSPC',
      syscall: 'open',
      path: '/x/y',
    });
    expect(environmentError(enospc)?.message).toBe(
      "no space left on the device: ENOSPC: no space left on device, open '/x/y' (free space, or write --out elsewhere; spill files go under " +
        (process.env.TMPDIR ?? '/tmp') +
        ' (TMPDIR))',
    );
    const erofs = Object.assign(new Error('EROFS'), { code: 'EROFS', syscall: 'open', path: '/ro/f' });
    expect(environmentError(erofs)?.message).toBe('cannot open /ro/f: read-only file system');
    expect(environmentError(new Error('IO Error: Could not write file "/o/a.parquet": No space left on device'))?.code).toBe('disk-full');
    expect(environmentError(new Error('Binder Error: no such column'))).toBeUndefined();
  });

  it('an unterminated CSV quote: the file loads, the row is rejected with its line', { timeout: 60_000 }, () => {
    put(
      dir,
      'quote/q.csv',
      'request_id,ts,account_id,prompt\nr1,2026-02-01T10:00:00Z,a1,hello\nr2,2026-02-01T10:00:01Z,a2,fine\nr3,2026-02-01T10:00:02Z,a3,"unterminated\n',
    );
    const out = join(dir, 'o-quote');
    const run = runCli(['scan', 'quote/q.csv', '--out', out, '--quiet'], { cwd: dir, timeoutMs: 50_000 });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.inputs[0]).toMatchObject({ path: 'quote/q.csv', records: 3, loaded: 2, rejected: 1, duplicates: 0 });
    const quarantine = readFileSync(join(out, 'quarantine.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(quarantine).toEqual([
      expect.objectContaining({ file: 'quote/q.csv', line: 4, reason: 'unquoted value: Value with unterminated quote found.' }),
    ]);
  });

  it('an unterminated quote in the middle: the rest of the file is inside it, and said so with the line', { timeout: 60_000 }, () => {
    put(
      dir,
      'quote/m.csv',
      'request_id,ts,account_id,prompt\nr1,2026-02-01T10:00:00Z,a1,hello\nr2,2026-02-01T10:00:01Z,a2,"open\nr3,2026-02-01T10:00:02Z,a3,fine\n',
    );
    const run = runCli(['validate', 'quote/m.csv', '--json'], { cwd: dir, timeoutMs: 50_000 });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.inputs[0]).toMatchObject({ records: 2, loaded: 1, rejected: 1 });
    expect(result.rejections).toEqual([{ file: 'quote/m.csv', line: 3, reason: 'unquoted value: Value with unterminated quote found.' }]);
  });

  it('malformed IPv6 CIDRs are refused with the indicator named, in indicators and allowlists', { timeout: 60_000 }, () => {
    for (const bad of ['::::/64', '1:2:3/48', ':::/1', '1::2::3/64', '2001:db8::/129', 'fe80::1%eth0/64', '10.0.0.0/33', '256.1.1.1/8']) {
      expect(isCidr(bad), bad).toBe(false);
    }
    for (const good of ['::/0', '2001:db8::/32', '::ffff:203.0.113.0/120', '203.0.113.0/24', '2001:db8::1']) {
      expect(isCidr(good), good).toBe(true);
    }
    const ind = put(
      dir,
      'ind.json',
      JSON.stringify({
        actors: [
          {
            name: 'A',
            indicators: [
              { type: 'cidr', value: '2001:db8::/48' },
              { type: 'cidr', value: '1:2:3/48' },
            ],
          },
        ],
      }),
    );
    const run = runCli(['validate', logs, '--indicators', ind], { timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${ind}: actors[0].indicators[1].value: "1:2:3/48" is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32\n`,
    );
    const allow = put(dir, 'allow.json', JSON.stringify({ entries: [{ type: 'cidr', value: '::::/64', reason: 'ours' }] }));
    const scan = runCli(['scan', logs, '--allowlist', allow, '--out', join(dir, 'o-allow')], { timeoutMs: 30_000 });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('"::::/64" is not a CIDR');
  });
});
