import { describe, expect, it } from 'vitest';
import { loadAll } from '../../src/load/index.js';
import { readMapFile } from '../../src/load/map-file.js';
import { parsePath } from '../../src/load/source.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('da-map-paths-');

async function load(file: string, map?: object) {
  const ctx = await testContext({
    paths: [file],
    map: map ? put(dir, `map-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(map)) : undefined,
  });
  try {
    const files = await loadAll(ctx);
    const rows = await ctx.db.all<Record<string, unknown>>(
      'SELECT request_id, account_id, prompt, response, model FROM loaded_exchanges ORDER BY source_line',
    );
    return { files, rows };
  } finally {
    ctx.db.close();
  }
}

describe('--map paths', () => {
  it('reads paths with indexes, keys in brackets, $. and JSON Pointer', () => {
    expect(parsePath('messages[-1].content')).toEqual(['messages', -1, 'content']);
    expect(parsePath('choices[0].message.content')).toEqual(['choices', 0, 'message', 'content']);
    expect(parsePath('span.attributes["user.id"]')).toEqual(['span', 'attributes', 'user.id']);
    expect(parsePath('$.a.b')).toEqual(['a', 'b']);
    expect(parsePath('/odd"name/x')).toEqual(['odd"name', 'x']);
  });

  it('refuses wildcards, empty steps and leading dots with exit 2 naming the column', () => {
    for (const [bad, why] of [
      ['*', 'wildcards'],
      ['a..b', 'empty step'],
      ['.a', 'cannot start with a dot'],
      ['$..*', 'wildcards'],
      ['a[x]', 'a bracket holds'],
      ['a.', 'cannot end'],
    ]) {
      const file = put(dir, `bad-${why.replace(/\W/g, '')}.json`, JSON.stringify({ prompt: bad }));
      expect(() => readMapFile(file), bad).toThrow(expect.objectContaining({ code: 'map-invalid', message: expect.stringContaining(why) }));
    }
  });

  it('indexes arrays, reads into JSON text, takes the first non-empty candidate and keeps only the rows the filter names', async () => {
    const file = put(
      dir,
      'gen.jsonl',
      jsonl([
        {
          id: 'g1',
          type: 'GENERATION',
          start_time: '2025-01-01T00:00:00Z',
          meta: '{"user": {"id": "u1"}}',
          input: '[{"role":"user","content":"first"},{"role":"user","content":"last one"}]',
          output: { choices: [{ message: { content: 'answer' } }] },
        },
        { id: 's1', type: 'SPAN', start_time: '2025-01-01T00:00:01Z', meta: '{}' },
        {
          id: 'g2',
          type: 'GENERATION',
          start_time: '2025-01-01T00:00:02Z',
          meta: '{}',
          fallback_user: 'u2',
          input: '[]',
          output: { choices: [] },
        },
      ]),
    );
    const { files, rows } = await load(file, {
      request_id: 'id',
      ts: 'start_time',
      account_id: ['meta.user.id', 'fallback_user'],
      prompt: 'input[-1].content',
      response: 'output.choices[0].message.content',
      where: { type: 'GENERATION' },
    });
    expect([files[0]!.records, files[0]!.loaded, files[0]!.rejected, files[0]!.filtered]).toEqual([3, 2, 0, 1]);
    expect(rows).toEqual([
      { request_id: 'g1', account_id: 'u1', prompt: 'last one', response: 'answer', model: null },
      { request_id: 'g2', account_id: 'u2', prompt: null, response: null, model: null },
    ]);
  });

  it('derives text from messages by name: user_text(...)', async () => {
    const file = put(
      dir,
      'derive.jsonl',
      jsonl([
        {
          id: 'd1',
          ts: '2025-01-01T00:00:00Z',
          org: 'o1',
          req: {
            messages: [
              {
                role: 'user',
                content: [
                  { type: 'text', text: 'hi' },
                  { type: 'text', text: 'there' },
                ],
              },
            ],
          },
        },
      ]),
    );
    const { rows } = await load(file, { account_id: 'org', prompt: 'user_text(req.messages)' });
    expect(rows.map((r) => r.prompt)).toEqual(['hi\nthere']);
  });

  it('auto-picks an account column that holds values over an alias that is empty on every row (LiteLLM CSV case)', async () => {
    const file = put(
      dir,
      'spend.csv',
      'request_id,startTime,organization_id,user\nr1,2025-01-01 00:00:00,,alice\nr2,2025-01-01 00:00:01,,bob\n',
    );
    const { files, rows } = await load(file);
    expect(files[0]!.mapping.account_id).toBe('user');
    expect(rows.map((r) => r.account_id)).toEqual(['alice', 'bob']);
  });

  it('a --map naming a field no record has: every record rejected, exit 2 naming the file, the reason and the fields seen', async () => {
    const file = put(
      dir,
      'nofield.jsonl',
      jsonl([
        { id: 'x1', ts: '2025-01-01T00:00:00Z', org: 'o' },
        { id: 'x2', ts: '2025-01-01T00:00:01Z', org: 'o' },
      ]),
    );
    await expect(load(file, { account_id: 'organisation' })).rejects.toThrow(
      expect.objectContaining({
        code: 'input-all-rejected',
        file,
        message:
          'all 2 record(s) rejected, none loaded; most frequent reasons: missing account_id (organisation absent or empty) (2). Format: generic (jsonl). ' +
          'Fields its records have: id, ts, org. Name the right fields with --map (see distill-audit schema) or the export profile with --format.',
      }),
    );
  });
});
