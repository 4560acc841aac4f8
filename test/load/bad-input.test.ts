import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadAll } from '../../src/load/index.js';
import { testContext } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const rec = (i: number, extra: Record<string, unknown> = {}) => ({
  request_id: `r${i}`,
  ts: `2026-02-01T10:00:0${i % 10}Z`,
  account_id: `acct_${i}`,
  ...extra,
});
const GOOD = jsonl([rec(1), rec(2), rec(3)])
  .trimEnd()
  .split('\n');

async function load(paths: string[]) {
  const ctx = await testContext({ paths });
  const results = await loadAll(ctx);
  const quarantine = await ctx.db.all<{ file: string; line: number; reason: string; raw: string }>(
    'SELECT * FROM quarantine ORDER BY file, line',
  );
  const lines = await ctx.db.all<{ request_id: string; source_line: number }>(
    'SELECT request_id, source_line FROM loaded_exchanges ORDER BY source_line',
  );
  const counts = results.map((r) => ({ records: r.records, loaded: r.loaded, rejected: r.rejected, duplicates: r.duplicates }));
  return { ctx, results, counts, quarantine, lines };
}

async function loadError(paths: string[]): Promise<UserError> {
  const ctx = await testContext({ paths });
  try {
    await loadAll(ctx);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected the load to fail with a UserError');
}

describe('bad input: every record accounted for', () => {
  const dir = scratchDir();

  it('reads through a byte-order mark and CRLF line ends', async () => {
    const { counts, lines } = await load([put(dir, 'bom.jsonl', '\uFEFF' + GOOD.join('\r\n') + '\r\n')]);
    expect(counts).toEqual([{ records: 3, loaded: 3, rejected: 0, duplicates: 0 }]);
    expect(lines.map((l) => l.source_line)).toEqual([1, 2, 3]);
  });

  it('rejects a line of garbage with its line number and keeps the rest', async () => {
    const { counts, quarantine, lines } = await load([
      put(dir, 'garbage.jsonl', [GOOD[0], '%%% not json {', GOOD[1], '', GOOD[2]].join('\n')),
    ]);
    expect(counts).toEqual([{ records: 4, loaded: 3, rejected: 1, duplicates: 0 }]);
    expect(quarantine).toEqual([
      { file: expect.stringContaining('garbage.jsonl'), line: 2, reason: 'not valid JSON', raw: '%%% not json {' },
    ]);
    expect(lines.map((l) => l.source_line)).toEqual([1, 3, 5]);
  });

  it('rejects lines of invalid UTF-8 and keeps later line numbers true', async () => {
    const bytes = Buffer.concat([
      Buffer.from(GOOD[0] + '\n'),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
      Buffer.from(GOOD[1] + '\n\n'),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(GOOD[2] + '\n'),
    ]);
    const { counts, quarantine, lines } = await load([put(dir, 'utf8.jsonl', bytes)]);
    expect(counts).toEqual([{ records: 5, loaded: 3, rejected: 2, duplicates: 0 }]);
    expect(quarantine.map((q) => [q.line, q.reason])).toEqual([
      [2, 'invalid UTF-8'],
      [5, 'invalid UTF-8'],
    ]);
    expect(lines.map((l) => [l.request_id, l.source_line])).toEqual([
      ['r1', 1],
      ['r2', 3],
      ['r3', 6],
    ]);
  });

  it('rejects records without ts or account_id, and values of the wrong type, with reasons', async () => {
    const body = jsonl([
      rec(1),
      { request_id: 'r2', account_id: 'acct_2' },
      { request_id: 'r3', ts: '2026-02-01T10:00:00Z', account_id: '' },
      rec(4, { input_tokens: 'many' }),
      rec(5, { ts: 'yesterday' }),
      rec(6, { temperature: 'hot', turn: 2.5 }),
      rec(7, { input_tokens: '12', temperature: '0.7' }),
    ]);
    const { counts, quarantine } = await load([put(dir, 'types.jsonl', body)]);
    expect(counts).toEqual([{ records: 7, loaded: 2, rejected: 5, duplicates: 0 }]);
    expect(quarantine.map((q) => [q.line, q.reason])).toEqual([
      [2, 'missing ts (ts absent or empty)'],
      [3, 'missing account_id (account_id absent or empty)'],
      [4, 'input_tokens: "many" is not a whole number'],
      [5, 'ts: "yesterday" is not a time (ISO-8601 or epoch s/ms/µs)'],
      [6, 'temperature: "hot" is not a number; turn: "2.5" is not a whole number'],
    ]);
  });

  it('loads a 10 MB prompt whole', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const { ctx, counts } = await load([put(dir, 'big.jsonl', jsonl([rec(1, { prompt: big }), rec(2)]))]);
    expect(counts).toEqual([{ records: 2, loaded: 2, rejected: 0, duplicates: 0 }]);
    expect(await ctx.db.value('SELECT max(length(prompt)) FROM loaded_exchanges')).toBe(big.length);
  });

  it('records an empty file with zero records and says so', async () => {
    const { ctx, counts } = await load([put(dir, 'empty.jsonl', '')]);
    expect(counts).toEqual([{ records: 0, loaded: 0, rejected: 0, duplicates: 0 }]);
    expect(ctx.log.warnings.join('\n')).toMatch(/empty\.jsonl: no records/);
  });

  it('counts repeated request_ids as duplicates, within a file and across files', async () => {
    const a = put(dir, 'dup/a.jsonl', jsonl([rec(1), rec(2), rec(1, { prompt: 'again' })]));
    const b = put(dir, 'dup/b.jsonl', jsonl([rec(2), rec(3)]));
    const { counts, lines } = await load([b, a]);
    expect(counts).toEqual([
      { records: 3, loaded: 2, rejected: 0, duplicates: 1 },
      { records: 2, loaded: 1, rejected: 0, duplicates: 1 },
    ]);
    expect(lines.map((l) => l.request_id).sort()).toEqual(['r1', 'r2', 'r3']);
  });

  it('gives records without request_id a stable content hash, so a repeated record is a duplicate', async () => {
    const r = { ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', prompt: 'same' };
    const { ctx, counts } = await load([put(dir, 'noid.jsonl', jsonl([r, r, { ...r, prompt: 'other' }]))]);
    expect(counts).toEqual([{ records: 3, loaded: 2, rejected: 0, duplicates: 1 }]);
    const ids = await ctx.db.all<{ request_id: string }>('SELECT request_id FROM loaded_exchanges ORDER BY source_line');
    expect(ids[0]!.request_id).toMatch(/^h_[0-9a-f]{32}$/);
    const again = await load([put(dir, 'noid2.jsonl', jsonl([r]))]);
    expect(await again.ctx.db.value('SELECT request_id FROM loaded_exchanges')).toBe(ids[0]!.request_id);
  });

  it('rejects a CSV row with too many fields, numbering rows with the header as line 1', async () => {
    const { counts, quarantine, lines } = await load([
      put(dir, 'bad.csv', 'request_id,ts,account_id\nr1,2026-02-01,a\nr2,2026-02-01,b,extra\nr3,2026-02-01,c\n'),
    ]);
    expect(counts).toEqual([{ records: 3, loaded: 2, rejected: 1, duplicates: 0 }]);
    expect(quarantine.map((q) => [q.line, q.raw])).toEqual([[3, 'r2,2026-02-01,b,extra']]);
    expect(quarantine[0]!.reason).toMatch(/too many columns/);
    expect(lines.map((l) => [l.request_id, l.source_line])).toEqual([
      ['r1', 2],
      ['r3', 4],
    ]);
  });

  it('reads file names with quotes and spaces', async () => {
    const { counts } = await load([put(dir, `it's a "log" file.jsonl`, jsonl([rec(1)]))]);
    expect(counts).toEqual([{ records: 1, loaded: 1, rejected: 0, duplicates: 0 }]);
  });

  it('refuses a truncated gzip file, naming it', async () => {
    const whole = gzipSync(jsonl(Array.from({ length: 2000 }, (_, i) => rec(i, { prompt: `prompt number ${i}` }))));
    const err = await loadError([put(dir, 'cut.jsonl.gz', whole.subarray(0, Math.floor(whole.length / 2)))]);
    expect(err.file).toMatch(/cut\.jsonl\.gz$/);
    expect(err.message).toMatch(/truncated/);
  });

  it('refuses a path that does not exist', async () => {
    const err = await loadError([join(dir, 'nope.jsonl')]);
    expect([err.code, err.message]).toEqual(['input-missing', 'no such file or directory']);
  });

  it('refuses a directory with no logs, listing what it skipped', async () => {
    put(dir, 'nologs/README.md', '# notes\n');
    put(dir, 'nologs/.hidden.jsonl', jsonl([rec(1)]));
    const ctx = await testContext({ paths: [join(dir, 'nologs')] });
    await expect(loadAll(ctx)).rejects.toThrow(/no log files found/);
    expect(await ctx.db.all('SELECT reason FROM skipped_files ORDER BY path')).toEqual([
      { reason: 'hidden' },
      { reason: 'not a log in a format distill-audit reads' },
    ]);
  });

  it('walks a directory recursively, skipping hidden and unknown files but listing them', async () => {
    put(dir, 'walk/day1.jsonl', jsonl([rec(1)]));
    put(dir, 'walk/sub/day2.csv', 'request_id,ts,account_id\nr2,2026-02-02,b\n');
    put(dir, 'walk/notes.bin', Buffer.from([0, 1, 2, 3, 4]));
    put(dir, 'walk/.cache/x.jsonl', jsonl([rec(9)]));
    const { ctx, results } = await load([join(dir, 'walk')]);
    expect(results.map((r) => [r.path.split('/').slice(-2).join('/'), r.loaded])).toEqual([
      ['walk/day1.jsonl', 1],
      ['sub/day2.csv', 1],
    ]);
    expect(await ctx.db.all('SELECT reason FROM skipped_files ORDER BY path')).toEqual([
      { reason: 'hidden' },
      { reason: 'not a log in a format distill-audit reads' },
    ]);
    expect(ctx.log.warnings.join('\n')).toMatch(/notes\.bin/);
  });

  it('skips whole a report bundle or a partial of ours met in a walk, and reads a look-alike that is not ours', async () => {
    put(dir, 'daily/day1.jsonl', jsonl([rec(1)]));
    put(dir, 'daily/report/report.json', JSON.stringify({ schema: 'distill-audit/report@2', inputs: [] }));
    put(dir, 'daily/report/quarantine.jsonl', jsonl([{ file: 'day1.jsonl', line: 2, reason: 'not valid JSON', raw: 'x' }]));
    put(dir, 'daily/report/accounts.csv', 'account_id,ts\nacct_1,2026-02-01\n');
    put(dir, 'daily/part/manifest.json', JSON.stringify({ schema: 'distill-audit/partial@1' }));
    put(dir, 'daily/part/exchanges.jsonl', jsonl([rec(7)]));
    put(dir, 'daily/theirs/report.json', jsonl([rec(5, { schema: 'someone-else/report@1' })]));
    put(dir, 'daily/theirs/day2.jsonl', jsonl([rec(2)]));
    const { ctx, results } = await load([join(dir, 'daily')]);
    expect(results.map((r) => [r.path.split('/').slice(-2).join('/'), r.loaded])).toEqual([
      ['daily/day1.jsonl', 1],
      ['theirs/day2.jsonl', 1],
      ['theirs/report.json', 1],
    ]);
    const skipped = await ctx.db.all<{ path: string; reason: string }>('SELECT path, reason FROM skipped_files ORDER BY path');
    expect(skipped.map((s) => [s.path.split('/').slice(-2).join('/'), s.reason])).toEqual([
      ['daily/part', 'a distill-audit partial (features output), not logs'],
      ['daily/report', 'a distill-audit report bundle, not logs'],
    ]);
  });

  it('skips a report bundle named as the input, and one a glob reaches into, naming it once', async () => {
    put(dir, 'again/report/report.json', JSON.stringify({ schema: 'distill-audit/report@1' }));
    put(dir, 'again/report/quarantine.jsonl', jsonl([rec(1)]));
    put(dir, 'again/report/observables.jsonl', jsonl([rec(2)]));
    put(dir, 'again/day3.jsonl', jsonl([rec(3)]));
    const err = await loadError([join(dir, 'again', 'report')]);
    expect([err.code, err.message]).toEqual([
      'input-empty',
      `no log files found in ${join(dir, 'again', 'report')} (skipped: ${join(dir, 'again', 'report')}: a distill-audit report bundle, not logs)`,
    ]);
    const { ctx, results } = await load([join(dir, 'again', '**', '*.jsonl')]);
    expect(results.map((r) => r.path.split('/').pop())).toEqual(['day3.jsonl']);
    expect(
      (await ctx.db.all<{ path: string; reason: string }>('SELECT path, reason FROM skipped_files')).map((s) => [
        s.path.split('/').slice(-2).join('/'),
        s.reason,
      ]),
    ).toEqual([['again/report', 'a distill-audit report bundle, not logs']]);
  });

  it('expands a glob', async () => {
    put(dir, 'glob/a.jsonl', jsonl([rec(1)]));
    put(dir, 'glob/b.jsonl', jsonl([rec(2)]));
    put(dir, 'glob/c.csv', 'request_id,ts,account_id\nr3,2026-02-02,b\n');
    const { results } = await load([join(dir, 'glob', '*.jsonl')]);
    expect(results.map((r) => r.path.split('/').pop())).toEqual(['a.jsonl', 'b.jsonl']);
  });

  it('refuses an unreadable file, naming it (as an unprivileged user when the tests run as root)', () => {
    // Root reads anything, so under root (CI) the CLI runs as `nobody`, which the mode does stop.
    const open = mkdtempSync(join(tmpdir(), 'da-unreadable-'));
    chmodSync(open, 0o755);
    const path = put(open, 'locked.jsonl', jsonl([rec(1)]));
    chmodSync(path, 0o000);
    const asRoot = process.getuid?.() === 0;
    const run = runCli(['validate', path], asRoot ? { uid: 65534, gid: 65534, env: { HOME: open } } : {});
    rmSync(open, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}: permission denied`);
  });
});
