import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLock } from '../../src/lock.js';

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'da-lock-')), '.out.lock');

describe('FileLock', () => {
  it('writes its process and host, and removes the lock on release', () => {
    const path = lockPath();
    const lock = FileLock.acquire(path, 'report directory out');
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a lock a running process holds, naming it', () => {
    const path = lockPath();
    const first = FileLock.acquire(path, 'report directory out');
    expect(() => FileLock.acquire(path, 'report directory out')).toThrow(
      `report directory out is being written by process ${process.pid} (lock ${path})`,
    );
    first.release();
  });

  it('takes over the lock of a process that is gone (an old lock without a host included)', () => {
    for (const content of [`999999 ${hostname()}\n`, '999999\n']) {
      const path = lockPath();
      writeFileSync(path, content);
      const lock = FileLock.acquire(path, 'out');
      expect(readFileSync(path, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
      lock.release();
    }
  });

  it('refuses a lock made just now with no id yet, and one held on another host', () => {
    const fresh = lockPath();
    writeFileSync(fresh, '');
    expect(() => FileLock.acquire(fresh, 'out')).toThrow(`out is being written by another run (lock ${fresh} was made just now)`);
    const remote = lockPath();
    writeFileSync(remote, '999999 some-other-host\n');
    expect(() => FileLock.acquire(remote, 'out')).toThrow(
      `out is being written by process 999999 on host some-other-host (lock ${remote})`,
    );
    expect(readFileSync(remote, 'utf8')).toBe('999999 some-other-host\n');
  });
});
