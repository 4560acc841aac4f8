import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';

/**
 * The message macros (src/load/messages.sql) on the shapes they must read, each value written by
 * hand with what it must give: strings and lists of strings, OpenAI, Anthropic, Converse, Gemini
 * and OpenTelemetry shapes, attachments and tool calls, and values that hold no message. The
 * shared forms (`da_request`, `da_answer_messages`, which the loader computes once for several
 * columns) must give what the macros of one value give.
 */
const MACROS = readFileSync(fileURLToPath(new URL('../../src/load/messages.sql', import.meta.url)), 'utf8');

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await db.run(MACROS);
});
afterAll(() => db.close());

async function derive(name: string, value: unknown): Promise<string | null> {
  return db.value<string | null>(`SELECT da_${name}(da_unwrap($v::VARCHAR))`, {
    v: typeof value === 'string' && value.startsWith(' ') ? value : JSON.stringify(value),
  });
}

async function shared(name: 'user_text' | 'attachments' | 'answer_text' | 'tool_calls', value: unknown): Promise<string | null> {
  const sql =
    name === 'user_text' || name === 'attachments'
      ? `da_${name}_r(da_request(da_unwrap($v::VARCHAR)))`
      : `da_${name}_l(da_answer_messages(da_unwrap($v::VARCHAR)))`;
  return db.value<string | null>(`SELECT ${sql}`, { v: JSON.stringify(value) });
}

const OPENAI = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'first question' },
  { role: 'assistant', content: null, tool_calls: [{ function: { name: 'lookup' } }] },
  { role: 'tool', content: 'tool result' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'look at' },
      { type: 'image_url', image_url: { url: 'x' } },
      { type: 'text', text: 'this' },
    ],
  },
];
const CONVERSE = [
  { role: 'user', content: [{ text: 'converse one' }, { cachePoint: { type: 'default' } }, { image: { format: 'png' } }] },
  { role: 'assistant', content: [{ toolUse: { name: 'search' } }] },
  { role: 'user', content: [{ text: 'converse two' }, { document: { name: 'd' } }] },
];

describe('message macros', () => {
  it('take the last user turn with text as the prompt, from every message shape', async () => {
    expect(await derive('user_text', OPENAI)).toBe('look at\nthis');
    expect(await derive('user_text', CONVERSE)).toBe('converse two');
    expect(await derive('user_text', [{ parts: [{ text: 'gemini' }] }])).toBe('gemini');
    expect(await derive('user_text', [{ role: 'user', parts: [{ type: 'text', content: 'otel part' }] }])).toBe('otel part');
    expect(await derive('user_text', ['a string message', 'the last one'])).toBe('the last one');
    expect(await derive('user_text', [{ role: 'USER', content: [' blocks as', 'strings'] }])).toBe(' blocks as\nstrings');
    expect(await derive('user_text', 'a plain prompt')).toBe('a plain prompt');
    // JSON text holding the list is parsed; a user turn that is only a tool result is no prompt.
    expect(await derive('user_text', JSON.stringify(OPENAI.slice(0, 2)))).toBe('first question');
    expect(await derive('user_text', [{ role: 'user', content: [{ type: 'tool_result', content: 'r' }] }])).toBeNull();
    expect(await derive('user_text', { role: 'user', content: 'an object is no list' })).toBeNull();
    expect(await derive('user_text', [null, 5, [1], {}])).toBeNull();
    expect(await derive('user_text', ' [{"role":"user","content":"after spaces"}]')).toBe('after spaces');
  });

  it('read the system prompt, the turns and the attachments', async () => {
    expect(await derive('system_text', OPENAI)).toBe('Be brief.');
    expect(await derive('system_text', [{ text: 'sys a' }, { type: 'text', text: 'sys b' }, 'sys c'])).toBe('sys a\nsys b\nsys c');
    expect(await derive('system_text', { parts: [{ text: 'gemini system' }] })).toBe('gemini system');
    expect(await derive('system_text', 'plain system')).toBe('plain system');
    expect(await derive('system_in_messages', 'plain prompt')).toBeNull();
    expect(
      await derive('system_in_messages', [
        { role: 'developer', content: 'dev' },
        { role: 'user', content: 'u' },
      ]),
    ).toBe('dev');
    expect(await derive('turns', OPENAI)).toBe('4');
    expect(await derive('turns', 'plain')).toBeNull();
    expect(await derive('attachments', OPENAI)).toBe('1');
    expect(await derive('attachments', CONVERSE)).toBe('2');
    expect(await derive('attachments', [{ role: 'user', content: 'none' }])).toBe('0');
    expect(await derive('attachments', 'plain')).toBeNull();
  });

  it('read the answer text and the tools called from choices, candidates, content blocks and output messages', async () => {
    const choices = [
      { message: { role: 'assistant', content: 'choice text', tool_calls: [{ function: { name: 'f1' } }, { function: { name: 'f2' } }] } },
    ];
    expect(await derive('answer_text', choices)).toBe('choice text');
    expect(await derive('tool_calls', choices)).toBe('f1,f2');
    const candidates = [{ content: { role: 'model', parts: [{ text: 'candidate' }, { functionCall: { name: 'g' } }] } }];
    expect(await derive('answer_text', candidates)).toBe('candidate');
    expect(await derive('tool_calls', candidates)).toBe('g');
    // An Anthropic message, or its content list read as the answer (Bedrock InvokeModel bodies).
    const anthropic = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [
        { type: 'text', text: 'block answer' },
        { type: 'tool_use', name: 't1', input: {} },
      ],
    };
    expect(await derive('answer_text', anthropic)).toBe('block answer');
    expect(await derive('tool_calls', anthropic)).toBe('t1');
    expect(await derive('answer_text', anthropic.content)).toBe('block answer');
    expect(await derive('tool_calls', anthropic.content)).toBe('t1');
    expect(
      await derive('tool_calls', [
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'x' }] },
        { type: 'function_call', name: 'r1', arguments: '{}' },
      ]),
    ).toBe('r1');
    const converse = { role: 'assistant', content: [{ text: 'converse answer' }, { toolUse: { name: 't2' } }] };
    expect(await derive('answer_text', converse)).toBe('converse answer');
    expect(await derive('tool_calls', converse)).toBe('t2');
    expect(await derive('answer_text', [{ text: 'completion' }, { outputText: 'titan' }])).toBe('completion\ntitan');
    expect(await derive('answer_text', 'plain answer')).toBe('plain answer');
    expect(await derive('tool_calls', [{ message: { role: 'assistant', content: null, function_call: { name: 'legacy' } } }])).toBe(
      'legacy',
    );
    expect(await derive('tool_calls', 'plain answer')).toBeNull();
    expect(
      await derive('tool_names', [
        { type: 'function', function: { name: 'a' } },
        { toolSpec: { name: 'b' } },
        { functionDeclarations: [{ name: 'c' }] },
      ]),
    ).toBe('a,b,c');
  });

  it('give from the shared forms what they give from the value itself', async () => {
    const values: unknown[] = [
      OPENAI,
      CONVERSE,
      'plain',
      ['s1', 's2'],
      { role: 'user', content: 'object' },
      [null, {}],
      [],
      5,
      [{ message: { role: 'assistant', content: 'm', tool_calls: [{ function: { name: 'x' } }] } }],
      { candidates: [] },
    ];
    for (const value of values) {
      for (const name of ['user_text', 'attachments', 'answer_text', 'tool_calls'] as const) {
        expect(await shared(name, value), `${name} of ${JSON.stringify(value)}`).toBe(await derive(name, value));
      }
    }
  });
});
