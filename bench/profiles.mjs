// The export-profile read's speed (issue 12): loading a Bedrock model invocation log (JSON Lines,
// Converse and InvokeModel bodies, the prompt made text in SQL) must take at most 2x a bare DuckDB
// read_json -> Parquet COPY of the same file (bench/baseline.mjs). Generates the file once
// (seeded) into bench/out/, then measures both, back to back, and writes results-profiles.json.
//   npm run build && node bench/profiles.mjs            # 1 GiB
//   BENCH_MB=100 node bench/profiles.mjs                # a quick look
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, writeSeededJsonl } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const TARGET_MB = Number(process.env.BENCH_MB ?? 1024);
const SEED = 20261202;
/** The budget of issue 12: the profile read may cost twice the bare read. */
const BUDGET = 2;
const data = join(OUT, `bedrock-${TARGET_MB}mb.jsonl`);

function generate() {
  return writeSeededJsonl(data, SEED, TARGET_MB, (i, ts, { rand, pick, text }) => {
    const caller = Math.floor(rand() * 5000);
    const converse = rand() < 0.7;
    const turns = 1 + Math.floor(rand() * 3);
    const messages = Array.from({ length: turns * 2 - 1 }, (_, j) => ({
      role: j % 2 === 0 ? 'user' : 'assistant',
      content: converse ? [{ text: text(20 + Math.floor(rand() * 60)) }] : [{ type: 'text', text: text(20 + Math.floor(rand() * 60)) }],
    }));
    const answer = text(40 + Math.floor(rand() * 160));
    return {
      schemaType: 'ModelInvocationLog',
      schemaVersion: '1.0',
      timestamp: new Date(ts).toISOString(),
      accountId: '111122223333',
      identity: { arn: `arn:aws:sts::111122223333:assumed-role/Caller/session-${caller}` },
      region: 'us-east-1',
      requestId: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
      operation: converse ? 'Converse' : 'InvokeModel',
      modelId: pick(['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-lite-v1:0']),
      input: {
        inputContentType: 'application/json',
        inputBodyJson: converse
          ? {
              messages,
              system: [{ text: 'You are a helpful assistant.' }],
              inferenceConfig: { maxTokens: 1024, temperature: Math.round(rand() * 10) / 10 },
            }
          : { anthropic_version: 'bedrock-2023-05-31', max_tokens: 1024, system: 'You are a helpful assistant.', messages },
        inputTokenCount: Math.floor(rand() * 2000),
      },
      output: {
        outputContentType: 'application/json',
        outputBodyJson: converse
          ? { output: { message: { role: 'assistant', content: [{ text: answer }] } }, stopReason: 'end_turn', usage: {} }
          : { id: `msg_${i}`, type: 'message', role: 'assistant', content: [{ type: 'text', text: answer }], stop_reason: 'end_turn' },
        outputTokenCount: Math.floor(rand() * 1000),
      },
    };
  });
}

await generate();
const size = statSync(data).size;
const parquet = join(OUT, 'baseline-bedrock.parquet');
rmSync(parquet, { force: true });
const a = await measure([process.execPath, join(ROOT, 'bench', 'baseline.mjs'), data, parquet]);
rmSync(parquet, { force: true });
const b = await measure([process.execPath, join(ROOT, 'bin', 'distill-audit'), 'validate', data, '--quiet', '--json']);
const input = JSON.parse(b.stdout).inputs[0];
delete a.stdout;
delete b.stdout;
const ratio = (x, y) => (x === null || y === null ? null : Math.round((x / y) * 100) / 100);
const results = {
  file: { path: data, bytes: size, seed: SEED },
  loaded: {
    profile: input.profile,
    records: input.records,
    loaded: input.loaded,
    rejected: input.rejected,
    prompts: input.columns.find((c) => c.column === 'prompt')?.filled,
  },
  baseline_copy_to_parquet: a,
  distill_audit_load: b,
  time_ratio: ratio(b.seconds, a.seconds),
  cpu_ratio: ratio(b.cpu_seconds, a.cpu_seconds),
  budget_time_ratio: BUDGET,
};
results.within_budget = results.time_ratio <= BUDGET;
writeFileSync(join(OUT, 'results-profiles.json'), JSON.stringify(results, null, 2) + '\n');
console.log(
  `input ${(size / 1024 / 1024).toFixed(0)} MiB Bedrock invocation log (JSON Lines): ${input.records} records, ${input.loaded} loaded as ${input.profile}, ${results.loaded.prompts} with a prompt`,
);
console.log(`(a) DuckDB read_json -> Parquet COPY  wall ${a.seconds} s, cpu ${a.cpu_seconds} s, load avg ${a.load_average}`);
console.log(`(b) distill-audit load (validate)     wall ${b.seconds} s, cpu ${b.cpu_seconds} s, load avg ${b.load_average}`);
console.log(
  `ratio b/a: time ${results.time_ratio} (budget <= ${BUDGET}), cpu ${results.cpu_ratio} -> ${results.within_budget ? 'within budget' : 'OVER BUDGET'}`,
);
process.exitCode = results.within_budget ? 0 : 1;
