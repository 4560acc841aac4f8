import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

// Issue 13 item 2: a damaged compressed log is exit 2 naming the file and the damage, with or
// without --strict, never "no records (empty file)" and never a report.

const RECORDS = Array.from({ length: 400 }, (_, i) => ({
  request_id: `r${i}`,
  ts: `2026-02-0${1 + (i % 5)}T10:00:00Z`,
  account_id: `acct_${i % 7}`,
  prompt: `question ${i} `.repeat(8),
}));

function flip(bytes: Buffer, at: number, count: number): Buffer {
  const out = Buffer.from(bytes);
  for (let k = at; k < at + count && k < out.length; k++) out[k] = out[k]! ^ 0x55;
  return out;
}

describe('damaged compressed inputs (hostile)', () => {
  let dir: string;
  let zst: Buffer;
  beforeAll(async () => {
    dir = scratchDir('da-damaged-');
    const plain = put(dir, 'src/plain.jsonl', jsonl(RECORDS));
    // Node 20 has no zstd encoder; DuckDB writes one.
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      await c.run(`COPY (SELECT * FROM read_json('${plain}')) TO '${join(dir, 'src/whole.jsonl.zst')}' (FORMAT json, COMPRESSION zstd)`);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
    zst = readFileSync(join(dir, 'src/whole.jsonl.zst'));
  });

  const gz = () => gzipSync(Buffer.from(jsonl(RECORDS)));
  const cases: [string, () => Buffer, RegExp][] = [
    [
      'a .gz with a bad checksum',
      () => {
        const b = gz();
        return flip(b, b.length - 8, 1);
      },
      /bad\.jsonl\.gz: gzip stream is corrupt \(incorrect data check\)/,
    ],
    [
      'a .gz corrupted mid-stream',
      () => {
        const b = gz();
        return flip(b, b.length >> 1, 16);
      },
      /bad\.jsonl\.gz: gzip stream is corrupt/,
    ],
    ['a truncated .zst', () => zst.subarray(0, zst.length >> 1), /bad\.jsonl\.zst: zstd stream is truncated/],
    ['a .zst corrupted mid-stream', () => flip(zst, zst.length >> 1, 16), /bad\.jsonl\.zst: zstd stream (is corrupt|is truncated)/],
  ];

  for (const [name, make, message] of cases) {
    for (const strict of [false, true]) {
      it(`exits 2 naming ${name}${strict ? ', met in a directory, with --strict' : ', named'}`, () => {
        const ext = message.source.includes('zst') ? 'zst' : 'gz';
        const file = put(dir, `${name.replace(/\W+/g, '-')}-${strict}/bad.jsonl.${ext}`, make());
        writeFileSync(join(dir, `${name.replace(/\W+/g, '-')}-${strict}/good.jsonl`), jsonl(RECORDS.slice(0, 3)));
        const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
        const run = runCli(['scan', strict ? join(file, '..') : file, '--out', out, ...(strict ? ['--strict'] : [])], { cwd: dir });
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr).not.toMatch(/empty file/);
        expect(existsSync(out)).toBe(false);
      });
    }
  }

  it('still reads a whole .zst, and two frames end to end', () => {
    const file = put(dir, 'two/x.jsonl.zst', Buffer.concat([zst, zst]));
    const run = runCli(['validate', file], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('No record rejected.');
  });
});
