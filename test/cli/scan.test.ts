import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const RECORDS = [
  { request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', prompt: 'hello' },
  { request_id: 'r2', ts: '2026-02-01T11:00:00Z', account_id: 'acct_2', prompt: 'world' },
];

describe('distill-audit scan, end to end through bin/', () => {
  const dir = scratchDir();
  put(dir, 'logs/day 1.jsonl', jsonl(RECORDS) + 'garbage\n');
  const logs = 'logs/day 1.jsonl';

  it('exits 0, writes the bundle, prints the summary on stdout and notes on stderr', () => {
    const out = join(dir, 'report-a');
    const run = runCli(['scan', logs, '--out', out], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/day 1\.jsonl/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.inputs).toEqual([
      expect.objectContaining({ path: 'logs/day 1.jsonl', format: 'jsonl', records: 3, loaded: 2, rejected: 1, duplicates: 0 }),
    ]);
    expect(report.totals).toMatchObject({ exchanges: 2, accounts: 2 });
    const quarantine = readFileSync(join(out, 'quarantine.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(quarantine).toEqual([{ file: 'logs/day 1.jsonl', line: 3, reason: 'not valid JSON', raw: 'garbage' }]);
  });

  it('--json puts report.json alone on stdout', () => {
    const run = runCli(['scan', logs, '--out', join(dir, 'report-json'), '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).schema).toBe('distill-audit/report@2');
  });

  it('--strict exits 2 when a record was rejected, still writing the report', () => {
    const out = join(dir, 'report-strict');
    const run = runCli(['scan', logs, '--out', out, '--strict'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--strict: 1 record\(s\) rejected/);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  });

  it('refuses an existing report directory without --force, replaces it with --force', () => {
    const out = join(dir, 'report-a');
    const refused = runCli(['scan', logs, '--out', out], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; use --force/);
    expect(runCli(['scan', logs, '--out', out, '--force'], { cwd: dir }).code).toBe(0);
  });

  it('on the next day, a report written beside the logs is skipped whole, not read as logs', () => {
    put(dir, 'daily/day1.jsonl', jsonl(RECORDS) + 'garbage\n');
    expect(runCli(['scan', 'daily', '--out', 'daily/report'], { cwd: dir }).code).toBe(0);
    put(dir, 'daily/day2.jsonl', jsonl([{ request_id: 'r3', ts: '2026-02-02T10:00:00Z', account_id: 'acct_3', prompt: 'again' }]));
    const run = runCli(['scan', 'daily', '--out', 'daily/report', '--force'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('skipped 1 input file(s), listed in the report: daily/report (a distill-audit report bundle, not logs)');
    const report = JSON.parse(readFileSync(join(dir, 'daily/report/report.json'), 'utf8'));
    expect(report.inputs.map((i: { path: string; records: number }) => [i.path, i.records])).toEqual([
      ['daily/day1.jsonl', 3],
      ['daily/day2.jsonl', 1],
    ]);
    expect(report.skipped_inputs).toEqual([{ path: 'daily/report', reason: 'a distill-audit report bundle, not logs' }]);
    const validate = runCli(['validate', 'daily', '--json'], { cwd: dir });
    expect(validate.code, validate.stderr).toBe(0);
    expect(JSON.parse(validate.stdout).skipped).toEqual([{ path: 'daily/report', reason: 'a distill-audit report bundle, not logs' }]);
  });

  it('exits 2 naming the file for unusable input, leaving no report directory behind', () => {
    const cases: [string[], RegExp][] = [
      [[join(dir, 'missing.jsonl')], /missing\.jsonl: no such file or directory/],
      [
        [put(dir, 'cut/x.jsonl.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0x56]))],
        /x\.jsonl\.gz: gzip stream is truncated/,
      ],
      [[put(dir, 'unmapped.jsonl', jsonl([{ when: 1, who: 'a' }]))], /unmapped\.jsonl: no field for ts and account_id/],
      [[join(dir, 'empty-dir-that-has-notes'), '--quiet'], /no log files found/],
      [
        [
          logs,
          '--indicators',
          put(dir, 'ind.json', JSON.stringify({ actors: [{ name: 'A', indicators: [{ type: 'foo', value: 'x' }] }] })),
        ],
        /actors\[0\]\.indicators\[0\]\.type: unknown type "foo"/,
      ],
    ];
    put(dir, 'empty-dir-that-has-notes/notes.md', '# nothing\n');
    for (const [args, message] of cases) {
      const out = join(dir, 'report-fail');
      const run = runCli(['scan', ...args, '--out', out], { cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
    }
  });
});

describe('distill-audit validate', () => {
  const dir = scratchDir();
  const logs = 'v.jsonl';
  put(
    dir,
    logs,
    jsonl([
      { id: 'a', timestamp: 1769940000000, org_id: 'o1' },
      { id: 'b', timestamp: 'bad', org_id: 'o2' },
    ]),
  );

  it('reports format, mapping, counts and rejections without writing anything', () => {
    const run = runCli(['validate', logs], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ts ← timestamp/);
    expect(run.stdout).toMatch(/v\.jsonl:2: ts: "bad" is not a time/);
    expect(readdirSync(dir)).toEqual(['v.jsonl']);
  });

  it('--json parses and carries the mapping; --strict exits 2 on rejections', () => {
    const run = runCli(['validate', logs, '--json', '--strict'], { cwd: dir });
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout);
    expect(result.inputs[0]).toMatchObject({
      format: 'jsonl',
      records: 2,
      loaded: 1,
      rejected: 1,
      duplicates: 0,
      mapping: { request_id: 'id', ts: 'timestamp', account_id: 'org_id' },
    });
    expect(result.rejections).toEqual([{ file: 'v.jsonl', line: 2, reason: 'ts: "bad" is not a time (ISO-8601 or epoch s/ms/µs)' }]);
  });

  it('prints a sample value for every mapped column and warns when a mapped one is empty on every loaded row', () => {
    put(dir, 'm.json', JSON.stringify({ model: 'engine' }));
    const run = runCli(['validate', logs, '--map', 'm.json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('v.jsonl format: generic (jsonl); caller: org_id');
    expect(run.stdout).toMatch(/ {2}account_id ← org_id {2}e\.g\. "o1"/);
    expect(run.stdout).toContain('warning: model is mapped (engine) but empty on every loaded row of v.jsonl');
    const json = JSON.parse(runCli(['validate', logs, '--map', 'm.json', '--json'], { cwd: dir }).stdout);
    expect(json.inputs[0].empty_columns).toEqual(['model']);
    expect(json.inputs[0].columns.find((c: { column: string }) => c.column === 'account_id')).toEqual({
      column: 'account_id',
      source: 'org_id',
      sample: 'o1',
      filled: 1,
    });
  });

  it('exits 2 naming a file whose every record is rejected, never "no campaign"', () => {
    put(dir, 'bad.json', JSON.stringify({ account_id: 'organisation' }));
    const run = runCli(['validate', logs, '--map', 'bad.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('v.jsonl');
    expect(run.stderr).toContain(
      'all 2 record(s) rejected, none loaded; most frequent reasons: missing account_id (organisation absent or empty)',
    );
  });
});
