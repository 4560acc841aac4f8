import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { typedRead } from '../../src/load/typed-read.js';
import { Database } from '../../src/db/database.js';
import { quoteString } from '../../src/db/sql.js';
import { loadAll } from '../../src/load/index.js';
import { seededRandom } from '../../src/random.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

async function load(path: string, lineByLine: boolean, map?: string) {
  const ctx = await testContext({ paths: [path], map, lineByLine });
  const [result] = await loadAll(ctx);
  const quarantine = await ctx.db.all<{ line: number; reason: string; raw: string }>(
    'SELECT line, reason, raw FROM quarantine ORDER BY line',
  );
  const rows = await ctx.db.all(`SELECT * EXCLUDE (source_file) FROM loaded_exchanges ORDER BY source_line`);
  const inputs = await ctx.db.all(`SELECT * EXCLUDE (loaded_at, path) FROM inputs`);
  const { records, loaded, rejected, duplicates } = result!;
  return { reader: result!.reader, counts: { records, loaded, rejected, duplicates }, quarantine, rows, inputs };
}

/** Loads `path` both ways and expects the same outcome; returns the typed read's. */
async function bothWays(path: string, map?: string) {
  const typed = await load(path, false, map);
  const lines = await load(path, true, map);
  expect(typed.reader).toBe('typed');
  expect(lines.reader).toBe('lines');
  expect(typed.counts).toEqual(lines.counts);
  expect(typed.quarantine).toEqual(lines.quarantine);
  expect(typed.rows).toEqual(lines.rows);
  expect(typed.inputs).toEqual(lines.inputs);
  return typed;
}

/** Runs DuckDB SQL over a source file (its path bound as `$src`) to write a test file. */
async function viaDuckDB(sql: string): Promise<void> {
  const db = await Database.open();
  try {
    await db.run(sql);
  } finally {
    db.close();
  }
}

/**
 * Seeded records whose every field is text or null, so that DuckDB's casts below give each
 * Parquet column a chosen type: good values, bad ones, blanks, nulls and duplicate ids.
 */
function mixedRecords(n: number, seed: number): Record<string, string | null>[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => ({
    request_id: rand() < 0.1 ? pick(['', null]) : `r${Math.floor(rand() * (n / 3))}`,
    ts: pick([
      '2026-02-01T10:00:00Z',
      '2026-02-01 12:00:00.123456',
      '2026-02-01T12:00:00+02:00',
      '1769940000',
      '1769940000123',
      '1769940000123456',
      'soon',
      '',
      null,
      ' 2026-02-01T10:00:00Z ',
      '0900-06-01 00:00:00',
      '9999-12-31 23:59:59.999999',
      'infinity',
      '-infinity',
    ]),
    epoch: pick(['1769940000', '1769940000123', '1769940000123456', '1769940000123456789', '-5', '0', '99999999999', null]),
    account_id: pick(['acct_1', 'acct_2', 'Acct "quoted"', '', null, ' ', '7']),
    tokens: pick(['12', '12.0', '12.5', 'x', null, '3000000000', ' 7 ', '-3', '1e3']),
    temperature: pick(['0.7', '1', '0.1', 'hot', null, '1e20', 'nan']),
    prompt: pick(['plain', 'é "quoted" \\ back', 'line\nbreak', '', null, '=1+1', '{"json": "inside"}']),
    note: pick(['a', null, 'ünïcode']),
    n: String(i),
  }));
}

const COLUMNS = Object.keys(mixedRecords(1, 1)[0]!)
  .map((c) => `${quoteString(c)}: 'VARCHAR'`)
  .join(', ');

