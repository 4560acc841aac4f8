import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';

/**
 * The typed fast form of a request's messages (`da_typed_messages`, `da_request_t` in
 * src/load/messages.sql) must give exactly what the macros give (`da_request`): compared on every
 * JSON value of every export fixture (each object and list at any depth, JSON text parsed, the
 * Bedrock records' `input.inputBodyJson.messages` among them) and on hand-made odd shapes. The
 * whole list of messages is compared (role, text, attachments, calls), and the prompt and the
 * attachment count derived from it; the answer's messages, text and tool calls; the system prompt.
 */
const MACROS = readFileSync(fileURLToPath(new URL('../../src/load/messages.sql', import.meta.url)), 'utf8');
const EXPORTS = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await db.run(MACROS);
});
afterAll(() => db.close());

/** Every object and list in `v` at any depth, strings holding JSON parsed. */
function walk(v: unknown, out: unknown[]): void {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        walk(JSON.parse(t), out);
      } catch {
        // not JSON text
      }
    }
    return;
  }
  if (v === null || typeof v !== 'object') return;
  out.push(v);
  for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, out);
}

function fixtureValues(dir = EXPORTS, out: unknown[] = []): unknown[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      fixtureValues(path, out);
      continue;
    }
    if (!/\.(json|jsonl|json\.gz|jsonl\.gz)$/.test(entry.name)) continue;
    const text = entry.name.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8');
    try {
      walk(JSON.parse(text), out);
    } catch {
      for (const line of text.split('\n')) if (line.trim()) walk(line, out);
    }
  }
  return out;
}

const ODD: unknown[] = [
  [{ role: 'user', content: [{ text: 'converse' }] }],
  [{ role: 'user', content: [{ type: 'text', text: 'anthropic' }] }],
  [
    { role: 'user', content: [{ text: 'a' }] },
    { role: 'assistant', content: [{ text: 'b' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'one' },
        { type: 'text', text: '' },
        { type: 'text', text: 'two' },
      ],
    },
  ],
  [{ role: 'USER', content: [{ text: 'upper-case role' }] }],
  [{ role: 'Human', content: [{ text: 'human' }] }],
  [
    { role: 'system', content: [{ text: 'sys' }] },
    { role: 'developer', content: [{ text: 'dev' }] },
  ],
  [{ role: 'user', content: [] }],
  [{ role: 'user', content: [{ text: '' }] }],
  [
    {
      role: 'user',
      content: [
        { type: 'image', text: 'x' },
        { type: 'document', text: 'y' },
        { type: 'tool_use', text: 'z' },
      ],
    },
  ],
  [
    {
      role: 'user',
      content: [
        { type: 'input_text', text: 'i' },
        { type: 'output_text', text: 'o' },
        { type: 'TEXT', text: 'T' },
      ],
    },
  ],
  [{ role: 'user', content: [{ text: 'escapes \n \t " \\ / \u00e9 \u2028 \ud83d\ude00 \u0001' }] }],
  [{ role: 'user', content: [{ text: 'null' }] }],
  [{ role: 'user', content: [{ text: 'a', type: 'text' }] }],
  [{ content: [{ text: 'no role' }], role: 'user' }],
  [{ Role: 'user', content: [{ text: 'case' }] }],
  [{ role: 'user', Content: [{ text: 'case' }] }],
  [{ role: 'user', content: [{ Text: 'case' }] }],
  [{ role: 'user', content: [{ TYPE: 'image', text: 'case' }] }],
  [{ role: 'user', content: 'a string content' }],
  [{ role: 'user', content: [{ text: 5 }] }],
  [{ role: 'user', content: [{ text: 1.5e300 }] }],
  [{ role: 'user', content: [{ text: true }] }],
  [{ role: 5, content: [{ text: 'numeric role' }] }],
  [{ role: 'user', content: [{ text: { nested: 'x' } }] }],
  [{ role: 'user', content: [{ text: ['x'] }] }],
  [{ role: 'user', content: [{ text: null }] }],
  [{ role: null, content: [{ text: 'x' }] }],
  [{ role: 'user', content: null }],
  [{ role: 'user', content: [null] }],
  [null],
  [{ role: 'user', content: ['a string block'] }],
  ['a string message'],
  [{ role: 'user' }],
  [{ content: [{ text: 'x' }] }],
  [{}],
  [],
  [{ role: 'user', content: [{}] }],
  [{ role: 'user', content: [{ text: 'x', image: { format: 'png' } }] }],
  [{ role: 'user', content: [{ text: 'x' }, { toolUse: { name: 't' } }] }],
  [{ role: 'user', content: [{ type: 'tool_use', name: 'n', text: 'x' }] }],
  [{ role: 'user', content: [{ text: 'x' }], name: 'n' }],
  [{ role: 'user', content: [{ text: 'x' }], tool_calls: [{ function: { name: 'f' } }] }],
  [{ role: 'user', content: [{ text: 'x' }], type: 'tool_use' }],
  [{ role: 'user', content: [[{ text: 'x' }]] }],
  [[{ role: 'user', content: [{ text: 'x' }] }]],
  { role: 'user', content: [{ text: 'an object' }] },
  { role: 'assistant', content: [{ text: 'converse answer' }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'a' },
      { type: 'tool_use', text: 'b' },
      { type: 'image', text: '' },
    ],
  },
  { role: 'assistant', content: [{ text: 'x' }, { toolUse: { name: 'search' } }] },
  { role: 'assistant', content: [{ text: 'x' }], message: { role: 'assistant', content: 'inner' } },
  { content: { role: 'model', parts: [{ text: 'gemini' }] } },
  { Role: 'assistant', content: [{ text: 'case' }] },
  { role: 'assistant', content: 'a string answer' },
  { role: 'assistant', content: null },
  { role: 'assistant', content: [] },
  {},
  [
    { type: 'text', text: 'anthropic answer' },
    { type: 'text', text: '' },
    { type: 'text', text: 'two' },
  ],
  [{ type: 'tool_use', id: 't1', name: 'lookup', input: {} }],
  [{ type: 'tool_use', text: 'no name' }],
  [{ type: 'image', text: 'typed image block' }],
  [{ text: 'untyped block' }],
  [{ type: 'text', text: 5 }],
  [{ Type: 'text', text: 'case' }],
  [{ type: 'text', text: 'x', name: 'n' }],
  [{ message: { role: 'assistant', content: 'choice' } }],
  [{ type: 'text' }],
  [{ text: 'system one' }, { text: '' }, { text: 'system two' }],
  [{ text: 'system' }, { cachePoint: { type: 'default' } }],
  [{ text: 'system', type: 'text' }],
  [{ Text: 'case' }],
  [{ text: 7 }],
  [{ role: 'system', text: 'x' }],
  'a string',
];

