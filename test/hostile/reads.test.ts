import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

/** Every file under `dir`, as text, joined: where a leaked secret would show. */
function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'latin1'))
    .join('\n');
}

const RECORD = { request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', prompt: 'hello' };
const SECRET = { ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', token: 'TOPSECRET-7f3a' };

describe('hostile inputs: nothing is read outside the given paths', () => {
  it('a symbolic link planted in the logs is skipped with its reason, even with --db and --map in an ancestor of its target', {
    timeout: 60_000,
  }, () => {
    const home = scratchDir('da-hostile-home-');
    put(home, 'secrets/token.json', jsonl([SECRET]));
    put(home, 'case/logs/day.jsonl', jsonl([RECORD]));
    symlinkSync(join(home, 'secrets/token.json'), join(home, 'case/logs/planted.jsonl'));
    const map = put(home, 'map.json', JSON.stringify({ ts: 'ts', account_id: 'account_id' }));
    const out = join(home, 'case/out');
    const run = runCli(['scan', 'case/logs', '--db', join(home, 'audit.duckdb'), '--map', map, '--out', out], {
      cwd: home,
      timeoutMs: 40_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(allText(out)).not.toContain('TOPSECRET');
    expect(run.stderr).toContain('case/logs/planted.jsonl (symbolic link to a path outside the given inputs)');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.inputs.map((i: { path: string }) => i.path)).toEqual(['case/logs/day.jsonl']);
  });

  it('--db gives DuckDB the database file and its log, not the directory around it', { timeout: 60_000 }, () => {
    const home = scratchDir('da-hostile-db-');
    put(home, 'secrets/token.json', jsonl([SECRET]));
    put(home, 'case/logs/day.jsonl', jsonl([RECORD]));
    // A glob whose match is a link out of the glob's base: the walk refuses it, and were it
    // followed, DuckDB itself would refuse the read because only case/logs is allowed.
    symlinkSync(join(home, 'secrets/token.json'), join(home, 'case/logs/x.jsonl'));
    const out = join(home, 'out');
    const run = runCli(['scan', 'case/logs/*.jsonl', '--db', join(home, 'audit.duckdb'), '--out', out], { cwd: home, timeoutMs: 40_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('case/logs/x.jsonl (symbolic link to a path outside the given inputs)');
    expect(allText(out)).not.toContain('TOPSECRET');
    // The kept database still works across runs (its write-ahead log is allowed).
    const again = runCli(['report', '--db', join(home, 'audit.duckdb'), '--out', join(home, 'out2')], { cwd: home, timeoutMs: 40_000 });
    expect(again.code, again.stderr).toBe(0);
  });

  it('a link that stays inside the given directory is followed', { timeout: 90_000 }, () => {
    const dir = scratchDir();
    put(dir, 'logs/a/day.jsonl', jsonl([RECORD]));
    symlinkSync(join(dir, 'logs/a/day.jsonl'), join(dir, 'logs/alias.jsonl'));
    const run = runCli(['validate', 'logs', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    // Both names reach the same file: the second is a duplicate of every record, not a leak.
    expect(JSON.parse(run.stdout).inputs.map((i: { path: string }) => i.path)).toEqual(['logs/a/day.jsonl', 'logs/alias.jsonl']);
  });
});

describe('hostile inputs: the directory walk ends', () => {
  it('survives a directory holding two links to itself and one to its parent', { timeout: 150_000 }, () => {
    const dir = scratchDir();
    put(dir, 'logs/d/day.jsonl', jsonl([RECORD]));
    symlinkSync('.', join(dir, 'logs/d/self1'));
    symlinkSync('.', join(dir, 'logs/d/self2'));
    symlinkSync('..', join(dir, 'logs/d/up'));
    const run = runCli(['validate', 'logs', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.inputs.map((i: { path: string }) => i.path)).toEqual(['logs/d/day.jsonl']);
    expect(result.skipped).toEqual([
      { path: 'logs/d/self1', reason: 'directory already walked (a symbolic link loop)' },
      { path: 'logs/d/self2', reason: 'directory already walked (a symbolic link loop)' },
      { path: 'logs/d/up', reason: 'directory already walked (a symbolic link loop)' },
    ]);
  });

  it('skips a FIFO met in a walk with its reason, and refuses one named explicitly (exit 2, no hang)', { timeout: 150_000 }, () => {
    const dir = scratchDir();
    put(dir, 'logs/day.jsonl', jsonl([RECORD]));
    execFileSync('mkfifo', [join(dir, 'logs/pipe.jsonl')]);
    const walked = runCli(['validate', 'logs', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(walked.code, walked.stderr).toBe(0);
    expect(JSON.parse(walked.stdout).skipped).toEqual([{ path: 'logs/pipe.jsonl', reason: 'not a regular file (a FIFO)' }]);
    const named = runCli(['scan', 'logs/pipe.jsonl', '--out', join(dir, 'out')], { cwd: dir, timeoutMs: 60_000 });
    expect(named.code).toBe(2);
    expect(named.stderr).toBe('error: logs/pipe.jsonl: not a regular file or a directory (a FIFO); distill-audit reads files\n');
  });

  it('refuses a device named explicitly', { timeout: 150_000 }, () => {
    const run = runCli(['validate', '/dev/zero'], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: /dev/zero: not a regular file or a directory (a device); distill-audit reads files\n');
  });
});
