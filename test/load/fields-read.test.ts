import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { loadAll } from '../../src/load/index.js';
import { LineShape } from '../../src/load/line-shape.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';
import { seededRandom } from '../../src/random.js';

const rec = (i: number, extra: Record<string, unknown> = {}) => ({
  request_id: `r${i}`,
  ts: `2026-02-01T10:00:0${i % 10}Z`,
  account_id: `acct_${i}`,
  ...extra,
});

async function load(path: string) {
  const ctx = await testContext({ paths: [path] });
  const [result] = await loadAll(ctx);
  const quarantine = await ctx.db.all<{ line: number; reason: string; raw: string }>(
    'SELECT line, reason, raw FROM quarantine ORDER BY line',
  );
  const rows = await ctx.db.all(`SELECT * EXCLUDE (source_file) FROM loaded_exchanges ORDER BY source_line`);
  const { records, loaded, rejected, duplicates } = result!;
  return { result: result!, counts: { records, loaded, rejected, duplicates }, quarantine, rows };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe("JSON Lines through DuckDB's JSON reader", () => {
  const dir = scratchDir();

  it('reads a file of one object per line with the JSON reader, lines as positions', async () => {
    const { result, counts, rows } = await load(put(dir, 'clean.jsonl', jsonl([rec(1), rec(2, { input_tokens: 7 }), rec(3)])));
    expect(result.reader).toBe('fields');
    expect(counts).toEqual({ records: 3, loaded: 3, rejected: 0, duplicates: 0 });
    expect(rows.map((r) => [r.request_id, r.source_line, r.input_tokens])).toEqual([
      ['r1', 1, null],
      ['r2', 2, 7],
      ['r3', 3, null],
    ]);
  });

  it('quarantines bad values with line and raw text, hashes absent ids from the line, counts duplicates', async () => {
    const lines = [
      JSON.stringify(rec(1)),
      JSON.stringify(rec(2, { ts: 'yesterday' })),
      JSON.stringify({ ts: '2026-02-01T10:00:03Z', account_id: 'acct_3' }),
      JSON.stringify(rec(4, { account_id: '' })),
      JSON.stringify(rec(5, { request_id: '', input_tokens: 12.5 })),
      JSON.stringify(rec(1)),
      JSON.stringify({ request_id: '', ts: 1769940000, account_id: 'acct_7' }),
    ];
    const { result, counts, quarantine, rows } = await load(put(dir, 'mixed.jsonl', lines.join('\r\n') + '\r\n'));
    expect(result.reader).toBe('fields');
    expect(counts).toEqual({ records: 7, loaded: 3, rejected: 3, duplicates: 1 });
    expect(quarantine).toEqual([
      { line: 2, reason: 'ts: "yesterday" is not a time (ISO-8601 or epoch s/ms/µs)', raw: lines[1] },
      { line: 4, reason: 'missing account_id (account_id absent or empty)', raw: lines[3] },
      { line: 5, reason: 'input_tokens: "12.5" is not a whole number', raw: lines[4] },
    ]);
    expect(rows.map((r) => [r.request_id, r.source_line, r.ts])).toEqual([
      ['r1', 1, '2026-02-01T10:00:01.000Z'],
      [`h_${sha(lines[2]!).slice(0, 32)}`, 3, '2026-02-01T10:00:03.000Z'],
      [`h_${sha(lines[6]!).slice(0, 32)}`, 7, '2026-02-01T10:00:00.000Z'],
    ]);
  });

  it('reads a 20 MB prompt with the JSON reader, a 34 MB one (past its buffer) line by line', async () => {
    for (const [mb, reader] of [
      [20, 'fields'],
      [34, 'lines'],
    ] as const) {
      const big = 'y'.repeat(mb * 1024 * 1024);
      const { result, counts, rows } = await load(put(dir, `big-${mb}.jsonl`, jsonl([rec(1), rec(2, { prompt: big }), rec(3)])));
      expect(result.reader).toBe(reader);
      expect(counts).toEqual({ records: 3, loaded: 3, rejected: 0, duplicates: 0 });
      expect(rows.map((r) => String(r.prompt ?? '').length)).toEqual([0, big.length, 0]);
    }
  });

  it('reads nested fields through their top-level object, gzip too', async () => {
    const records = [
      { id: 'a', event: { time: '2026-02-01T10:00:00Z', who: { org: 'o1' } }, usage: { prompt_tokens: 5 } },
      { id: 'b', event: { time: '2026-02-01T11:00:00Z', who: { org: 'o2' } }, usage: 'n/a' },
    ];
    const map = put(dir, 'map.json', JSON.stringify({ ts: 'event.time', account_id: 'event.who.org', request_id: 'id' }));
    for (const [name, content] of [
      ['nested.jsonl', jsonl(records)],
      ['nested.jsonl.gz', gzipSync(jsonl(records))],
    ] as const) {
      const ctx = await testContext({ paths: [put(dir, name, content)], map });
      const [result] = await loadAll(ctx);
      expect(result!.reader).toBe('fields');
      expect(await ctx.db.all('SELECT request_id, account_id, input_tokens FROM loaded_exchanges ORDER BY request_id')).toEqual([
        { request_id: 'a', account_id: 'o1', input_tokens: 5 },
        { request_id: 'b', account_id: 'o2', input_tokens: null },
      ]);
    }
  });

  it('reads the JSON Lines copy of an Arrow file with the JSON reader too', async () => {
    const records = [rec(1, { input_tokens: 3 }), rec(2, { input_tokens: 4 }), rec(3, { ts: 'later', input_tokens: 5 })];
    const { result, counts, quarantine, rows } = await load(put(dir, 'a.arrow', tableToIPC(tableFromJSON(records), 'file')));
    expect(result.reader).toBe('fields');
    expect(counts).toEqual({ records: 3, loaded: 2, rejected: 1, duplicates: 0 });
    expect(quarantine).toEqual([
      { line: 3, reason: expect.stringContaining('"later" is not a time'), raw: expect.stringContaining('"request_id":"r3"') },
    ]);
    expect(rows.map((r) => [r.request_id, r.source_line, r.input_tokens])).toEqual([
      ['r1', 1, 3],
      ['r2', 2, 4],
    ]);
  });

  const good = [JSON.stringify(rec(1)), JSON.stringify(rec(2)), JSON.stringify(rec(3))];
  const withEmpty: [string, string, number[]][] = [
    ['an empty line', [good[0], '', good[1], good[2]].join('\n'), [1, 3, 4]],
    ['empty lines first, between and last, CRLF', ['', '', good[0], '', good[1], '', '', good[2], '', ''].join('\r\n'), [3, 5, 8]],
    ['a trailing empty line', good.join('\n') + '\n\n', [1, 2, 3]],
  ];
  for (const [what, content, positions] of withEmpty) {
    it(`reads a file with ${what} with the JSON reader, positions true`, async () => {
      const { result, rows, counts } = await load(put(dir, `empty-${positions.join('')}-${what.length}.jsonl`, content));
      expect(result.reader).toBe('fields');
      expect(rows.map((r) => r.source_line)).toEqual(positions);
      expect(counts).toEqual({ records: 3, loaded: 3, rejected: 0, duplicates: 0 });
    });
  }

  it('numbers records in file order when DuckDB reads the file in parallel (a 40 MB file, several read buffers, threads 2)', async () => {
    // The fields read yields no ordinal (WITH ORDINALITY made the read one task and doubled its
    // CPU time): a record's line is its row's place in the staging table, which DuckDB fills in
    // scan order. A misnumbered row would show here as a line that is not its record's.
    const pad = 'x'.repeat(1000);
    const lines = Array.from({ length: 40_000 }, (_, i) =>
      i === 20_000 ? '' : JSON.stringify(rec(i + 1, { pad, input_tokens: i === 30_000 ? 'many' : i })),
    );
    const path = put(dir, 'parallel.jsonl', lines.join('\n') + '\n');
    const ctx = await testContext({ paths: [path] });
    await ctx.db.run('SET threads = 2');
    const [result] = await loadAll(ctx);
    expect(result!.reader).toBe('fields');
    expect([result!.records, result!.loaded, result!.rejected]).toEqual([39_999, 39_998, 1]);
    const misplaced = await ctx.db.value<number>(
      "SELECT count(*) FROM loaded_exchanges WHERE request_id <> 'r' || source_line OR input_tokens <> source_line - 1",
    );
    expect(misplaced).toBe(0);
    expect(await ctx.db.all('SELECT line, reason FROM quarantine')).toEqual([
      { line: 30_001, reason: expect.stringContaining('input_tokens') },
    ]);
  });

  it('keeps positions true past thousands of empty or refused lines, either way', async () => {
    const n = 3000;
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify(rec(i)));
    // Record i sits on line 2i + 1 (an empty line after each) or after a line of bad UTF-8.
    const empties = lines.map((l) => l + '\n\n').join('');
    const refused = Buffer.concat(lines.flatMap((l) => [Buffer.from(l + '\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]));
    const expected = Array.from({ length: n }, (_, i) => 2 * i + 1);
    const a = await load(put(dir, 'many-empty.jsonl', empties));
    expect(a.result.reader).toBe('fields');
    expect(a.rows.map((r) => r.source_line)).toEqual(expected);
    const b = await load(put(dir, 'many-refused.jsonl', refused));
    expect(b.result.reader).toBe('lines');
    expect(b.rows.map((r) => r.source_line)).toEqual(expected);
    expect(b.quarantine.map((q) => q.line)).toEqual(expected.map((l) => l + 1));
  });

  const fallbacks: [string, string | Buffer, number[]][] = [
    ['a line of white space', [good[0], '   ', good[1], good[2]].join('\n'), [1, 3, 4]],
    ['a byte-order mark', '\uFEFF' + good.join('\n'), [1, 2, 3]],
    ['a record indented', [good[0], '  ' + good[1], good[2]].join('\n'), [1, 2, 3]],
    ['a bare carriage return inside a record', [good[0], good[1]!.replace(',', ',\r'), good[2]].join('\n'), [1, 4]],
    ['a line of garbage', [good[0], '{oops', good[1], good[2]].join('\n'), [1, 3, 4]],
    ['a duplicate key', [good[0], good[1]!.replace('{', '{"ts":"x",'), good[2]].join('\n'), [1, 3]],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from(good[0] + '\n{"a":"'), Buffer.from([0xff]), Buffer.from('"}\n' + good[1] + '\n' + good[2])]),
      [1, 3, 4],
    ],
  ];
  for (const [what, content, positions] of fallbacks) {
    it(`reads a file with ${what} line by line, positions true`, async () => {
      const { result, rows, counts } = await load(put(dir, `fallback-${positions.join('')}-${what.length}.jsonl`, content));
      expect(result.reader).toBe('lines');
      expect(rows.map((r) => r.source_line)).toEqual(positions);
      expect(counts.records).toBe(counts.loaded + counts.rejected + counts.duplicates);
    });
  }

  it('keeps names equal but for case apart, as the line-by-line read does', async () => {
    const { result, rows } = await load(put(dir, 'case.jsonl', [good[0], good[1]!.replace('{', '{"Ts":"x",'), good[2]].join('\n')));
    expect(result.reader).toBe('fields');
    expect(rows.map((r) => r.ts)).toEqual(['2026-02-01T10:00:01.000Z', '2026-02-01T10:00:02.000Z', '2026-02-01T10:00:03.000Z']);
  });

  it('gives the same rows and rejections as the line-by-line read', async () => {
    const rand = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const times = [
      '2026-02-01T10:00:00Z',
      '2026-02-01T12:00:00+02:00',
      '2026-02-01 10:00:00',
      1769940000,
      '1769940000123',
      1769940000123456,
      'soon',
      '',
      null,
      ' 2026-02-01T10:00:00Z ',
    ];
    const ints = [12, '12', 12.0, 12.5, 'x', true, null, 3000000000, ' 7 ', -3, '1e3'];
    const texts = ['plain', 42, { nested: [1, 'two'] }, [1, 2], 'é "quoted" \\ back', '', null, true];
    const records = Array.from({ length: 400 }, (_, i) => {
      const r: Record<string, unknown> = {};
      if (rand() < 0.8) r.request_id = rand() < 0.1 ? '' : `r${Math.floor(rand() * 100)}`;
      if (rand() < 0.95) r.ts = pick(times);
      if (rand() < 0.95) r.account_id = pick(['acct_1', 'acct_2', '', 7, null]);
      if (rand() < 0.5) r.input_tokens = pick(ints);
      if (rand() < 0.5) r.temperature = pick([0.7, '0.7', 'hot', 1, null]);
      if (rand() < 0.5) r.prompt = pick(texts);
      if (rand() < 0.3) r.usage = { output_tokens: pick(ints) };
      r.n = i;
      return r;
    });
    // Empty lines here and there: no records, but they move the positions after them.
    const text = records.map((r, i) => (i % 37 === 5 ? '\n' : '') + JSON.stringify(r)).join('\n') + '\n';
    const fast = await load(put(dir, 'same-fast.jsonl', text));
    // A byte-order mark moves no position, but sends the file line by line.
    const slow = await load(put(dir, 'same-slow.jsonl', '\uFEFF' + text));
    expect(fast.result.reader).toBe('fields');
    expect(slow.result.reader).toBe('lines');
    expect(fast.counts.rejected).toBeGreaterThan(20);
    expect(fast.counts.duplicates).toBeGreaterThan(10);
    expect(fast.counts).toEqual(slow.counts);
    expect(fast.quarantine).toEqual(slow.quarantine);
    expect(fast.rows).toEqual(slow.rows);
  });
});

describe('LineShape', () => {
  const shapeOf = (text: string, chunk: number) => {
    const shape = new LineShape();
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += chunk) shape.update(bytes.subarray(i, i + chunk));
    return { lines: shape.lines, objects: shape.everyLineAnObject, ...(shape.emptyLines.length ? { empty: shape.emptyLines } : {}) };
  };

  const cases: [string, { lines: number; objects: boolean; empty?: number[] }][] = [
    ['{"a":1}\n{"b":2}\n', { lines: 2, objects: true }],
    ['{"a":1}\n{"b":2}', { lines: 2, objects: true }],
    ['{"a":1}\r\n{"b":2}\r\n', { lines: 2, objects: true }],
    ['{"a":1}\n\n{"b":2}\n', { lines: 3, objects: true, empty: [2] }],
    ['{"a":1}\n{"b":2}\n\n', { lines: 3, objects: true, empty: [3] }],
    ['\r\n{"a":1}\r\n\r\n\r\n{"b":2}', { lines: 5, objects: true, empty: [1, 3, 4] }],
    ['\n\n', { lines: 2, objects: false, empty: [1, 2] }],
    ['{"a":1}\n \n', { lines: 2, objects: false }],
    ['{"a":1}\n\r{"b":2}\n', { lines: 2, objects: false }],
    [' {"a":1}\n', { lines: 1, objects: false }],
    ['{"a":\r1}\n', { lines: 1, objects: false }],
    ['{"a":1}\r', { lines: 1, objects: false }],
    ['', { lines: 0, objects: false }],
  ];
  for (const [text, expected] of cases) {
    it(`sees ${JSON.stringify(text)} the same whatever the chunk size`, () => {
      for (const chunk of [1, 2, 3, 7, 1 << 20]) expect(shapeOf(text, chunk)).toEqual(expected);
    });
  }
});