describe('Parquet and CSV read column by column', () => {
  const dir = scratchDir();
  const source = put(dir, 'mixed.jsonl', jsonl(mixedRecords(300, 11)));
  const from = `read_json(${quoteString(source)}, columns = {${COLUMNS}}, format = 'newline_delimited')`;

  const parquet: [string, string][] = [
    ['every column text', `SELECT * EXCLUDE (epoch) FROM ${from}`],
    [
      'typed columns: TIMESTAMP, BIGINT, DOUBLE, FLOAT, BOOLEAN, DECIMAL, a LIST and a MAP unmapped',
      `SELECT request_id, TRY_CAST(ts AS TIMESTAMP) AS ts, account_id, TRY_CAST(tokens AS DOUBLE) AS input_tokens,
              TRY_CAST(temperature AS FLOAT) AS temperature, prompt, TRY_CAST(n AS INTEGER) % 2 = 0 AS flag,
              TRY_CAST(tokens AS DECIMAL(12, 2)) AS max_tokens, [prompt, note] AS list, map([coalesce(note, 'none')], [tokens]) AS m
         FROM ${from}`,
    ],
    [
      'time zones and whole numbers: TIMESTAMPTZ, INTEGER, UBIGINT, SMALLINT',
      `SELECT request_id, TRY_CAST(ts AS TIMESTAMPTZ) AS ts, TRY_CAST(account_id AS INTEGER) AS account_id,
              TRY_CAST(tokens AS UBIGINT) AS input_tokens, TRY_CAST(tokens AS SMALLINT) AS turn, prompt FROM ${from}`,
    ],
    [
      'epoch integers and doubles as times',
      `SELECT request_id, TRY_CAST(epoch AS BIGINT) AS ts, account_id, TRY_CAST(tokens AS HUGEINT) AS output_tokens FROM ${from}`,
    ],
    [
      'epoch doubles as times, nested fields, a NULL struct',
      `SELECT TRY_CAST(epoch AS DOUBLE) AS "timestamp",
              {'id': request_id, 'usage': {'prompt_tokens': TRY_CAST(tokens AS BIGINT)}} AS request,
              CASE WHEN note IS NULL THEN NULL ELSE {'account_id': account_id, 'note': note} END AS identity,
              {'input_tokens': tokens} AS usage, prompt FROM ${from}`,
    ],
  ];
  for (const [what, select] of parquet) {
    it(`gives the line-by-line read's rows, rejections and positions: Parquet, ${what}`, async () => {
      const path = put(dir, `${what.length}.parquet`, '');
      await viaDuckDB(`COPY (${select} ORDER BY TRY_CAST(n AS INTEGER)) TO ${quoteString(path)} (FORMAT parquet)`);
      const typed = await bothWays(path);
      expect(typed.counts.loaded).toBeGreaterThan(0);
      expect(typed.counts.rejected).toBeGreaterThan(0);
    });
  }

  it('reads nested fields by --map, exact case, into structs and past them', async () => {
    const path = put(dir, 'nested.parquet', '');
    await viaDuckDB(`COPY (SELECT TRY_CAST(epoch AS BIGINT) AS t, {'id': request_id, 'who': {'Org': account_id}, 'usage': {'out': TRY_CAST(tokens AS BIGINT)}} AS event,
                             '{"tokens": 4}' AS text_json, prompt FROM ${from} ORDER BY TRY_CAST(n AS INTEGER)) TO ${quoteString(path)} (FORMAT parquet)`);
    const map = put(
      dir,
      'map.json',
      JSON.stringify({
        ts: 't',
        request_id: 'event.id',
        account_id: 'event.who.Org',
        output_tokens: 'event.usage.out',
        input_tokens: 'text_json.tokens',
        turn: 'event.nothing',
      }),
    );
    const typed = await bothWays(path, map);
    expect(typed.counts.duplicates).toBeGreaterThan(10);
    expect(typed.rows.some((r) => r.output_tokens !== null)).toBe(true);
    // Past a text value that is no JSON there is no field: every record lacks its account, and a
    // file of which every record is rejected stops the run (exit 2), both ways.
    const past = put(dir, 'map-past.json', JSON.stringify({ ts: 't', request_id: 'event.id', account_id: 'event.id.org' }));
    for (const lineByLine of [false, true]) {
      await expect(load(path, lineByLine, past)).rejects.toThrow(
        /all \d+ record\(s\) rejected, none loaded; most frequent reasons: missing account_id \(event\.id\.org absent or empty\)/,
      );
    }
  });

  it('hashes absent ids from the row, keeps raw rows of rejected records', async () => {
    const path = put(dir, 'ids.parquet', '');
    await viaDuckDB(`COPY (SELECT * FROM (VALUES (NULL, TIMESTAMP '2026-02-01 10:00:00', 'a', 1), ('', TIMESTAMP '2026-02-01 10:00:00', 'a', 2),
                                             ('', TIMESTAMP '2026-02-01 10:00:00', 'a', 2), ('x', NULL, 'b', 3)) v(request_id, ts, account_id, k))
                       TO ${quoteString(path)} (FORMAT parquet)`);
    const typed = await bothWays(path);
    expect(typed.counts).toEqual({ records: 4, loaded: 2, rejected: 1, duplicates: 1 });
    expect(typed.rows.map((r) => String(r.request_id).slice(0, 2))).toEqual(['h_', 'h_']);
    expect(typed.quarantine).toEqual([
      { line: 4, reason: 'missing ts (ts absent or empty)', raw: '{"request_id":"x","ts":null,"account_id":"b","k":3}' },
    ]);
  });

  for (const [format, delim] of [
    ['csv', ','],
    ['tsv', '\t'],
  ] as const) {
    it(`gives the line-by-line read's rows, rejections and positions: ${format.toUpperCase()}`, async () => {
      const path = put(dir, `mixed.${format}`, '');
      await viaDuckDB(
        `COPY (SELECT * FROM ${from} ORDER BY TRY_CAST(n AS INTEGER)) TO ${quoteString(path)} (FORMAT csv, HEADER, DELIMITER '${delim}')`,
      );
      const typed = await bothWays(path);
      expect(typed.counts.rejected).toBeGreaterThan(0);
    });

    it(`places rows the ${format.toUpperCase()} reader refuses as the line-by-line read does`, async () => {
      const row = (...cells: string[]) => cells.join(delim) + '\n';
      const broken = Buffer.concat([
        Buffer.from(row('request_id', 'ts', 'account_id', 'prompt')),
        Buffer.from(row('r1', '2026-02-01T10:00:00Z', 'a', '"two\nlines"')),
        Buffer.from(row('r2', '2026-02-01T10:00:00Z', 'a', 'x', 'too many')),
        Buffer.from(row('r3', 'soon', 'b', 'y')),
        Buffer.concat([Buffer.from('r4' + delim), Buffer.from([0xff]), Buffer.from(row('', 'a', 'z'))]),
        Buffer.from(row('r1', '2026-02-01T10:00:00Z', 'c', '"=1+1"')),
        Buffer.from(row('', '1769940000', 'd', '')),
      ]);
      const refused = await bothWays(put(dir, `broken.${format}`, broken));
      expect(refused.counts).toEqual({ records: 6, loaded: 2, rejected: 3, duplicates: 1 });
      // Rows, not lines: the header is row 1 and the quoted line break does not count.
      expect(refused.quarantine.map((q) => q.line)).toEqual([3, 4, 5]);
      expect(refused.rows.map((r) => [r.account_id, r.source_line])).toEqual([
        ['a', 2],
        ['d', 7],
      ]);
    });
  }

  it('quotes column and member names the file chose', async () => {
    const path = put(dir, 'names.parquet', '');
    await viaDuckDB(`COPY (SELECT request_id AS "id"") FROM x; --", ts AS "ts", account_id AS "account_id",
                             {'it''s': prompt, 'a.b': tokens} AS "o'k", note AS "a b" FROM ${from} ORDER BY TRY_CAST(n AS INTEGER))
                       TO ${quoteString(path)} (FORMAT parquet)`);
    const map = put(dir, 'names-map.json', JSON.stringify({ request_id: 'id") FROM x; --', prompt: "o'k.it's", input_tokens: "o'k.a.b" }));
    const typed = await bothWays(path, map);
    expect(typed.rows.some((r) => r.prompt !== null)).toBe(true);
    const csv = put(dir, 'names.csv', 'ts,account_id,"id"") FROM x; --",\'q\'\n2026-02-01T10:00:00Z,a,r1,x\nsoon,b,r2,y\n');
    const fromCsv = await bothWays(csv, map);
    expect(fromCsv.counts).toEqual({ records: 2, loaded: 1, rejected: 1, duplicates: 0 });
  });

  it('reads a mapped name holding a double quote, which a quoted JSON path cannot name, in JSON Lines too', async () => {
    const lines = [
      { 'id"x': 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'a', usage: { 'in"put/~': 3 } },
      { 'id"x': 'r2', ts: 'soon', account_id: 'b', usage: { 'in"put/~': 4 } },
    ];
    const map = put(dir, 'quote-map.json', JSON.stringify({ request_id: 'id"x', input_tokens: 'usage.in"put/~' }));
    for (const [name, content] of [
      ['quote.jsonl', jsonl(lines)],
      ['quote-bom.jsonl', '\uFEFF' + jsonl(lines)],
    ]) {
      const { counts, rows } = await load(put(dir, name!, content!), false, map);
      expect(counts).toEqual({ records: 2, loaded: 1, rejected: 1, duplicates: 0 });
      expect(rows.map((r) => [r.request_id, r.input_tokens])).toEqual([['r1', 3]]);
    }
  });

  it('leaves a file it cannot read to the line-by-line read, which names the problem', async () => {
    const path = put(dir, 'corrupt.parquet', '');
    await viaDuckDB(`COPY (SELECT i::VARCHAR AS request_id, TIMESTAMP '2026-02-01' + INTERVAL (i) SECOND AS ts, 'acct_' || (i % 7) AS account_id,
                             repeat('p', 50) || i AS prompt FROM range(3000) t(i)) TO ${quoteString(path)} (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    // Garbage over a page header of the last row group: the mapping's sample (the first rows) reads, the whole file does not.
    const db = await Database.open();
    let at: number;
    try {
      at = await db.value<number>(`SELECT max(data_page_offset) FROM parquet_metadata(${quoteString(path)})`);
    } finally {
      db.close();
    }
    const bytes = readFileSync(path);
    bytes.fill(0xff, at, at + 40);
    writeFileSync(path, bytes);
    for (const lineByLine of [false, true]) {
      const ctx = await testContext({ paths: [path], lineByLine });
      await expect(loadAll(ctx)).rejects.toThrow(UserError);
      await expect(loadAll(ctx)).rejects.toThrow(/cannot be read/);
    }
  });

  it('declines files whose column names differ only in case (DuckDB names ignore case)', () => {
    const varchar = { typeId: DuckDBTypeId.VARCHAR } as DuckDBType;
    const columns = [
      { name: 'ts', type: varchar },
      { name: 'TS', type: varchar },
    ];
    expect(typedRead('/x.parquet', 'parquet', 'none', columns, [{ path: ['ts'], type: 'TIMESTAMP' }])).toBeNull();
    expect(typedRead('/x.parquet', 'parquet', 'none', columns.slice(0, 1), [{ path: ['ts'], type: 'TIMESTAMP' }])).not.toBeNull();
    expect(typedRead('/x.jsonl', 'jsonl', 'none', columns.slice(0, 1), [{ path: ['ts'], type: 'TIMESTAMP' }])).toBeNull();
  });
});
