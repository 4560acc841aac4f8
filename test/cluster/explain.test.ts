import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

let dir: string;
let log: string;

/** Three accounts of one operation share a proxy pair and a client in the same hours; two others do not. */
beforeAll(() => {
  dir = scratchDir('explain');
  log = join(dir, 'day1.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const ts = new Date(Date.UTC(2026, 1, 1, 0, i * 9)).toISOString();
    lines.push(
      JSON.stringify({
        request_id: `op-${i}`,
        ts,
        account_id: `op${i % 3}`,
        ip: `203.0.113.${i % 2}`,
        client_fingerprint: 'ja4_op\u001b[31m',
        prompt: 'q',
      }),
    );
    lines.push(JSON.stringify({ request_id: `u-${i}`, ts, account_id: `user${i % 2}`, ip: `198.51.${i % 2}.${i}`, prompt: 'hello' }));
  }
  writeFileSync(log, lines.join('\n') + '\n');
});

describe('explain', () => {
  it('names the cluster, the partners and the shared values, as JSON', () => {
    const run = runCli(['explain', 'op1', log, '--json', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const e = JSON.parse(run.stdout);
    expect(e.cluster.accounts).toBe(3);
    expect(e.cluster.id).toMatch(/^K[0-9a-f]{10}$/);
    expect(e.partners.map((p: { account: string }) => p.account)).toEqual(['op0', 'op2']);
    expect(e.partners[0].ties.map((t: { kind: string }) => t.kind)).toContain('ip_window');
    expect(e.cluster.ties.map((t: { kind: string }) => t.kind)).toContain('client_fingerprint');
  });

  it('reads a kept database, and keeps control characters of shared values off the terminal', () => {
    const db = join(dir, 'kept.duckdb');
    expect(runCli(['scan', log, '--db', db, '--out', join(dir, 'report'), '--quiet']).code).toBe(0);
    const run = runCli(['explain', '--account', 'op0', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/op0 is in cluster K[0-9a-f]{10} with 2 other account\(s\)/);
    expect(run.stdout).toContain('ja4_op\\u001b[31m');
    expect(run.stdout).not.toContain('\u001b');
  });

  it('says so when an account is tied to nobody, and exits 2 for an unknown one', () => {
    const alone = runCli(['explain', 'user0', log, '--quiet']);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('user0 is in no cluster');
    const unknown = runCli(['explain', 'nobody', log, '--quiet']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('account "nobody" is not in the data');
  });
});
