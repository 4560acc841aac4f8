import { describe, expect, it } from 'vitest';
import { loadAll } from '../../src/load/index.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const dir = scratchDir();
const logs = put(dir, 'logs.jsonl', jsonl([{ request_id: 'r1', ts: '2026-02-01T00:00:00Z', account_id: 'acct_1' }]));

const INVESTIGATION = {
  actors: [
    {
      name: 'Actor A',
      indicators: [
        { type: 'cidr', value: '203.0.113.0/24' },
        { type: 'asn', value: 'as64500' },
        { type: 'email_domain', value: 'Example.org' },
        { type: 'user_agent', value: 're:^labclient/\\d' },
        { type: 'account_id', value: 'acct_123' },
      ],
    },
  ],
  model_releases: [{ model: 'model-next', released_at: '2026-02-10T17:00:00Z' }],
  enforcement: [{ account_id: 'acct_123', action: 'ban', at: '2026-02-12T00:00:00+01:00' }],
  sampling_rate: 0.01,
};

async function withIndicators(doc: unknown, samplingRate?: number) {
  const indicators = put(dir, `ind-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(doc));
  const ctx = await testContext({ paths: [logs], indicators, samplingRate });
  await loadAll(ctx);
  return ctx;
}

describe('--indicators', () => {
  it('loads actors, indicators, releases, enforcement and the sampling rate', async () => {
    const ctx = await withIndicators(INVESTIGATION);
    expect(await ctx.db.all('SELECT * FROM indicators ORDER BY ordinal')).toEqual([
      { actor: 'Actor A', type: 'cidr', value: '203.0.113.0/24', ordinal: 0, source: null },
      { actor: 'Actor A', type: 'asn', value: 'AS64500', ordinal: 1, source: null },
      { actor: 'Actor A', type: 'email_domain', value: 'example.org', ordinal: 2, source: null },
      { actor: 'Actor A', type: 'user_agent', value: 're:^labclient/\\d', ordinal: 3, source: null },
      { actor: 'Actor A', type: 'account_id', value: 'acct_123', ordinal: 4, source: null },
    ]);
    expect(await ctx.db.all('SELECT * FROM model_releases')).toEqual([{ model: 'model-next', released_at: '2026-02-10T17:00:00.000Z' }]);
    expect(await ctx.db.all('SELECT * FROM enforcement')).toEqual([
      { account_id: 'acct_123', action: 'ban', at: '2026-02-11T23:00:00.000Z' },
    ]);
    expect(await ctx.db.value(`SELECT value FROM settings WHERE name = 'sampling_rate'`)).toBe('0.01');
  });

  it('lets --sampling-rate win over the file, and defaults to 1', async () => {
    expect(await (await withIndicators(INVESTIGATION, 0.5)).db.value(`SELECT value FROM settings WHERE name = 'sampling_rate'`)).toBe(
      '0.5',
    );
    expect(await (await withIndicators({})).db.value(`SELECT value FROM settings WHERE name = 'sampling_rate'`)).toBe('1');
  });

  const broken: [string, unknown, RegExp][] = [
    [
      'an unknown type',
      {
        actors: [
          {
            name: 'A',
            indicators: [
              { type: 'cidr', value: '10.0.0.0/8' },
              { type: 'asn', value: 'AS1' },
              { type: 'foo', value: 'x' },
            ],
          },
        ],
      },
      /actors\[0\]\.indicators\[2\]\.type: unknown type "foo"/,
    ],
    [
      'a bad CIDR',
      { actors: [{ name: 'A', indicators: [{ type: 'cidr', value: '300.1.1.1/24' }] }] },
      /actors\[0\]\.indicators\[0\]\.value: "300\.1\.1\.1\/24" is not a CIDR/,
    ],
    [
      'a regex RE2 cannot compile',
      { actors: [{ name: 'A', indicators: [{ type: 'prompt', value: 're:(unclosed' }] }] },
      /actors\[0\]\.indicators\[0\]\.value: invalid regular expression/,
    ],
    [
      'a regex lookahead (not RE2)',
      { actors: [{ name: 'A', indicators: [{ type: 'user_agent', value: 're:^(?=x)' }] }] },
      /actors\[0\]\.indicators\[0\]\.value: invalid regular expression/,
    ],
    [
      'a bad time',
      { model_releases: [{ model: 'm', released_at: 'soon' }] },
      /model_releases\[0\]\.released_at: "soon" is not an ISO-8601 time/,
    ],
    ['a sampling rate out of range', { sampling_rate: 2 }, /sampling_rate: must be a number in \(0, 1\]/],
    ['a misspelt key', { actor: [] }, /\(top level\): unknown key "actor"/],
    ['a missing actor name', { actors: [{ indicators: [] }] }, /actors\[0\]\.name: must be a non-empty string/],
  ];
  for (const [name, doc, message] of broken) {
    it(`refuses ${name} with the path of the element`, async () => {
      await expect(withIndicators(doc)).rejects.toThrow(message);
    });
  }

  it('refuses a file that is not JSON', async () => {
    const indicators = put(dir, 'notjson.json', '{ actors: ');
    await expect(loadAll(await testContext({ paths: [logs], indicators }))).rejects.toThrow(/not valid JSON/);
  });
});

describe('--accounts', () => {
  it('loads a CSV export through aliases and derives email_domain from email', async () => {
    const accounts = put(
      dir,
      'accounts.csv',
      [
        'org_id,signup_at,contact_email,card_fingerprint,plan,banned_at',
        'acct_1,2026-01-01T00:00:00Z,Alice@Example.ORG,pf_1,free,',
        'acct_2,1767225600,bob@lab.test,pf_2,build,2026-02-01',
      ].join('\n'),
    );
    const ctx = await testContext({ paths: [logs], accounts });
    await loadAll(ctx);
    expect(
      await ctx.db.all(
        'SELECT account_id, created_at, email, email_domain, payment_fingerprint, plan, banned_at FROM accounts ORDER BY account_id',
      ),
    ).toEqual([
      {
        account_id: 'acct_1',
        created_at: '2026-01-01T00:00:00.000Z',
        email: 'Alice@Example.ORG',
        email_domain: 'example.org',
        payment_fingerprint: 'pf_1',
        plan: 'free',
        banned_at: null,
      },
      {
        account_id: 'acct_2',
        created_at: '2026-01-01T00:00:00.000Z',
        email: 'bob@lab.test',
        email_domain: 'lab.test',
        payment_fingerprint: 'pf_2',
        plan: 'build',
        banned_at: '2026-02-01T00:00:00.000Z',
      },
    ]);
  });

  it('loads JSON Lines accounts, and refuses a bad row with its line', async () => {
    const good = put(dir, 'accounts.jsonl', jsonl([{ account_id: 'a', email: 'x@y.z' }]));
    const ctx = await testContext({ paths: [logs], accounts: good });
    await loadAll(ctx);
    expect(await ctx.db.value('SELECT email_domain FROM accounts')).toBe('y.z');
    const bad = put(dir, 'accounts-bad.jsonl', jsonl([{ account_id: 'a' }, { account_id: 'b', created_at: 'last week' }]));
    await expect(loadAll(await testContext({ paths: [logs], accounts: bad }))).rejects.toMatchObject({
      line: 2,
      message: expect.stringMatching(/created_at: "last week" is not a time/),
    });
  });

  it('refuses an accounts CSV row that is not UTF-8, with its line', async () => {
    const bad = put(
      dir,
      'accounts-latin1.csv',
      Buffer.concat([Buffer.from('account_id,org_name\nacct_1,ok\nacct_2,Soci'), Buffer.from([0xe9]), Buffer.from('t\n')]),
    );
    await expect(loadAll(await testContext({ paths: [logs], accounts: bad }))).rejects.toMatchObject({
      line: 3,
      message: expect.stringMatching(/invalid encoding/),
    });
  });

  it('leaves an empty accounts table when no export is given', async () => {
    const ctx = await testContext({ paths: [logs] });
    await loadAll(ctx);
    expect(await ctx.db.value('SELECT count(*) FROM accounts')).toBe(0);
  });
});
