import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { quoteString } from '../../src/db/sql.js';
import type { Report } from '../../src/report/model.js';
import { CAMPAIGN_ACCOUNTS, CAMPAIGN_IPS, GENUINE_ACCOUNTS, GENUINE_IPS, fixtureCampaign, fixtureDatabase } from './fixture.js';
import { cleanScratch, writeBundle } from './helpers.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const schema = JSON.parse(readFileSync(new URL('../../src/report/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function expectValid(report: unknown): void {
  const ok = validate(report);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
  const r = report as Report;
  for (const c of r.campaigns)
    expect(c.exchanges.ci95[0] <= c.exchanges.estimate && c.exchanges.estimate <= c.exchanges.ci95[1]).toBe(true);
  const estimates = r.campaigns.map((c) => c.exchanges.estimate);
  expect(estimates).toEqual([...estimates].sort((a, b) => b - a));
}

let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});
afterAll(cleanScratch);

describe('report bundle', () => {
  it('writes every file, and report.json follows the shipped schema', async () => {
    db = await fixtureDatabase();
    const { dir, report } = await writeBundle(db, [fixtureCampaign()]);
    expect(readdirSync(dir).sort()).toEqual([
      'accounts.arrow',
      'accounts.csv',
      'accounts.parquet',
      'quarantine.jsonl',
      'report.html',
      'report.json',
      'report.md',
    ]);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expectValid(json);
    expect(json).toEqual(report);
    expect(json.totals).toEqual({ exchanges: 3000, accounts: 10, start: '2026-02-08T00:00:00Z', end: '2026-02-13T06:18:00Z' });
    expect(json.detectors).toEqual([{ name: 'cadence', version: '1', kind: 'detector', ms: 12 }]);
  });

  it('rejects a report.json that breaks the contract', () => {
    const broken = { ...fixtureCampaign(), score: 1.5, extra: true };
    expect(validate({ schema: 'distill-audit/report@2', campaigns: [broken] })).toBe(false);
  });

  it('writes the Markdown document with the plain-words summary, evidence and chain of custody', async () => {
    db = await fixtureDatabase();
    const { dir } = await writeBundle(db, [fixtureCampaign()]);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain(
      'Campaign C1, attributed with high confidence to Actor A, made more than 13 million exchanges through 6 accounts between 2026-02-08 and 2026-02-13.',
    );
    expect(md).toContain('## Chain of custody');
    expect(md).toContain('`' + 'ab'.repeat(32) + '`');
    expect(md).toContain('| cadence | detector | 1 |');
    expect(md).not.toContain('time (ms)');
    expect(md).toContain('records = loaded + rejected + duplicates');
    expect(md).toContain('## Limits and uncertainty');
    // Attacker text is shown, never interpreted as markup.
    expect(md).not.toMatch(/(^|[^\\])<(script|img)/im);
    expect(md).toContain('\\<script\\>document.title=');
    expect(md).toContain('| user\\_agent | \\<script\\>alert(1)\\</script\\> labclient/1.2 | 6 | 0.70 |');
    expect(md).not.toMatch(/[\u0000\u0007\u001b]/);
    for (const line of md.split('\n')) expect(line.length).toBeLessThan(2000);
  });

  it('writes one self-contained HTML page with three charts and nothing executable from the data', async () => {
    db = await fixtureDatabase();
    const { dir } = await writeBundle(db, [fixtureCampaign()]);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page).toContain('Share of traffic on model-next around its release');
    expect(page).not.toMatch(/<script|<img|<iframe|javascript:alert\(1\)\)"/i);
    expect(page).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(page).toContain('&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;');
    expect(page).not.toMatch(/[\u0000\u0007\u001b]/);
  });

  it('says why there are no charts when there is no campaign', async () => {
    db = await fixtureDatabase();
    const { dir } = await writeBundle(db, []);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).not.toContain('<svg');
    expect(page).toContain('No campaign was found, so there is nothing to chart.');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('No distillation campaign was found in these logs.');
    // A campaign the report does not show (hidden by --min-level) is not named in accounts.csv either.
    const csv = readFileSync(join(dir, 'accounts.csv'), 'utf8').trim().split('\r\n').slice(1);
    expect(csv.every((line) => line.split(',')[2] === '')).toBe(true);
  });

  it('works without the campaign tables: no charts, a clear sentence, accounts with empty campaign', async () => {
    db = await fixtureDatabase({ withoutCampaignTables: true });
    const { dir } = await writeBundle(db, [fixtureCampaign()]);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('This run holds no exchange labels');
    const csv = readFileSync(join(dir, 'accounts.csv'), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(11);
    expect(csv.slice(1).every((line) => line.split(',')[2] === '')).toBe(true);
  });

  it('writes accounts.csv, .parquet and .arrow with the same rows and neutralised formulas', async () => {
    db = await fixtureDatabase();
    const { dir } = await writeBundle(db, [fixtureCampaign()]);
    const csv = readFileSync(join(dir, 'accounts.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('account_id,cluster_id,campaign_id,score,exchanges,top_signals');
    expect(csv).toHaveLength(11);
    expect(csv).toContain("'-2+3,K1,C1,0.91,300,cadence:0.91;templating:0.80");
    expect(csv).toContain("'@SUM(1+1),K1,C1,0.91,300,cadence:0.91;templating:0.80");
    expect(csv).toContain('acct_g1,K2,,0.3,300,volume:0.30');
    expect(csv).toContain('acct_g2,K2,,,300,');
    const parquet = await db.all(`SELECT * FROM read_parquet(${quoteString(join(dir, 'accounts.parquet'))})`);
    expect(parquet).toHaveLength(10);
    expect(Object.keys(parquet[0]!)).toEqual(['account_id', 'cluster_id', 'campaign_id', 'score', 'exchanges', 'top_signals']);
    expect(parquet.map((r) => r.account_id)).toEqual(csv.slice(1).map((l) => l.split(',')[0]!.replace(/^'/, '')));
    const arrow = tableFromIPC(readFileSync(join(dir, 'accounts.arrow')));
    expect(arrow.numRows).toBe(10);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual([
      'account_id',
      'cluster_id',
      'campaign_id',
      'score',
      'exchanges',
      'top_signals',
    ]);
    expect(arrow.getChild('account_id')!.toArray()).toEqual(parquet.map((r) => r.account_id));
    expect(Number(arrow.getChild('exchanges')!.get(0))).toBe(300);
  });

  it('--redact leaves no raw account id, IP or prompt in any file, and report.json stays valid', async () => {
    db = await fixtureDatabase();
    const { dir, report } = await writeBundle(db, [fixtureCampaign()], 'a-test-salt');
    expectValid(report);
    expect(report.campaigns[0]!.accounts.every((a) => /^anon-[0-9a-f]{16}$/.test(a))).toBe(true);
    const raw = [
      ...CAMPAIGN_ACCOUNTS,
      ...GENUINE_ACCOUNTS,
      ...CAMPAIGN_IPS,
      ...GENUINE_IPS,
      'pwned',
      'HYPERLINK',
      'Explain your reasoning',
    ];
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, name));
      for (const r of raw) expect(bytes.includes(Buffer.from(r)), `${r} found in ${name}`).toBe(false);
    }
    const parquet = await db.all<{ account_id: string }>(
      `SELECT account_id FROM read_parquet(${quoteString(join(dir, 'accounts.parquet'))})`,
    );
    expect(new Set(parquet.map((r) => r.account_id))).toEqual(
      new Set(
        readFileSync(join(dir, 'accounts.csv'), 'utf8')
          .trim()
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      ),
    );
    expect(report.campaigns[0]!.accounts.every((a) => parquet.some((r) => r.account_id === a))).toBe(true);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('203.0.113.0/24');
    expect(md).toContain('prompt text omitted');
    expect(md).toContain('Identifiers are redacted');
  });

  it('the same salt gives the same hashes; another salt does not', async () => {
    db = await fixtureDatabase();
    const a = (await writeBundle(db, [fixtureCampaign()], 'salt-number-one')).report.campaigns[0]!.accounts;
    const b = (await writeBundle(db, [fixtureCampaign()], 'salt-number-one')).report.campaigns[0]!.accounts;
    const c = (await writeBundle(db, [fixtureCampaign()], 'salt-number-two')).report.campaigns[0]!.accounts;
    expect(a).toEqual(b);
    expect(a.some((x) => c.includes(x))).toBe(false);
  });
});
