import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { quoteString } from '../../src/db/sql.js';
import { loadAll } from '../../src/load/index.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const RECORDS = [
  { request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', prompt: 'plain', input_tokens: 10 },
  {
    request_id: 'r2',
    ts: '2026-02-01T11:00:00Z',
    account_id: 'acct_2',
    prompt: 'with, comma and "quotes"\nand a newline',
    input_tokens: 20,
  },
  { request_id: 'r3', ts: '2026-02-01T12:00:00Z', account_id: 'acct_1', prompt: 'tab\there', input_tokens: 30 },
];

function csv(delim: string): string {
  const cell = (v: unknown) => {
    const s = String(v);
    return /[",\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const cols = Object.keys(RECORDS[0]!);
  return (
    [cols.join(delim), ...RECORDS.map((r) => cols.map((c) => cell((r as Record<string, unknown>)[c])).join(delim))].join('\r\n') + '\r\n'
  );
}

async function loadOne(path: string) {
  const ctx = await testContext({ paths: [path] });
  const [result] = await loadAll(ctx);
  const rows = await ctx.db.all(
    'SELECT request_id, ts, account_id, prompt, input_tokens, source_line FROM loaded_exchanges ORDER BY request_id',
  );
  return { result: result!, rows };
}

async function viaDuckDB(sql: (src: string) => string, src: string): Promise<void> {
  const db = await Database.open();
  try {
    await db.run(sql(quoteString(src)));
  } finally {
    db.close();
  }
}

describe('input formats', () => {
  const dir = scratchDir();
  const expected = RECORDS.map((r) => ({ ...r, ts: r.ts.replace('Z', '.000Z') }));

  const cases: [string, () => Promise<string>, string][] = [
    ['JSON Lines', async () => put(dir, 'a.jsonl', jsonl(RECORDS)), 'jsonl'],
    ['NDJSON, no extension hint needed', async () => put(dir, 'a.ndjson', jsonl(RECORDS)), 'jsonl'],
    ['one JSON array', async () => put(dir, 'arr.json', JSON.stringify(RECORDS, null, 2)), 'json'],
    ['CSV with quoted commas, quotes and newlines, CRLF', async () => put(dir, 'a.csv', csv(',')), 'csv'],
    ['TSV', async () => put(dir, 'a.tsv', csv('\t')), 'tsv'],
    ['gzip JSON Lines', async () => put(dir, 'a.jsonl.gz', gzipSync(jsonl(RECORDS))), 'jsonl'],
    ['gzip CSV named oddly (content decides)', async () => put(dir, 'export.data', gzipSync(csv(','))), 'csv'],
    [
      'zstd JSON Lines',
      async () => {
        const src = put(dir, 'z-src.jsonl', jsonl(RECORDS));
        const out = join(dir, 'a.jsonl.zst');
        await viaDuckDB((s) => `COPY (SELECT * FROM read_json(${s})) TO ${quoteString(out)} (FORMAT json, COMPRESSION zstd)`, src);
        return out;
      },
      'jsonl',
    ],
    [
      'Parquet',
      async () => {
        const src = put(dir, 'p-src.jsonl', jsonl(RECORDS));
        const out = join(dir, 'a.parquet');
        await viaDuckDB((s) => `COPY (SELECT * FROM read_json(${s})) TO ${quoteString(out)} (FORMAT parquet)`, src);
        return out;
      },
      'parquet',
    ],
    ['Arrow IPC file', async () => put(dir, 'a.arrow', tableToIPC(tableFromJSON(RECORDS), 'file')), 'arrow'],
    ['Arrow IPC stream', async () => put(dir, 'a.stream', tableToIPC(tableFromJSON(RECORDS), 'stream')), 'arrow-stream'],
  ];

  for (const [name, make, format] of cases) {
    it(`loads ${name}`, async () => {
      const { result, rows } = await loadOne(await make());
      expect(result.format).toBe(format);
      expect({ records: result.records, loaded: result.loaded, rejected: result.rejected, duplicates: result.duplicates }).toEqual({
        records: 3,
        loaded: 3,
        rejected: 0,
        duplicates: 0,
      });
      expect(rows.map(({ source_line: _, ...r }) => r)).toEqual(expected);
    });
  }

  it('numbers CSV rows with the header as line 1 and JSON Lines by physical line', async () => {
    const c = await loadOne(put(dir, 'lines.csv', csv(',')));
    expect(c.rows.map((r) => r.source_line)).toEqual([2, 3, 4]);
    const j = await loadOne(put(dir, 'lines.jsonl', '\n' + jsonl(RECORDS)));
    expect(j.rows.map((r) => r.source_line)).toEqual([2, 3, 4]);
  });
});

describe('FORMATS, the table of format traits', () => {
  it('names formats by extension through a compression suffix, and never trusts the name of a binary format alone', async () => {
    const { FORMATS, fromExtension } = await import('../../src/load/format.js');
    expect(fromExtension('logs/a.json')).toEqual({ format: 'jsonl', compression: 'none' });
    expect(fromExtension('a.ndjson.zst')).toEqual({ format: 'jsonl', compression: 'zstd' });
    expect(fromExtension('a.tsv.gz')).toEqual({ format: 'tsv', compression: 'gzip' });
    expect(fromExtension('a.feather')).toEqual({ format: 'arrow', compression: 'none' });
    expect(fromExtension('a.txt')).toBeNull();
    expect(
      Object.entries(FORMATS)
        .filter(([, t]) => t.binary)
        .map(([f]) => f),
    ).toEqual(['parquet', 'arrow', 'arrow-stream']);
    expect(Object.entries(FORMATS).every(([, t]) => t.binary === (t.magic !== undefined))).toBe(true);
  });

  it('is the only place in load/ that tells formats apart by name', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const dir = fileURLToPath(new URL('../../src/load/', import.meta.url));
    const byName =
      /format\s*[!=]==\s*'|\.format\s*[!=]==|'(csv|tsv|parquet|arrow|arrow-stream)'\]?\.includes|case '(jsonl|json|csv|tsv|parquet|arrow|arrow-stream)'/;
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'format.ts')
      .filter((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .some((line) => byName.test(line) && !/partner\.format/.test(line)),
      );
    expect(offenders).toEqual([]);
  });
});
