import { describe, expect, it } from 'vitest';
import { loadAll } from '../../src/load/index.js';
import { chooseMapping, describeMapping, fieldPaths } from '../../src/load/mapping.js';
import { ACCOUNT_COLUMNS, EXCHANGE_COLUMNS } from '../../src/load/schema.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

/** A record holding `value` at the (possibly dotted) field `name`. */
function nested(name: string, value: unknown): Record<string, unknown> {
  const parts = name.split('.');
  const out: Record<string, unknown> = {};
  let at = out;
  for (const p of parts.slice(0, -1)) at = at[p] = {} as Record<string, unknown>;
  at[parts.at(-1)!] = value;
  return out;
}

describe('alias mapping', () => {
  for (const column of [...EXCHANGE_COLUMNS, ...ACCOUNT_COLUMNS]) {
    it(`maps every alias of ${column.name}, nested or flat, in any case`, () => {
      for (const alias of column.aliases) {
        const columns = EXCHANGE_COLUMNS.includes(column) ? EXCHANGE_COLUMNS : ACCOUNT_COLUMNS;
        const asNested = chooseMapping(columns, fieldPaths([nested(alias, 'v')]));
        expect(describeMapping(asNested)[column.name], alias).toBe(alias);
        const upper = chooseMapping(columns, [[alias.toUpperCase()]]);
        expect(describeMapping(upper)[column.name], alias).toBe(alias.toUpperCase());
      }
    });
  }

  it('prefers the canonical name, then aliases in the order schema.ts lists them', () => {
    expect(describeMapping(chooseMapping(EXCHANGE_COLUMNS, [['time'], ['ts'], ['timestamp']])).ts).toBe('ts');
    expect(describeMapping(chooseMapping(EXCHANGE_COLUMNS, [['user'], ['org_id']])).account_id).toBe('org_id');
  });

  it("lets --map win over detection, matching the file's case", () => {
    const mapping = chooseMapping(EXCHANGE_COLUMNS, [['ts'], ['Event'], ['Event', 'Time']], { ts: 'event.time' });
    expect(describeMapping(mapping).ts).toBe('Event.Time');
  });
});

describe('loading through aliases, nested paths and --map', () => {
  const dir = scratchDir();

  it('reads a cloud-audit-shaped export with epoch milliseconds and nested usage', async () => {
    const file = put(
      dir,
      'aliased.jsonl',
      jsonl([
        {
          eventID: 'e1',
          eventTime: 1769940000000,
          userIdentity: { accountId: 'acct_1', accessKeyId: 'k1' },
          sourceIPAddress: '203.0.113.9',
          userAgent: 'sdk/1',
          usage: { input_tokens: 5, output_tokens: 7 },
          request: { model: 'model-a', temperature: 0.5 },
        },
        { eventID: 'e2', eventTime: 1769940060, userIdentity: { accountId: 'acct_2' }, usage: { input_tokens: '6' } },
        { eventID: 'e3', eventTime: 1769940120000000, userIdentity: { accountId: 'acct_3' } },
      ]),
    );
    const ctx = await testContext({ paths: [file] });
    const [result] = await loadAll(ctx);
    expect(result!.mapping).toMatchObject({
      request_id: 'eventID',
      ts: 'eventTime',
      account_id: 'userIdentity.accountId',
      api_key_id: 'userIdentity.accessKeyId',
      ip: 'sourceIPAddress',
      user_agent: 'userAgent',
      input_tokens: 'usage.input_tokens',
      model: 'request.model',
    });
    expect(
      await ctx.db.all(
        'SELECT request_id, ts, account_id, ip, input_tokens, output_tokens, model, temperature FROM loaded_exchanges ORDER BY request_id',
      ),
    ).toEqual([
      {
        request_id: 'e1',
        ts: '2026-02-01T10:00:00.000Z',
        account_id: 'acct_1',
        ip: '203.0.113.9',
        input_tokens: 5,
        output_tokens: 7,
        model: 'model-a',
        temperature: 0.5,
      },
      {
        request_id: 'e2',
        ts: '2026-02-01T10:01:00.000Z',
        account_id: 'acct_2',
        ip: null,
        input_tokens: 6,
        output_tokens: null,
        model: null,
        temperature: null,
      },
      {
        request_id: 'e3',
        ts: '2026-02-01T10:02:00.000Z',
        account_id: 'acct_3',
        ip: null,
        input_tokens: null,
        output_tokens: null,
        model: null,
        temperature: null,
      },
    ]);
    expect(JSON.parse(await ctx.db.value<string>('SELECT mapping FROM inputs'))).toEqual(result!.mapping);
  });

  it('converts times with a zone to UTC and takes times without one as UTC', async () => {
    const file = put(
      dir,
      'zones.jsonl',
      jsonl([
        { request_id: 'a', ts: '2026-02-01T12:00:00+02:00', account_id: 'x' },
        { request_id: 'b', ts: '2026-02-01 10:00:00', account_id: 'x' },
        { request_id: 'c', ts: '2026-02-01T10:00:00.250Z', account_id: 'x' },
      ]),
    );
    const ctx = await testContext({ paths: [file] });
    await loadAll(ctx);
    expect((await ctx.db.all('SELECT ts FROM loaded_exchanges ORDER BY request_id')).map((r) => r.ts)).toEqual([
      '2026-02-01T10:00:00.000Z',
      '2026-02-01T10:00:00.000Z',
      '2026-02-01T10:00:00.250Z',
    ]);
  });

  it('uses a --map file for fields no alias covers, and refuses an unmappable file with advice', async () => {
    const file = put(dir, 'custom.jsonl', jsonl([{ meta: { when: '2026-02-01T10:00:00Z', who: 'acct_9' }, q: 'hi' }]));
    const map = put(dir, 'map.json', JSON.stringify({ ts: 'meta.when', account_id: 'meta.who', prompt: 'q' }));
    const ctx = await testContext({ paths: [file], map });
    await loadAll(ctx);
    expect(await ctx.db.all('SELECT ts, account_id, prompt FROM loaded_exchanges')).toEqual([
      { ts: '2026-02-01T10:00:00.000Z', account_id: 'acct_9', prompt: 'hi' },
    ]);
    const bare = await testContext({ paths: [file] });
    await expect(loadAll(bare)).rejects.toThrow(/no field for ts and account_id .*--map/);
  });

  it('refuses a --map file that names an unknown column', async () => {
    const file = put(dir, 'm2.jsonl', jsonl([{ ts: '2026-02-01', account_id: 'a' }]));
    const map = put(dir, 'badmap.json', JSON.stringify({ timestamp: 'x' }));
    await expect(loadAll(await testContext({ paths: [file], map }))).rejects.toThrow(/"timestamp" is not a canonical column/);
  });
});
