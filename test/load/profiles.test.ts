import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadAll } from '../../src/load/index.js';
import { PROFILES } from '../../src/load/profiles.js';
import { testContext } from '../helpers/context.js';
import { put, scratchDir } from '../helpers/scratch.js';

/** Loads fixture files with no --map and returns the inputs rows and the loaded exchanges. */
async function load(paths: string[], options: Record<string, unknown> = {}) {
  const ctx = await testContext({ paths, ...options });
  try {
    const files = await loadAll(ctx);
    const rows = await ctx.db.all<Record<string, unknown>>(
      `SELECT request_id, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts, account_id, api_key_id, ip, model, input_tokens, output_tokens, max_tokens, temperature,
              prompt, system_prompt, response, conversation_id, tools, tool_calls, turns, attachments, status, source_file, source_line
         FROM loaded_exchanges ORDER BY source_file, source_line`,
    );
    return { files, rows };
  } finally {
    ctx.db.close();
  }
}

const counts = (f: { records: number; loaded: number; rejected: number; duplicates: number; filtered: number; paired: number }) => [
  f.records,
  f.loaded,
  f.rejected,
  f.duplicates,
  f.filtered,
  f.paired,
];

describe('export profiles, detected from content, no --map', () => {
  it('bedrock-invocation: S3 gzip objects with Converse and InvokeModel bodies (Anthropic, Nova, Llama, Titan); caller from identity.arn', async () => {
    const { files, rows } = await load(['fixtures/exports/bedrock-invocation/s3-invocations.json.gz']);
    expect(files.map((f) => [f.profile, f.caller, ...counts(f)])).toEqual([
      ['bedrock-invocation', 'identity.arn (role session)', 5, 5, 0, 0, 0, 0],
    ]);
    expect(
      rows.map((r) => [
        r.account_id,
        r.model,
        r.prompt,
        r.system_prompt,
        r.response,
        r.turns,
        r.attachments,
        r.tools,
        r.tool_calls,
        r.max_tokens,
        r.temperature,
      ]),
    ).toEqual([
      [
        'arn:aws:sts::111122223333:assumed-role/BedrockCaller/analyst-7',
        'anthropic.claude-3-5-sonnet-20240620-v1:0',
        'Explain your reasoning step by step.\nThen give the trend.',
        'You are a careful analyst.',
        'First, the line rises.',
        3,
        1,
        'get_series',
        'get_series',
        512,
        0.2,
      ],
      [
        'arn:aws:sts::111122223333:assumed-role/BedrockCaller/batch-runner',
        'anthropic.claude-3-haiku-20240307-v1:0',
        'What is the capital of Peru?',
        'Answer in French.',
        'La capitale du Pérou est Lima.',
        1,
        0,
        null,
        null,
        300,
        0.7,
      ],
      [
        'arn:aws:sts::111122223333:assumed-role/BedrockCaller/analyst-7',
        'amazon.nova-lite-v1:0',
        'List three prime numbers.',
        'Be terse.',
        '2, 3, 5',
        1,
        0,
        null,
        null,
        100,
        0.3,
      ],
      [
        'arn:aws:iam::111122223333:user/ci-bot',
        'meta.llama3-8b-instruct-v1:0',
        'Translate to German: good morning',
        null,
        'Guten Morgen',
        null,
        null,
        null,
        null,
        64,
        0.5,
      ],
      [
        'arn:aws:sts::111122223333:assumed-role/BedrockCaller/batch-runner',
        'amazon.titan-text-express-v1',
        'Write a haiku about rain.',
        null,
        'Soft rain on the roof',
        null,
        null,
        null,
        null,
        80,
        0.9,
      ],
    ]);
    expect(rows.map((r) => [r.request_id, r.ts, r.input_tokens, r.output_tokens, r.status])[0]).toEqual([
      '4f3c1e2a-0000-4000-8000-000000000001',
      '2025-06-02T09:01:00',
      1201,
      64,
      'tool_use',
    ]);
  });

  it('bedrock-invocation: an InvokeModel Anthropic answer gives its text and the tools its tool_use blocks call', async () => {
    const record = {
      schemaType: 'ModelInvocationLog',
      schemaVersion: '1.0',
      timestamp: '2025-06-02T09:02:00Z',
      accountId: '111122223333',
      identity: { arn: 'arn:aws:sts::111122223333:assumed-role/BedrockCaller/x' },
      region: 'us-east-1',
      requestId: 'r-inv-1',
      operation: 'InvokeModel',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      input: {
        inputContentType: 'application/json',
        inputBodyJson: {
          anthropic_version: 'bedrock-2023-05-31',
          max_tokens: 300,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }],
          tools: [{ name: 'get_weather', input_schema: {} }],
        },
        inputTokenCount: 21,
      },
      output: {
        outputContentType: 'application/json',
        outputBodyJson: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'tu1', name: 'get_weather', input: {} },
          ],
          stop_reason: 'tool_use',
        },
        outputTokenCount: 11,
      },
    };
    const { rows } = await load([put(scratchDir(), 'invoke.jsonl', JSON.stringify(record) + '\n')]);
    expect(rows.map((r) => [r.prompt, r.response, r.tools, r.tool_calls, r.status])).toEqual([
      ['Weather?', 'Checking.', 'get_weather', 'get_weather', 'tool_use'],
    ]);
  });

  it('bedrock-invocation: CloudWatch Logs events, the record held as JSON text in message', async () => {
    const { files, rows } = await load(['fixtures/exports/bedrock-invocation/cloudwatch-events.jsonl']);
    expect(files.map((f) => [f.profile, f.caller, ...counts(f)])).toEqual([
      ['bedrock-invocation', 'message.identity.arn (role session)', 2, 2, 0, 0, 0, 0],
    ]);
    expect(rows.map((r) => [r.request_id, r.account_id, r.prompt])).toEqual([
      [
        '4f3c1e2a-1111-4000-8000-000000000001',
        'arn:aws:sts::111122223333:assumed-role/BedrockCaller/analyst-7',
        'Explain your reasoning step by step.\nThen give the trend.',
      ],
      [
        '4f3c1e2a-1111-4000-8000-000000000002',
        'arn:aws:sts::111122223333:assumed-role/BedrockCaller/batch-runner',
        'What is the capital of Peru?',
      ],
    ]);
  });

  for (const file of ['spendlogs.csv', 'spendlogs.json']) {
    it(`litellm-spendlogs (${file}): request body and response as JSON text, end user before key, requester IP`, async () => {
      const { files, rows } = await load([`fixtures/exports/litellm-spendlogs/${file}`]);
      expect(files.map((f) => [f.profile, f.caller, ...counts(f)])).toEqual([
        ['litellm-spendlogs', 'end_user (end user) 1 of 2; api_key (key) 1 of 2', 2, 2, 0, 0, 0, 0],
      ]);
      expect(
        rows.map((r) => [
          r.ts,
          r.account_id,
          r.ip,
          r.model,
          r.prompt,
          r.system_prompt,
          r.response,
          r.turns,
          r.attachments,
          r.tools,
          r.tool_calls,
          r.conversation_id,
          r.input_tokens,
        ]),
      ).toEqual([
        [
          '2025-05-20T14:03:11',
          'customer-42',
          '198.51.100.23',
          'gpt-4o',
          'Derive the quadratic formula.',
          'You are a tutor.',
          'Start from ax^2+bx+c=0.',
          1,
          0,
          null,
          null,
          'sess-u-alice',
          25,
        ],
        [
          '2025-05-20T14:05:00',
          '1f2e3d4c5b6a79880716253443526170f0e1d2c3b4a5968778695a4b3c2d1e0f',
          '203.0.113.77',
          'claude-3-5-sonnet',
          'What breed is it?',
          null,
          null,
          3,
          1,
          'lookup_breed',
          'lookup_breed',
          'sess-u-bob',
          310,
        ],
      ]);
    });
  }

  for (const file of ['traces.json', 'traces.jsonl']) {
    it(`otlp-genai (${file}): spans out of resourceSpans, attributes as key/value lists, only GenAI operations are exchanges`, async () => {
      const { files, rows } = await load([`fixtures/exports/otlp-genai/${file}`]);
      expect(files.map((f) => [f.profile, f.caller, ...counts(f)])).toEqual([
        ['otlp-genai', 'span.attributes["user.id"] (end user)', 3, 2, 0, 0, 1, 0],
      ]);
      expect(
        rows.map((r) => [
          r.ts,
          r.account_id,
          r.model,
          r.prompt,
          r.system_prompt,
          r.response,
          r.turns,
          r.attachments,
          r.tools,
          r.tool_calls,
          r.input_tokens,
          r.output_tokens,
          r.max_tokens,
          r.conversation_id,
        ]),
      ).toEqual([
        [
          '2025-05-28T11:00:00',
          'user-314',
          'gpt-4o-mini',
          'Summarise the causes of the 1929 crash.',
          'You are a historian.',
          'Speculation, margin debt and bank failures.',
          1,
          0,
          null,
          null,
          48,
          21,
          256,
          'conv-9',
        ],
        [
          '2025-05-28T11:00:01',
          'user-271',
          'gpt-4o-mini',
          'And tomorrow?',
          null,
          null,
          4,
          1,
          'get_weather',
          'get_weather',
          48,
          21,
          256,
          null,
        ],
      ]);
    });
  }

  it('openai-pairs: Batch API input and output lines paired by custom_id, one exchange each', async () => {
    const { files, rows } = await load(['fixtures/exports/openai-pairs/batch.jsonl']);
    expect(files.map((f) => [f.profile, f.caller, ...counts(f)])).toEqual([
      ['openai-pairs', 'body.safety_identifier (end user) 1 of 4; body.user (end user) 1 of 4', 4, 2, 0, 0, 0, 2],
    ]);
    expect(
      rows.map((r) => [
        r.request_id,
        r.ts,
        r.account_id,
        r.prompt,
        r.system_prompt,
        r.response,
        r.attachments,
        r.input_tokens,
        r.source_line,
      ]),
    ).toEqual([
      [
        'req-001',
        '2025-05-29T06:28:10',
        'tenant-a:user-1',
        'Why is the sky blue?',
        'Reply with one sentence.',
        'Shorter wavelengths scatter more.',
        0,
        22,
        1,
      ],
      ['req-002', '2025-05-29T06:28:20', 'hash-7c1e', 'Transcribe this receipt.', null, 'Total: 12.40 EUR', 1, 820, 2],
    ]);
  });

  it("openai-pairs: request and response lines of a gateway log, the request row's time kept", async () => {
    const { files, rows } = await load(['fixtures/exports/openai-pairs/gateway-pairs.jsonl']);
    expect(files.map((f) => counts(f))).toEqual([[4, 2, 0, 0, 0, 2]]);
    expect(rows.map((r) => [r.request_id, r.ts, r.account_id, r.prompt, r.response, r.output_tokens])).toEqual([
      ['gw-1', '2025-05-29T08:00:00', 'acct-55', 'Name the largest moon of Saturn.', 'Titan.', 3],
      ['gw-2', '2025-05-29T08:00:01', 'acct-56', 'Count to three.', 'One, two, three.', 6],
    ]);
  });

  it('--format overrides detection, and a name that is no profile is a usage error', async () => {
    const { files } = await load(['fixtures/exports/litellm-spendlogs/spendlogs.csv'], { format: 'generic' });
    expect(files[0]!.profile).toBe('generic');
    await expect(load(['fixtures/exports/litellm-spendlogs/spendlogs.csv'], { format: 'nope' })).rejects.toThrow(
      /--format nope: not a profile/,
    );
  });

  it('every profile names its caller order, what it lacks, and only canonical columns', () => {
    for (const p of PROFILES) {
      expect(p.caller.length, p.name).toBeGreaterThan(0);
      expect(p.lacks.length, p.name).toBeGreaterThan(0);
    }
    expect(UserError).toBeDefined();
  });
});
