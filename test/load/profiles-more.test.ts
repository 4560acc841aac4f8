import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAll } from '../../src/load/index.js';
import { detectProfile, PROFILES } from '../../src/load/profiles.js';
import { testContext } from '../helpers/context.js';
import { put, scratchDir } from '../helpers/scratch.js';

/**
 * The export profiles of seven systems, each on its own fixture (fixtures/exports/<profile>/,
 * records built from the system's documented schema, sources in the fixture's README): a load
 * WITHOUT --map detects the profile and loads every exchange with its caller and the prompt as
 * plain text, exactly as the fixture's expected.json says.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const MINE = [
  'helicone',
  'langfuse-observations',
  'portkey',
  'cloudflare-ai-gateway',
  'openrouter-activity',
  'azure-apim-llm',
  'vertex-request-response',
];
const COLUMNS = [
  'request_id',
  'ts',
  'account_id',
  'api_key_id',
  'ip',
  'user_agent',
  'country',
  'conversation_id',
  'model',
  'input_tokens',
  'output_tokens',
  'prompt',
  'system_prompt',
  'response',
  'tools',
  'tool_calls',
  'turns',
  'attachments',
  'status',
] as const;

type Row = Record<(typeof COLUMNS)[number], string | number | null>;
interface Expected {
  profile: string;
  files: Record<string, Row[]>;
  non_exchange_rows?: number;
  llm_log_rows?: number;
  gateway_rows_without_llm_log?: number;
}

const dataFiles = (profile: string) =>
  readdirSync(join(FIXTURES, profile))
    .filter((f) => f !== 'expected.json' && f !== 'README.md')
    .sort();
const expectedOf = (profile: string): Expected => JSON.parse(readFileSync(join(FIXTURES, profile, 'expected.json'), 'utf8')) as Expected;

async function load(profile: string) {
  const ctx = await testContext({ paths: dataFiles(profile).map((f) => join(FIXTURES, profile, f)) });
  const results = await loadAll(ctx);
  const rows = await ctx.db.all<Row & { source_file: string }>(
    `SELECT ${COLUMNS.map((c) => (c === 'ts' ? `strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS ts` : c)).join(', ')}, source_file
       FROM loaded_exchanges ORDER BY source_file, source_line`,
  );
  const quarantined = await ctx.db.value<number>('SELECT count(*) FROM quarantine');
  ctx.db.close();
  return { results, rows, quarantined };
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

describe('export profiles: helicone, langfuse, portkey, cloudflare, openrouter, azure apim, vertex', () => {
  for (const profile of MINE) {
    it(`${profile}: every fixture file is detected as ${profile} and loads every exchange as expected.json says`, async () => {
      const expected = expectedOf(profile);
      const { results, rows, quarantined } = await load(profile);
      expect(quarantined).toBe(0);
      for (const [file, want] of Object.entries(expected.files)) {
        const result = results.find((r) => r.path.endsWith(file))!;
        expect(result.profile).toBe(profile);
        expect(result.loaded).toBe(want.length);
        expect(result.rejected).toBe(0);
        const got = rows.filter((r) => r.source_file.endsWith(file)).map((r) => Object.fromEntries(COLUMNS.map((c) => [c, text(r[c])])));
        // Logpush has no log id: the loader's hash stands in, which expected.json leaves open.
        const wanted = want.map((w) =>
          Object.fromEntries(
            COLUMNS.map((c) => [c, c === 'request_id' && w[c] === null ? (got[want.indexOf(w)]?.request_id ?? null) : text(w[c])]),
          ),
        );
        expect(got).toEqual(wanted);
        for (const r of got) {
          expect(r.account_id).not.toBeNull();
          expect(r.request_id).not.toBeNull();
          // The prompt arrives as plain text, never as the JSON it was held in.
          if (r.prompt !== null) expect(r.prompt).not.toMatch(/^\s*[[{]/);
        }
      }
      if (profile === 'langfuse-observations') {
        // Only GENERATION rows are exchanges; the SPAN / EVENT / AGENT / TOOL / CHAIN rows are counted, not loaded.
        // The same export as JSON Lines, Parquet and CSV (objects and arrays as JSON text) gives the same exchanges.
        expect(results.map((r) => [r.format, r.records, r.filtered])).toEqual([
          ['jsonl', 12, expected.non_exchange_rows],
          ['parquet', 12, expected.non_exchange_rows],
          ['csv', 12, expected.non_exchange_rows],
        ]);
      }
    });
  }

  it('azure-apim-llm: messages over 32 KB, logged in 32 KB chunks with sequence numbers, are put back together in order', async () => {
    // "Messages larger than 32 KB are split and logged in 32 KB chunks with sequence numbers for
    // later reconstruction" (MicrosoftDocs azure-docs api-management-howto-llm-logs.md).
    const [usage, request, response] = (
      JSON.parse(readFileSync(join(FIXTURES, 'azure-apim-llm', 'ApiManagementGatewayLlmLog.json'), 'utf8')) as Record<string, string>[]
    ).slice(0, 3);
    const question = Array.from({ length: 1400 }, (_, i) => `clause ${i} of the contract to summarise;`).join(' ');
    const messages = JSON.stringify([
      { role: 'system', content: 'You are a contracts assistant.' },
      { role: 'user', content: question },
    ]);
    const answer = Array.from({ length: 900 }, (_, i) => `point ${i} holds;`).join(' ');
    const reply = JSON.stringify([{ role: 'assistant', content: answer }]);
    const cut = (text: string) => Array.from({ length: Math.ceil(text.length / 32768) }, (_, i) => text.slice(i * 32768, (i + 1) * 32768));
    const requestChunks = cut(messages);
    const responseChunks = cut(reply);
    expect([requestChunks.length, responseChunks.length]).toEqual([2, 1]);
    // The rows in an order other than their sequence numbers: the numbers decide.
    const rows = [
      { ...request!, SequenceNumber: '2', RequestMessages: requestChunks[1]! },
      { ...usage! },
      { ...response!, SequenceNumber: '3', ResponseMessages: responseChunks[0]! },
      { ...request!, SequenceNumber: '1', RequestMessages: requestChunks[0]! },
    ];
    const file = put(scratchDir(), 'ApiManagementGatewayLlmLog.json', JSON.stringify(rows, null, 2));
    const ctx = await testContext({ paths: [file] });
    const [result] = await loadAll(ctx);
    const got = await ctx.db.all<{ prompt: string; system_prompt: string; response: string; turns: number; input_tokens: number }>(
      'SELECT prompt, system_prompt, response, turns, input_tokens FROM loaded_exchanges',
    );
    ctx.db.close();
    expect([result!.profile, result!.records, result!.paired, result!.loaded, result!.rejected]).toEqual(['azure-apim-llm', 4, 3, 1, 0]);
    expect(got).toEqual([
      {
        prompt: question,
        system_prompt: 'You are a contracts assistant.',
        response: answer,
        turns: 1,
        input_tokens: Number(usage!.PromptTokens),
      },
    ]);
  });

  it('azure-apim-llm: the LLM log rows of one CorrelationId become one exchange, empty members erasing nothing; the gateway log joins in caller and IP; alone, the LLM log keeps the APIM instance as its only caller', async () => {
    const expected = expectedOf('azure-apim-llm');
    const { results } = await load('azure-apim-llm');
    const llm = results.find((r) => r.path.endsWith('ApiManagementGatewayLlmLog.json'))!;
    const gateway = results.find((r) => r.path.endsWith('ApiManagementGatewayLogs.json'))!;
    expect([llm.records, llm.paired, llm.loaded]).toEqual([expected.llm_log_rows, expected.llm_log_rows! - 6, 6]);
    expect([gateway.profile, gateway.records, gateway.filtered, gateway.loaded]).toEqual(['azure-apim-gateway', 7, 7, 0]);

    const ctx = await testContext({ paths: [join(FIXTURES, 'azure-apim-llm', 'ApiManagementGatewayLlmLog.json')] });
    await loadAll(ctx);
    const alone = await ctx.db.all<{ account_id: string; ip: string | null; input_tokens: number }>(
      'SELECT account_id, ip, input_tokens FROM loaded_exchanges ORDER BY source_line',
    );
    ctx.db.close();
    expect(alone.map((r) => [r.account_id.split('/').pop(), r.ip, r.input_tokens])).toEqual(
      expected.files['ApiManagementGatewayLlmLog.json']!.map((w) => ['CONTOSO-AI-APIM', null, w.input_tokens]),
    );
  });

  it("detection: each fixture names its own profile and no other profile's detection set is taken by one of these", () => {
    for (const other of PROFILES.filter((p) => !MINE.includes(p.name))) {
      for (const set of other.detect) expect(detectProfile(new Set(set.map((f) => f.toLowerCase())))?.profile.name).toBe(other.name);
    }
    for (const mine of PROFILES.filter((p) => MINE.includes(p.name))) {
      for (const set of mine.detect) expect(detectProfile(new Set(set.map((f) => f.toLowerCase())))?.profile.name).toBe(mine.name);
    }
  });
});
