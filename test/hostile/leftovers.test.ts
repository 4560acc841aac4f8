import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

// Issue 13 items 5 and 13: one writer per --out and per --db; Ctrl-C, SIGTERM and kill -9 leave
// nothing that the next run does not sweep. Every wait is bounded.

const BIN = fileURLToPath(new URL('../../bin/distill-audit', import.meta.url));
const DEMO = fileURLToPath(new URL('../../fixtures/demo', import.meta.url));

function start(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' } });
}

/** Waits (at most `ms`) until `ready` holds; false when it never did. */
async function until(ready: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ready()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ready();
}

function exited(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('child did not exit in time'));
    }, ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

const spillOf = (pid: number) => readdirSync(tmpdir()).filter((n) => n.startsWith(`distill-audit-${pid}-`));
const demoScan = (out: string) => ['scan', join(DEMO, 'logs'), '--accounts', join(DEMO, 'accounts.csv'), '--out', out, '--quiet'];

describe('interrupted runs and concurrent writers (hostile)', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir('da-leftovers-');
    put(dir, 'logs/a.jsonl', jsonl([{ request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', prompt: 'hi' }]));
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} removes the staging directory, the spill directory and the lock`, async () => {
      const child = start(demoScan('out'), mkdirOnce(join(dir, signal)));
      const cwd = join(dir, signal);
      expect(await until(() => readdirSync(cwd).some((n) => n.startsWith('.out.partial-')) && spillOf(child.pid!).length > 0, 30_000)).toBe(
        true,
      );
      child.kill(signal);
      const { code } = await exited(child, 30_000);
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(readdirSync(cwd)).toEqual([]);
      expect(spillOf(child.pid!)).toEqual([]);
    }, 90_000);
  }

  it('what kill -9 leaves is swept by the next run, whose report then lands', async () => {
    const cwd = mkdirOnce(join(dir, 'kill9'));
    const child = start(demoScan('out'), cwd);
    expect(await until(() => readdirSync(cwd).some((n) => n.startsWith('.out.partial-')) && spillOf(child.pid!).length > 0, 30_000)).toBe(
      true,
    );
    child.kill('SIGKILL');
    await exited(child, 30_000);
    expect(readdirSync(cwd).sort()).toEqual(['.out.lock', `.out.partial-${child.pid}`]);
    expect(spillOf(child.pid!).length).toBeGreaterThan(0);
    const next = runCli(['scan', join(dir, 'logs'), '--out', 'out'], { cwd });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`removed ${join(cwd, `.out.partial-${child.pid}`)}, left by a run that did not finish`);
    expect(readdirSync(cwd)).toEqual(['out']);
    expect(spillOf(child.pid!)).toEqual([]);
  }, 120_000);

  it("sweeps only its own kind: a live process's staging, and names not ours, are kept", () => {
    const cwd = mkdirOnce(join(dir, 'others'));
    mkdirSync(join(cwd, `.out.partial-${process.pid}`));
    mkdirSync(join(cwd, '.out.partial-x'));
    mkdirSync(join(cwd, '.other.partial-999999'));
    const run = runCli(['scan', join(dir, 'logs'), '--out', 'out', '--quiet'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(['.other.partial-999999', `.out.partial-${process.pid}`, '.out.partial-x', 'out']);
  });

  it('refuses a second writer to the same --out, naming the holder', async () => {
    const cwd = mkdirOnce(join(dir, 'twice'));
    const first = start(demoScan('out'), cwd);
    expect(await until(() => existsSync(join(cwd, '.out.lock')), 30_000)).toBe(true);
    const second = runCli(['scan', join(dir, 'logs'), '--out', 'out', '--force', '--quiet'], { cwd });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(
      `error: report directory ${join(cwd, 'out')} is being written by process ${first.pid} (lock ${join(cwd, '.out.lock')})`,
    );
    const { code } = await exited(first, 90_000);
    expect(code).toBe(0);
    expect(readdirSync(cwd)).toEqual(['out']);
  }, 120_000);

  it('takes over the lock of a process that is gone', () => {
    const cwd = mkdirOnce(join(dir, 'stale'));
    writeFileSync(join(cwd, '.out.lock'), '999999\n');
    const run = runCli(['scan', join(dir, 'logs'), '--out', 'out', '--quiet'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual(['out']);
  });

  it('refuses a second writer to the same --db, naming the holder', async () => {
    const cwd = mkdirOnce(join(dir, 'db'));
    const first = start([...demoScan('one'), '--db', 'keep.duckdb'], cwd);
    expect(await until(() => existsSync(join(cwd, 'keep.duckdb')), 30_000)).toBe(true);
    const second = runCli(['scan', join(dir, 'logs'), '--db', 'keep.duckdb', '--out', 'two', '--quiet'], { cwd });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`error: keep.duckdb: database is in use by process ${first.pid}`);
    expect((await exited(first, 90_000)).code).toBe(0);
    expect(existsSync(join(cwd, 'two'))).toBe(false);
  }, 120_000);
});

function mkdirOnce(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
