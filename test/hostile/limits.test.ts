import { join } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { Database } from '../../src/db/database.js';
import { sqlFile } from '../../src/db/sql.js';
import { describe, expect, it } from 'vitest';
import { REGEX_LIMITS, regexBudgetProblem, unrolledSize } from '../../src/rules/regex-budget.js';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const RECORDS = [
  { request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', ip: '203.0.113.7', prompt: 'hello' },
  { request_id: 'r2', ts: '2026-02-01T11:00:00Z', account_id: 'acct_2', ip: '2001:db8::5', prompt: 'world' },
];

function pack(pattern: string): string {
  return JSON.stringify({
    name: 'hostile',
    version: '1',
    kind: 'elicitation',
    description: 'a pack with one costly pattern',
    patterns: [{ id: 'slow.one', description: 'costly', pattern, weight: 0.5, level: 'low' }],
  });
}

describe('regex limits: patterns RE2 would match slowly are refused', () => {
  it('estimates the unrolled size of counted repeats', () => {
    expect(unrolledSize('[a-z]{1000}!')).toBe(1001);
    expect(unrolledSize('.{1,1000}.{1,1000}!z')).toBe(2002);
    expect(unrolledSize('(a{1,50}){1,50}')).toBe(2500);
    expect(unrolledSize('step by step.{0,80}answer')).toBe(98);
    expect(unrolledSize('(a|bc){10}')).toBe(30);
    expect(unrolledSize('x{3,}')).toBe(4);
    expect(unrolledSize('[]{]{5}\\{9')).toBe(7);
  });

  it('says why, for length and for unrolled size', () => {
    expect(regexBudgetProblem('a'.repeat(REGEX_LIMITS.maxLength + 1))).toBe('pattern is 1001 characters long; the limit is 1000');
    expect(regexBudgetProblem('.{0,200}.{0,200}')).toBeUndefined();
    expect(regexBudgetProblem('[a-z]{1000}!')).toBe(
      'counted repeats unroll to about 1001 steps (limit 400): RE2 would match it slowly on long text; use smaller bounds such as {0,100}, or * and +',
    );
  });

  for (const pattern of ['.{1,1000}.{1,1000}!z', '[a-z]{1000}!']) {
    it(`rules lint and scan refuse ${pattern}`, { timeout: 60_000 }, () => {
      const dir = scratchDir();
      put(dir, 'packs/slow.json', pack(pattern));
      put(dir, 'logs/day.jsonl', jsonl(RECORDS));
      const lint = runCli(['rules', 'lint', 'packs'], { cwd: dir, timeoutMs: 30_000 });
      expect(lint.code).toBe(2);
      expect(lint.stderr).toContain(
        `${join(dir, 'packs/slow.json')}: pattern slow.one: counted repeats unroll to about ${unrolledSize(pattern)} steps (limit 400)`,
      );
      const scan = runCli(['scan', 'logs', '--rules', 'packs', '--out', join(dir, 'out')], { cwd: dir, timeoutMs: 30_000 });
      expect(scan.code).toBe(2);
      expect(scan.stderr).toContain('pattern slow.one: counted repeats unroll');
    });
  }

  it('the shipped packs are within the limits', { timeout: 60_000 }, () => {
    const lint = runCli(['rules', 'lint', 'src/rules/packs'], { cwd: new URL('../..', import.meta.url).pathname, timeoutMs: 30_000 });
    expect(lint.code, lint.stderr).toBe(0);
  });

  it('indicator and allowlist regexes have the same limits', { timeout: 60_000 }, () => {
    const dir = scratchDir();
    put(dir, 'logs/day.jsonl', jsonl(RECORDS));
    put(dir, 'ind.json', JSON.stringify({ actors: [{ name: 'A', indicators: [{ type: 'prompt', value: 're:.{1,1000}.{1,1000}!z' }] }] }));
    const ind = runCli(['validate', 'logs', '--indicators', 'ind.json'], { cwd: dir, timeoutMs: 30_000 });
    expect(ind.code).toBe(2);
    expect(ind.stderr).toBe(
      'error: ind.json: actors[0].indicators[0].value: counted repeats unroll to about 2002 steps (limit 400): RE2 would match it slowly on long text; use smaller bounds such as {0,100}, or * and +\n',
    );
    put(dir, 'allow.json', JSON.stringify({ entries: [{ type: 'user_agent', value: 're:[a-z]{1000}', reason: 'ours' }] }));
    const allow = runCli(['scan', 'logs', '--allowlist', 'allow.json', '--out', join(dir, 'out')], { cwd: dir, timeoutMs: 30_000 });
    expect(allow.code).toBe(2);
    expect(allow.stderr).toContain('entries[0].value: counted repeats unroll to about 1000 steps');
  });
});

describe('bulk lists load in one statement and match by hash join', () => {
  it('100,000 indicator CIDRs and 20,000 allowlist CIDRs: a scan well inside a minute, with the right matches', {
    timeout: 150_000,
  }, () => {
    const dir = scratchDir();
    put(dir, 'logs/day.jsonl', jsonl(RECORDS));
    const indicators = Array.from({ length: 100_000 }, (_, i) => ({
      type: 'cidr',
      value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`,
    }));
    indicators.push({ type: 'cidr', value: '2001:db8::/32' });
    put(dir, 'ind.json', JSON.stringify({ actors: [{ name: 'A', indicators }] }));
    const entries = Array.from({ length: 20_000 }, (_, i) => ({
      type: 'cidr',
      value: `172.16.${(i >> 8) & 255}.${i & 255}/32`,
      reason: 'ours',
    }));
    entries.push({ type: 'cidr', value: '203.0.113.0/24', reason: 'our test network' });
    put(dir, 'allow.json', JSON.stringify({ entries }));
    const started = Date.now();
    const run = runCli(['scan', 'logs', '--indicators', 'ind.json', '--allowlist', 'allow.json', '--out', join(dir, 'out')], {
      cwd: dir,
      timeoutMs: 140_000,
    });
    const seconds = (Date.now() - started) / 1000;
    expect(run.code, run.stderr).toBe(0);
    // One statement per row took 313 s for the indicators and 320 s for the allowlist's CIDR test.
    expect(seconds).toBeLessThan(120);
    expect(run.stderr).toContain('allowlist: 20001 entries, 1 account(s) kept out of campaigns');
  });

  it('the hash-join keys agree with ip_in_cidr on every pair', async () => {
    const db = await Database.open();
    try {
      await db.run(sqlFile(new URL('../../src/campaign/index.ts', import.meta.url).href, 'ip.sql'));
      const addrs = [
        '10.1.2.3',
        '10.1.2.255',
        '11.0.0.1',
        '0.0.0.0',
        '255.255.255.255',
        '2001:db8::5',
        '2001:db9::1',
        '::1',
        '::ffff:10.1.2.3',
        'fe80::1%eth0',
        'bad',
        ' 10.1.2.3 ',
      ];
      const cidrs = [
        '10.0.0.0/8',
        '10.1.2.0/24',
        '10.1.2.3',
        '10.1.2.3/32',
        '0.0.0.0/0',
        '2001:db8::/32',
        '::/0',
        '::1/128',
        '10.0.0.0/33',
        '2001:db8::/129',
        'junk/8',
      ];
      const rows = await db.all<{ a: string; c: string; slow: boolean; fast: boolean }>(
        `SELECT a, c, ip_in_cidr(a, c) AS slow, coalesce(list_contains(ip_keys(ip_bits(a)), cidr_key(c)), false) AS fast
           FROM unnest($a::VARCHAR[]) t(a), unnest($c::VARCHAR[]) u(c) ORDER BY a, c`,
        { a: listValue(addrs), c: listValue(cidrs) },
      );
      expect(rows.length).toBe(addrs.length * cidrs.length);
      expect(rows.filter((r) => r.slow !== r.fast)).toEqual([]);
      expect(rows.filter((r) => r.fast).length).toBeGreaterThan(15);
    } finally {
      db.close();
    }
  });
});
