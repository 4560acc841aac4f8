import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

// Issue 13 item 1: --force replaces only an empty directory or one holding an earlier report
// bundle; anything else is exit 2 naming why, and is left as it was.

const RECORDS = [
  { request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', prompt: 'hello' },
  { request_id: 'r2', ts: '2026-02-01T11:00:00Z', account_id: 'acct_2', prompt: 'hello again' },
];
const WHY = '; --force replaces only an empty directory or one holding an earlier report';

describe('--force (hostile)', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir('da-force-');
    put(dir, 'logs/a.jsonl', jsonl(RECORDS));
  });

  const refuses = (out: string, because: string, cwd = dir) => {
    const run = runCli(['scan', join(dir, 'logs'), '--out', out, '--force', '--quiet'], { cwd });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${because}${WHY}`);
  };

  it('refuses the directory holding the input logs, and deletes nothing', () => {
    refuses(join(dir, 'logs'), `report directory ${join(dir, 'logs')} holds an input of this run (${join(dir, 'logs')})`);
    expect(readdirSync(join(dir, 'logs'))).toEqual(['a.jsonl']);
  });

  it('refuses an ancestor of an input', () => {
    const nested = put(dir, 'deep/inner/x.jsonl', jsonl(RECORDS));
    put(dir, 'deep/report.json', JSON.stringify({ schema: 'distill-audit/report@1' }));
    const run = runCli(['scan', nested, '--out', join(dir, 'deep'), '--force', '--quiet'], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`holds an input of this run (${nested})`);
    expect(existsSync(nested)).toBe(true);
  });

  it('refuses the current directory', () => {
    const cwd = join(dir, 'here');
    mkdirSync(cwd);
    refuses('.', `report directory ${cwd} is the current directory`, cwd);
    expect(existsSync(cwd)).toBe(true);
  });

  it('refuses a regular file', () => {
    const file = put(dir, 'notes.txt', 'keep me');
    refuses(file, `report directory ${file} is not a directory (a regular file)`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('refuses a device node', () => {
    refuses('/dev/null', 'report directory /dev/null is not a directory (a device)');
  });

  it('refuses a directory of other files', () => {
    const other = join(dir, 'photos');
    put(dir, 'photos/a.jpg', 'x');
    put(dir, 'photos/b.jpg', 'y');
    refuses(
      other,
      `report directory ${other} holds no earlier report (no report.json or manifest.json of distill-audit; it holds a.jpg, b.jpg)`,
    );
    expect(readdirSync(other)).toEqual(['a.jpg', 'b.jpg']);
  });

  it('replaces an empty directory and then its own earlier report', () => {
    const out = join(dir, 'report');
    mkdirSync(out);
    for (let i = 0; i < 2; i++) {
      const run = runCli(['scan', join(dir, 'logs'), '--out', out, '--force', '--quiet'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).schema).toBe('distill-audit/report@2');
    }
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 120_000);

  it('refuses a --db file inside the directory to replace', () => {
    const out = join(dir, 'with-db');
    put(dir, 'with-db/report.json', JSON.stringify({ schema: 'distill-audit/report@1' }));
    const db = join(out, 'keep.duckdb');
    const run = runCli(['scan', join(dir, 'logs'), '--db', db, '--out', out, '--force', '--quiet'], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`holds an input of this run (${db})`);
  });

  it('a --db that is not a DuckDB database is exit 2 for scan, report and explain, and left alone', () => {
    for (const [name, content] of [
      ['x.csv', 'a,b\n1,2\n'],
      ['x.jsonl', jsonl(RECORDS)],
      ['x.parquet', 'PAR1....PAR1'],
    ] as const) {
      const file = put(dir, `dbs/${name}`, content);
      const scan = ['scan', join(dir, 'logs'), '--out', join(dir, `o-${name}`)];
      // report and explain open the database through the same check: one format is enough.
      for (const args of name === 'x.csv' ? [scan, ['report', '--out', join(dir, `r-${name}`)], ['explain', 'acct_1']] : [scan]) {
        const run = runCli([...args, '--db', file, '--quiet'], { cwd: dir });
        expect(run.code, `${args[0]} ${run.stderr}`).toBe(2);
        expect(run.stderr).toContain(`${file}: is not a DuckDB database (no DuckDB header)`);
      }
      expect(readFileSync(file, 'utf8')).toBe(content);
    }
  }, 120_000);

  it('without --force an existing file is still "already exists"', () => {
    const file = put(dir, 'exists.txt', 'x');
    writeFileSync(file, 'x');
    const run = runCli(['scan', join(dir, 'logs'), '--out', file, '--quiet'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already exists; use --force to replace it');
  });
});