/** Values whose typed form differs from the macros' form, and how many took the typed form. */
async function compare(values: readonly unknown[]): Promise<{ differ: unknown[]; typed: number; answers: number; systems: number }> {
  const rows = await db.all<{ i: number | bigint; typed: boolean; answer: boolean; system: boolean; same: boolean; derived: boolean }>(
    `SELECT i, da_typed_same(u, t) AS typed, da_typed_same(u, a.o) OR da_typed_same(u, a.b) AS answer, da_typed_same(u, s) AS system,
       to_json(da_request_t(u, t)) IS NOT DISTINCT FROM to_json(da_request(u))
         AND to_json(da_answer_t(u, a)) IS NOT DISTINCT FROM to_json(da_answer_messages(u)) AS same,
       da_user_text_r(da_request_t(u, t)) IS NOT DISTINCT FROM da_user_text_r(da_request(u))
         AND da_attachments_r(da_request_t(u, t)) IS NOT DISTINCT FROM da_attachments_r(da_request(u))
         AND da_answer_text_l(da_answer_t(u, a)) IS NOT DISTINCT FROM da_answer_text(u)
         AND da_tool_calls_l(da_answer_t(u, a)) IS NOT DISTINCT FROM da_tool_calls(u)
         AND da_system_text_t(u, s) IS NOT DISTINCT FROM da_system_text(u) AS derived
     FROM (SELECT i, u, da_typed_messages(u) AS t, da_typed_answer(u) AS a, da_typed_system(u) AS s
           FROM (SELECT i, da_unwrap(v) AS u FROM unnest(json_transform($all, '["VARCHAR"]')) WITH ORDINALITY AS x(v, i)))
     ORDER BY i`,
    { all: JSON.stringify(values.map((v) => JSON.stringify(v))) },
  );
  expect(rows.length).toBe(values.length);
  return {
    differ: rows.filter((r) => !r.same || !r.derived).map((r) => values[Number(r.i) - 1]),
    typed: rows.filter((r) => r.typed).length,
    answers: rows.filter((r) => r.answer).length,
    systems: rows.filter((r) => r.system).length,
  };
}

describe('typed request messages', () => {
  it('give what the macros give on every fixture value', async () => {
    const values = fixtureValues();
    expect(values.length).toBeGreaterThan(1000);
    const { differ, typed, answers, systems } = await compare(values);
    expect(differ).toEqual([]);
    expect(systems).toBeGreaterThan(5);
    // The Bedrock fixtures' Converse and Anthropic messages take the typed forms.
    expect(typed).toBeGreaterThan(10);
    expect(answers).toBeGreaterThan(10);
  });

  it('give what the macros give on an absent value (SQL NULL)', async () => {
    const row = await db.all<{ same: boolean }>(
      `SELECT to_json(da_request_t(u, da_typed_messages(u))) IS NOT DISTINCT FROM to_json(da_request(u))
         AND to_json(da_answer_t(u, da_typed_answer(u))) IS NOT DISTINCT FROM to_json(da_answer_messages(u))
         AND da_system_text_t(u, da_typed_system(u)) IS NOT DISTINCT FROM da_system_text(u) AS same
       FROM (SELECT CAST(NULL AS VARCHAR) AS u)`,
    );
    expect(row[0]!.same).toBe(true);
  });

  it('give what the macros give on odd shapes, and take the typed form only where the structs are the value', async () => {
    const { differ } = await compare(ODD);
    expect(differ).toEqual([]);
    const typedOf = async (v: unknown) =>
      db.value<boolean>('SELECT da_typed_same(u, da_typed_messages(u)) FROM (SELECT da_unwrap($v::VARCHAR) AS u)', {
        v: JSON.stringify(v),
      });
    expect(await typedOf(ODD[0])).toBe(true);
    expect(await typedOf(ODD[1])).toBe(true);
    expect(await typedOf(ODD[2])).toBe(true);
    for (const odd of [ODD[11], ODD[14], ODD[15], ODD[16], ODD[17], ODD[19], ODD[22], ODD[25], ODD[26], ODD[37], ODD[39]]) {
      expect(await typedOf(odd)).toBe(false);
    }
  });
});
