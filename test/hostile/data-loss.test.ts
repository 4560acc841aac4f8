import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAll } from '../../src/load/index.js';
import { escapeMarkdown } from '../../src/report/escape.js';
import { testContext } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';
import { bzip2Like, xzLike, zipLike } from './containers.js';

// Issue 13 items 3 and 4: every input the scan met and did not read is in the report, and
// --strict fails on it; the window applied and the exchanges outside it are in the report, one
// future-dated record cannot move --last past every real exchange, and an empty window is exit 2.

const RECORDS = Array.from({ length: 40 }, (_, i) => ({
  request_id: `r${i}`,
  ts: `2026-02-0${1 + (i % 5)}T10:00:00Z`,
  account_id: `acct_${i % 4}`,
  prompt: `question ${i}`,
}));

describe('inputs left unread (hostile)', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir('da-skipped-');
    chmodSync(dir, 0o777);
    put(dir, 'logs/good.jsonl', jsonl(RECORDS));
    put(dir, 'logs/a.jsonl.bz2', bzip2Like());
    put(dir, 'logs/b.jsonl.xz', xzLike());
    put(dir, 'logs/c.zip', zipLike());
    put(dir, 'logs/notes.bin', Buffer.from([0, 1, 2, 3]));
    put(dir, 'logs/.hidden.jsonl', jsonl(RECORDS));
    chmodSync(put(dir, 'logs/locked.jsonl', jsonl(RECORDS)), 0o000);
  });

  const SKIPPED = [
    {
      path: 'logs/a.jsonl.bz2',
      reason: 'is bzip2-compressed, which distill-audit does not read; decompress it (bunzip2) or recompress it with gzip or zstd',
    },
    {
      path: 'logs/b.jsonl.xz',
      reason: 'is xz-compressed, which distill-audit does not read; decompress it (unxz) or recompress it with gzip or zstd',
    },
    { path: 'logs/c.zip', reason: 'is a zip archive, which distill-audit does not read; extract it and scan the files it holds' },
    { path: 'logs/locked.jsonl', reason: 'permission denied' },
    { path: 'logs/notes.bin', reason: 'not a log in a format distill-audit reads' },
  ];

  it('lists each in report.json, report.md, report.html and the summary; --strict exits 2 on them', () => {
    // Run as an unprivileged user (when the tests run as root, who reads anything), so the locked file is unreadable.
    for (const strict of [false, true]) {
      const out = join(dir, `out-${strict}`);
      const asRoot = process.getuid?.() === 0;
      const run = runCli(
        ['scan', 'logs', '--out', out, ...(strict ? ['--strict'] : [])],
        asRoot ? { cwd: dir, uid: 65534, gid: 65534, env: { HOME: dir } } : { cwd: dir },
      );
      expect(run.code, run.stderr).toBe(strict ? 2 : 0);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(report.skipped_inputs).toEqual(SKIPPED);
      expect(report.inputs.map((i: { path: string }) => i.path)).toEqual(['logs/good.jsonl']);
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      for (const s of SKIPPED) {
        expect(md).toContain(`| ${escapeMarkdown(s.path, false)} | ${escapeMarkdown(s.reason, false)} |`);
        expect(html).toContain(`<td class="id">${s.path}</td><td>${s.reason}</td>`);
        expect(run.stdout).toContain(`skipped: ${s.path}: ${s.reason}`);
      }
      expect(md).toContain('5 files were met among the inputs and not read');
      if (strict)
        expect(run.stderr).toContain(`--strict: 5 input file(s) skipped, not read; listed in ${join(out, 'report.json')} (skipped_inputs)`);
    }
  }, 120_000);

  it('a named bzip2 file is exit 2 naming it', () => {
    const run = runCli(['scan', 'logs/a.jsonl.bz2', '--out', join(dir, 'named')], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: logs/a.jsonl.bz2: is bzip2-compressed, which distill-audit does not read');
  });
});

describe('a second copy of a file in one run (hostile)', () => {
  it('is listed as skipped, naming the copy read, not silently dropped', async () => {
    const dir = scratchDir('da-twin-');
    put(dir, 'logs/a.jsonl', jsonl(RECORDS));
    put(dir, 'logs/b-copy.jsonl', jsonl(RECORDS));
    const ctx = await testContext({ paths: [join(dir, 'logs')] });
    const results = await loadAll(ctx);
    expect(results.map((r) => [r.path.split('/').pop(), r.loaded, r.alreadyLoaded])).toEqual([
      ['a.jsonl', 40, false],
      ['b-copy.jsonl', 0, true],
    ]);
    const skipped = await ctx.db.all<{ path: string; reason: string }>('SELECT path, reason FROM skipped_files');
    expect(skipped).toEqual([
      {
        path: expect.stringMatching(/logs\/b-copy\.jsonl$/),
        reason: expect.stringMatching(/^same bytes as .*logs\/a\.jsonl \(SHA-256 [0-9a-f]{12}…\), read once$/),
      },
    ]);
  });
});

describe('the time window (hostile)', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir('da-window-');
    put(dir, 'logs/a.jsonl', jsonl([...RECORDS, { request_id: 'future', ts: '9999-12-31T00:00:00Z', account_id: 'acct_0', prompt: 'x' }]));
  });

  it('one record dated 9999-12-31 does not move --last past every real exchange; both are reported', () => {
    const out = join(dir, 'last');
    const run = runCli(['scan', 'logs', '--last', '2d', '--out', out], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.window).toEqual({
      since: null,
      until: null,
      last_ms: 172_800_000,
      from: '2026-02-03T10:00:00Z',
      anchor: '2026-02-05T10:00:00Z',
      stored: 41,
      inside: 24,
      before: 16,
      after: 1,
      future: 1,
      future_latest: '9999-12-31T00:00:00Z',
    });
    expect(report.totals.exchanges).toBe(24);
    const sentence =
      'The time window asked (--last 2 days) runs from 2026-02-03T10:00:00Z to 2026-02-05T10:00:00Z (the latest exchange not dated in the future, included); ' +
      '17 of the 41 exchanges loaded fell outside it (16 before, 1 after). 1 exchange is dated after the clock of the machine that ran the scan (latest 9999-12-31T00:00:00Z): ' +
      'the timestamps of the export are not all trustworthy, and --last ends at the latest exchange before that clock.';
    expect(run.stdout).toContain(sentence);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(escapeMarkdown(sentence));
    expect(run.stderr).toContain(
      "warning: 1 exchange(s) dated after this machine's clock (latest 9999-12-31T00:00:00Z); --last ends at the latest exchange before it",
    );
  });

  it('a window that leaves nothing is exit 2 and writes no report', () => {
    const out = join(dir, 'empty');
    const run = runCli(['scan', 'logs', '--since', '2027-01-01', '--until', '2027-02-01', '--out', out], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "error: the time window from 2027-01-01T00:00:00Z to 2027-02-01T00:00:00Z (excluded) holds none of the 41 exchange(s) loaded (40 before it, 1 after it, 1 dated after this machine's clock)",
    );
    expect(existsSync(out)).toBe(false);
  });
});
