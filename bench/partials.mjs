// Per-partition features (issue 8, "Beyond one machine"), measured on a simulated export.
//
// For DATA (a `distill-audit simulate` output: DATA/logs, accounts.csv, indicators.json):
//   1. `distill-audit features <one log file> --out <partial>` for every log file (a day each),
//      one after another, each timed (wall, CPU, peak RSS);
//   2. the size of the partials against the logs, per Parquet column (what merging moves);
//   3. `distill-audit scan --features <every partial>`, timed, with its stage timings;
//   4. with --compare, `distill-audit scan DATA/logs` too, and whether the two reports agree
//      (report.json without timings, report.md, accounts.csv).
//
//   node bench/partials.mjs --data /tmp/l/large-1 [--compare] [--memory-limit 6GB] [--threads 2]
// Results: bench/out/partials-<name of DATA>.json, and a Markdown table on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'distill-audit');
const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    compare: { type: 'boolean', default: false },
    'memory-limit': { type: 'string', default: '6GB' },
    threads: { type: 'string' },
    work: { type: 'string' },
  },
});
if (!values.data) throw new Error('--data DIR (a simulate output) is required');
const data = values.data;
const name = basename(data);
const work = values.work ?? join(ROOT, 'bench', 'out', `partials-${name}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'partials'), { recursive: true });
const engine = ['--memory-limit', values['memory-limit'], ...(values.threads ? ['--threads', values.threads] : [])];
const side = ['--accounts', join(data, 'accounts.csv'), '--indicators', join(data, 'indicators.json')];

const logs = readdirSync(join(data, 'logs')).sort();
const partitions = [];
for (const file of logs) {
  const out = join(work, 'partials', file);
  const m = measure(['features', join(data, 'logs', file), '--out', out, '--quiet', ...engine]);
  partitions.push({ file, bytes: statSync(join(data, 'logs', file)).size, ...m, partial_bytes: dirBytes(out) });
  log(`features ${file}: ${m.wall_s} s wall, ${m.cpu_s} s CPU, ${m.peak_rss_mb} MB`);
}
const columns = await columnSizes(partitions.map((p) => join(work, 'partials', p.file, 'exchanges.parquet')));
const merged = measure([
  'scan',
  ...partitions.flatMap((p) => ['--features', join(work, 'partials', p.file)]),
  ...side,
  '--out',
  join(work, 'report-merged'),
  '--force',
  '--quiet',
  ...engine,
]);
merged.stages = readJson(join(work, 'report-merged', 'report.json')).stages;
log(`scan --features: ${merged.wall_s} s wall, ${merged.cpu_s} s CPU, ${merged.peak_rss_mb} MB`);
let whole = null;
let agree = null;
if (values.compare) {
  whole = measure(['scan', join(data, 'logs'), ...side, '--out', join(work, 'report-whole'), '--force', '--quiet', ...engine]);
  whole.stages = readJson(join(work, 'report-whole', 'report.json')).stages;
  log(`scan of the logs: ${whole.wall_s} s wall, ${whole.cpu_s} s CPU, ${whole.peak_rss_mb} MB`);
  agree = {
    'report.json': JSON.stringify(comparable(join(work, 'report-whole'))) === JSON.stringify(comparable(join(work, 'report-merged'))),
    'report.md': same('report.md'),
    'accounts.csv': same('accounts.csv'),
  };
}
const sum = (k) => partitions.reduce((n, p) => n + p[k], 0);
const result = {
  data,
  exchanges: readJson(join(work, 'report-merged', 'report.json')).totals.exchanges,
  logs_bytes: sum('bytes'),
  partial_bytes: sum('partial_bytes'),
  features: {
    wall_s: round(sum('wall_s')),
    cpu_s: round(sum('cpu_s')),
    max_peak_rss_mb: Math.max(...partitions.map((p) => p.peak_rss_mb)),
  },
  columns,
  merged,
  whole,
  agree,
  partitions,
};
writeFileSync(join(ROOT, 'bench', 'out', `partials-${name}.json`), JSON.stringify(result, null, 2));
print(result);

function print(r) {
  const mb = (b) => (b / 1024 / 1024).toFixed(1);
  const text = columns.filter((c) => c.column === 'prompt' || c.column === 'system_prompt').reduce((n, c) => n + c.bytes, 0);
  console.log(`\n${r.exchanges.toLocaleString('en')} exchanges, ${partitions.length} partitions\n`);
  console.log('| | wall s | CPU s | peak RSS MB |\n|---|---:|---:|---:|');
  console.log(
    `| features, ${partitions.length} partitions one after another | ${r.features.wall_s} | ${r.features.cpu_s} | ${r.features.max_peak_rss_mb} (largest) |`,
  );
  console.log(`| scan --features (merge and the rest) | ${r.merged.wall_s} | ${r.merged.cpu_s} | ${r.merged.peak_rss_mb} |`);
  if (r.whole) console.log(`| scan of the logs | ${r.whole.wall_s} | ${r.whole.cpu_s} | ${r.whole.peak_rss_mb} |`);
  console.log(
    `\nlogs ${mb(r.logs_bytes)} MB; partials ${mb(r.partial_bytes)} MB, of which prompt and system prompt text ${mb(text)} MB (read only for quoted and tested exchanges);` +
      ` the merged columns ${mb(columns.reduce((n, c) => n + c.bytes, 0) - text)} MB compressed`,
  );
  console.log(`stages of scan --features: ${r.merged.stages.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)}`).join(', ')}`);
  if (r.whole)
    console.log(`stages of the scan of the logs: ${r.whole.stages.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)}`).join(', ')}`);
  if (r.agree)
    console.log(
      `same report: ${Object.entries(r.agree)
        .map(([k, v]) => `${k} ${v ? 'yes' : 'NO'}`)
        .join(', ')}`,
    );
}

async function columnSizes(files) {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
  const rows = (
    await db.runAndReadAll(`SELECT path_in_schema AS column, sum(total_compressed_size)::BIGINT AS bytes
      FROM parquet_metadata(${list}) GROUP BY ALL ORDER BY bytes DESC`)
  ).getRowObjectsJson();
  db.closeSync();
  return rows.map((r) => ({ column: r.column, bytes: Number(r.bytes) }));
}

function comparable(dir) {
  const report = readJson(join(dir, 'report.json'));
  for (const d of report.detectors) delete d.ms;
  delete report.stages;
  return report;
}

function same(file) {
  return readFileSync(join(work, 'report-whole', file)).equals(readFileSync(join(work, 'report-merged', file)));
}

function measure(args) {
  const timeFile = join(work, '.time');
  const argv = [process.execPath, CLI, ...args];
  const started = performance.now();
  // A pinned clock, so the two reports can be compared byte for byte.
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' };
  const run = spawnSync(TIME_BIN ?? argv[0], TIME_BIN ? ['-v', '-o', timeFile, ...argv] : argv.slice(1), {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env,
  });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} … exited ${run.status}:\n${run.stderr.slice(-3000)}`);
  if (!TIME_BIN) return { wall_s: round(wall), cpu_s: null, peak_rss_mb: null };
  const t = readFileSync(timeFile, 'utf8');
  const num = (re) => Number(re.exec(t)?.[1] ?? NaN);
  return {
    wall_s: round(wall),
    cpu_s: round(num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)),
    peak_rss_mb: Math.round(num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024),
  };
}

function dirBytes(dir) {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function round(x) {
  return Math.round(x * 10) / 10;
}

function log(message) {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
