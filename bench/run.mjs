// The loader's speed budget (issue 2): loading a JSON Lines export must take at most 1.5x the time
// of a bare DuckDB read_json -> Parquet COPY of the same file. Generates the export once
// (deterministic, seeded) into bench/out/, measures in the same run, writes results.json:
//   (a) the bare COPY; (b) the load stage alone (`validate`: the scan's loader, in memory, no
//   report); (c) the whole `scan`, whose later stages (features, detectors, ...) grow as they land.
// The budget applies to (b)/(a); (c)/(a) is reported beside it.
// On a shared machine wall time follows the neighbours: each run also records its CPU time
// (user + system, all threads) and the load average when it started.
//   npm run bench                      # 1 GiB export
//   BENCH_MB=200 node bench/run.mjs    # smaller, for a quick look
//   BENCH_SCAN=0 node bench/run.mjs    # (a) and (b) only
//   BENCH_RUNS=3 npm run bench         # (a),(b) pairs run back to back 3 times; the budget is
//                                      # judged on the median pair (neighbours come and go)
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, writeSeededJsonl } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const TARGET_MB = Number(process.env.BENCH_MB ?? 1024);
const SEED = 20260223;
const BUDGET = 1.5;
const data = join(OUT, `exchanges-${TARGET_MB}mb.jsonl`);

function generate() {
  return writeSeededJsonl(data, SEED, TARGET_MB, (i, ts, { rand, pick, text }) => {
    const account = Math.floor(rand() * 5000);
    return {
      request_id: `req_${i.toString(36)}`,
      ts: new Date(ts).toISOString(),
      account_id: `acct_${account}`,
      api_key_id: `key_${account}_${Math.floor(rand() * 3)}`,
      ip: `10.${account % 256}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`,
      user_agent: pick(['anthropic-sdk-python/0.40', 'openai-node/4.2', 'curl/8.5', 'labclient/1.3']),
      client_fingerprint: `ja4_${(account * 7919) % 1000}`,
      asn: `AS${64500 + (account % 20)}`,
      country: pick(['US', 'DE', 'SG', 'BR', 'IN']),
      model: pick(['model-a', 'model-b', 'model-next']),
      input_tokens: Math.floor(rand() * 2000),
      output_tokens: Math.floor(rand() * 1000),
      max_tokens: 1024,
      temperature: Math.round(rand() * 10) / 10,
      prompt: text(20 + Math.floor(rand() * 80)),
      system_prompt: 'You are a helpful assistant.',
      response: text(40 + Math.floor(rand() * 160)),
      conversation_id: `conv_${Math.floor(rand() * 1e6)}`,
      turn: 1 + Math.floor(rand() * 5),
      tools: rand() < 0.2 ? 'search,code' : '',
      status: '200',
    };
  });
}

await generate();
const size = statSync(data).size;
const parquet = join(OUT, 'baseline.parquet');
const report = join(OUT, 'report');
rmSync(parquet, { force: true });
const baselineScript = join(ROOT, 'bench', 'baseline.mjs');
const pairs = [];
for (let run = 0; run < Math.max(1, Number(process.env.BENCH_RUNS ?? 1)); run++) {
  const a = await measure([process.execPath, baselineScript, data, parquet]);
  rmSync(parquet, { force: true });
  const b = await measure([process.execPath, join(ROOT, 'bin', 'distill-audit'), 'validate', data, '--quiet', '--json']);
  pairs.push({ a, b, time_ratio: Math.round((b.seconds / a.seconds) * 100) / 100 });
}
const { a, b } = [...pairs].sort((x, y) => x.time_ratio - y.time_ratio)[Math.floor((pairs.length - 1) / 2)];
const c =
  process.env.BENCH_SCAN === '0'
    ? null
    : await measure([process.execPath, join(ROOT, 'bin', 'distill-audit'), 'scan', data, '--out', report, '--force', '--quiet']);
for (const m of [...pairs.flatMap((p) => [p.a, p.b]), c]) if (m) delete m.stdout;
const ratio = (x, y) => (x === null || y === null ? null : Math.round((x / y) * 100) / 100);
const results = {
  file: { path: data, bytes: size, seed: SEED },
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  baseline_copy_to_parquet: a,
  distill_audit_load: b,
  distill_audit_scan: c,
  time_ratio: ratio(b.seconds, a.seconds),
  cpu_ratio: ratio(b.cpu_seconds, a.cpu_seconds),
  rss_ratio: ratio(b.peak_rss_mb, a.peak_rss_mb),
  scan_time_ratio: c ? ratio(c.seconds, a.seconds) : null,
  pairs: pairs.length > 1 ? pairs : undefined,
  budget_time_ratio: BUDGET,
};
results.within_budget = results.time_ratio <= BUDGET;
writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`input ${(size / 1024 / 1024).toFixed(0)} MiB JSON Lines`);
const row = (label, m) =>
  `${label}  ${String(m.seconds).padStart(6)}  ${String(m.cpu_seconds ?? '-').padStart(6)}   ${String(m.peak_rss_mb).padStart(6)}   ${String(m.load_average).padStart(5)}`;
if (pairs.length > 1) {
  for (const [i, p] of pairs.entries()) console.log(`pair ${i + 1}: (a) ${p.a.seconds} s, (b) ${p.b.seconds} s, ratio ${p.time_ratio}`);
  console.log('median pair:');
}
console.log('run                                   wall s   cpu s   peak RSS MB   load avg');
console.log(row('(a) DuckDB read_json -> Parquet COPY', a));
console.log(row('(b) distill-audit load (validate)   ', b));
if (c) console.log(row('(c) distill-audit scan, all stages  ', c));
console.log(
  `ratio b/a: time ${results.time_ratio} (budget <= ${BUDGET}), cpu ${results.cpu_ratio}, memory ${results.rss_ratio}  -> ${results.within_budget ? 'within budget' : 'OVER BUDGET'}`,
);
if (c) console.log(`ratio c/a: time ${results.scan_time_ratio} (whole pipeline, for information)`);
process.exitCode = results.within_budget ? 0 : 1;
