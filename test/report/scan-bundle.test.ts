import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanScratch, scratch } from './helpers.js';

/** The bundle through the built CLI: scan with and without --redact, then report --db. */
const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const validate = new Ajv({ strict: true }).compile(
  JSON.parse(readFileSync(new URL('../../src/report/report.schema.json', import.meta.url), 'utf8')) as object,
);

const ACCOUNTS = ['acct_0', 'acct_1', 'acct_2', 'acct_3'];
const IPS = ['203.0.113.7', '2001:db8:abcd:12::1', '198.51.100.9', '203.0.113.8'];
const REJECTED_IP = '192.0.2.55';

function logs(dir: string): string {
  const lines = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({
      request_id: `r${i}`,
      ts: `2026-02-10T${String(10 + (i % 10)).padStart(2, '0')}:00:00Z`,
      account_id: ACCOUNTS[i % 4],
      ip: IPS[i % 4],
      model: 'model-base',
      prompt: `<script>document.title='pwned'</script> =HYPERLINK("http://evil.invalid") ${i}`,
    }),
  );
  lines.push(JSON.stringify({ ts: 'not a time', account_id: 'acct_rejected', ip: REJECTED_IP, prompt: 'pwned' }));
  const file = join(dir, 'logs.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

afterAll(cleanScratch);

describe('scan writes the bundle', () => {
  it('--redact: no raw account id, IP or prompt in any file of the bundle', () => {
    const dir = scratch();
    const out = join(dir, 'out');
    const r = runCli(['scan', logs(dir), '--out', out, '--redact', '--redact-salt', 'salt-for-tests']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'accounts.arrow',
      'accounts.csv',
      'accounts.parquet',
      'observables.json',
      'quarantine.jsonl',
      'report.html',
      'report.json',
      'report.md',
    ]);
    for (const name of files) {
      const bytes = readFileSync(join(out, name));
      for (const raw of [...ACCOUNTS, 'acct_rejected', ...IPS, REJECTED_IP, 'pwned', 'HYPERLINK']) {
        expect(bytes.includes(Buffer.from(raw)), `${raw} in ${name}`).toBe(false);
      }
    }
    expect(validate(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')))).toBe(true);
    expect(readFileSync(join(out, 'accounts.csv'), 'utf8')).toMatch(
      /^account_id,cluster_id,campaign_id,score,exchanges,top_signals\r\nanon-[0-9a-f]{16},/,
    );
  });

  it('without --redact, then report --db renders the kept run again', () => {
    const dir = scratch();
    const db = join(dir, 'kept.duckdb');
    const out = join(dir, 'out');
    const scan = runCli(['scan', logs(dir), '--out', out, '--db', db]);
    expect(scan.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.totals).toMatchObject({ exchanges: 40, accounts: 4 });
    expect(readFileSync(join(out, 'quarantine.jsonl'), 'utf8')).toContain('acct_rejected');
    const again = join(dir, 'again');
    const r = runCli(['report', '--db', db, '--out', again]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const name of ['report.json', 'report.md', 'report.html', 'accounts.csv']) {
      expect(readFileSync(join(again, name), 'utf8'), name).toBe(readFileSync(join(out, name), 'utf8'));
    }
  });
});
