// The export-profile read's speed (issue 12): loading a Bedrock model invocation log (JSON Lines,
// Converse and InvokeModel bodies, the prompt made text in SQL) must take at most 2x a bare DuckDB
// read_json -> Parquet COPY of the same file (bench/baseline.mjs). Generates the file once
// (seeded) into bench/out/, then measures both, back to back, and writes results-profiles.json.
//   npm run build && node bench/profiles.mjs            # 1 GiB
//   BENCH_MB=100 node bench/profiles.mjs                # a quick look
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const TARGET_MB = Number(process.env.BENCH_MB ?? 1024);
const SEED = 20261202;
/** The budget of issue 12: the profile read may cost twice the bare read. */
const BUDGET = 2;
const data = join(OUT, `bedrock-${TARGET_MB}mb.jsonl`);

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS = 'the model answer explain step reasoning code function data please write a short proof about why how list compare translate summarise table query error fix test'.split(' ');

async function generate() {
  const marker = `${data}.done`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(SEED)) return;
  mkdirSync(OUT, { recursive: true });
  const rand = prng(SEED);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const text = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const out = createWriteStream(data);
  const limit = TARGET_MB * 1024 * 1024;
  let bytes = 0;
  let i = 0;
  let ts = Date.UTC(2026, 1, 1);
  while (bytes < limit) {
    let chunk = '';
    for (let k = 0; k < 2000; k++, i++) {
      ts += Math.floor(rand() * 2000);
      const caller = Math.floor(rand() * 5000);
      const converse = rand() < 0.7;
      const turns = 1 + Math.floor(rand() * 3);
      const messages = Array.from({ length: turns * 2 - 1 }, (_, j) => ({
        role: j % 2 === 0 ? 'user' : 'assistant',
        content: converse ? [{ text: text(20 + Math.floor(rand() * 60)) }] : [{ type: 'text', text: text(20 + Math.floor(rand() * 60)) }],
      }));
      const answer = text(40 + Math.floor(rand() * 160));
      const record = {
        schemaType: 'ModelInvocationLog', schemaVersion: '1.0', timestamp: new Date(ts).toISOString(), accountId: '111122223333',
        identity: { arn: `arn:aws:sts::111122223333:assumed-role/Caller/session-${caller}` }, region: 'us-east-1',
        requestId: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, operation: converse ? 'Converse' : 'InvokeModel',
        modelId: pick(['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-lite-v1:0']),
        input: { inputContentType: 'application/json',
          inputBodyJson: converse
            ? { messages, system: [{ text: 'You are a helpful assistant.' }], inferenceConfig: { maxTokens: 1024, temperature: Math.round(rand() * 10) / 10 } }
            : { anthropic_version: 'bedrock-2023-05-31', max_tokens: 1024, system: 'You are a helpful assistant.', messages },
          inputTokenCount: Math.floor(rand() * 2000) },
        output: { outputContentType: 'application/json',
          outputBodyJson: converse
            ? { output: { message: { role: 'assistant', content: [{ text: answer }] } }, stopReason: 'end_turn', usage: {} }
            : { id: `msg_${i}`, type: 'message', role: 'assistant', content: [{ type: 'text', text: answer }], stop_reason: 'end_turn' },
          outputTokenCount: Math.floor(rand() * 1000) },
      };
      chunk += JSON.stringify(record) + '\n';
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(marker, String(SEED));
}

async function measure(argv) {
  const load = Math.round(loadavg()[0] * 100) / 100;
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const cmd = timeBin ? [timeBin, '-v', ...argv] : argv;
  const started = performance.now();
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - started) / 1000;
  let cpu = null;
  let peak = null;
  if (timeBin) {
    peak = Math.round(Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) / 1024);
    const user = Number(/User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
    const system = Number(/System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
    if (Number.isFinite(user + system)) cpu = Math.round((user + system) * 100) / 100;
  }
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}:\n${stderr}`);
  return { seconds: Math.round(seconds * 100) / 100, cpu_seconds: cpu, peak_rss_mb: peak, load_average: load, stdout };
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
  loaded: { profile: input.profile, records: input.records, loaded: input.loaded, rejected: input.rejected, prompts: input.columns.find((c) => c.column === 'prompt')?.filled },
  baseline_copy_to_parquet: a,
  distill_audit_load: b,
  time_ratio: ratio(b.seconds, a.seconds),
  cpu_ratio: ratio(b.cpu_seconds, a.cpu_seconds),
  budget_time_ratio: BUDGET,
};
results.within_budget = results.time_ratio <= BUDGET;
writeFileSync(join(OUT, 'results-profiles.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`input ${(size / 1024 / 1024).toFixed(0)} MiB Bedrock invocation log (JSON Lines): ${input.records} records, ${input.loaded} loaded as ${input.profile}, ${results.loaded.prompts} with a prompt`);
console.log(`(a) DuckDB read_json -> Parquet COPY  wall ${a.seconds} s, cpu ${a.cpu_seconds} s, load avg ${a.load_average}`);
console.log(`(b) distill-audit load (validate)     wall ${b.seconds} s, cpu ${b.cpu_seconds} s, load avg ${b.load_average}`);
console.log(`ratio b/a: time ${results.time_ratio} (budget <= ${BUDGET}), cpu ${results.cpu_ratio} -> ${results.within_budget ? 'within budget' : 'OVER BUDGET'}`);
process.exitCode = results.within_budget ? 0 : 1;
