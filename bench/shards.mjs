// The account-sharded scan (issue 16, docs/scale.md "Sharded by account"), measured on a simulated
// export, command by command, one after another (the figures of one task, not of a cluster):
//
//   1. `distill-audit shard <log file> --shards N` per log file (each a piece, as the parallel
//      bucketing pass runs them);
//   2. `distill-audit shard-features <every piece> --shard I` per bucket;
//   3. the global step, `distill-audit scan --features <every bucket>`, with its stage timings;
//   4. with --compare, `distill-audit scan DATA/logs --db FILE` too: whether the bundles agree, and
//      from the kept database the per-account state (per-account tables, signals, link items) as
//      Parquet: what would travel to a global step that works on per-account state only;
//   5. a projection to 1 billion exchanges from 1 million accounts from the measured rates.
//
//   node bench/shards.mjs --data /tmp/l/large-1 [--shards 8] [--compare] [--memory-limit 6GB] [--threads 2]
// Results: bench/out/shards-<name of DATA>.json, and Markdown on stdout. Needs `npm run build`.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { measure } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'distill-audit');
// A pinned clock, so the two reports can be compared byte for byte.
process.env.SOURCE_DATE_EPOCH = '1767225600';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    shards: { type: 'string', default: '8' },
    compare: { type: 'boolean', default: false },
    'memory-limit': { type: 'string', default: '6GB' },
    threads: { type: 'string' },
    work: { type: 'string' },
  },
});
if (!values.data) throw new Error('--data DIR (a simulate output) is required');
const data = values.data;
const shards = Number(values.shards);
const name = basename(data);
const work = values.work ?? join(ROOT, 'bench', 'out', `shards-${name}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'sets'), { recursive: true });
mkdirSync(join(work, 'parts'), { recursive: true });
const engine = ['--memory-limit', values['memory-limit'], ...(values.threads ? ['--threads', values.threads] : [])];
const side = ['--accounts', join(data, 'accounts.csv'), '--indicators', join(data, 'indicators.json')];
const cli = (...args) => [process.execPath, CLI, ...args];
const loads = [];
const run = async (args) => {
  const m = await measure(cli(...args));
  loads.push(m.load_average);
  return { wall_s: m.seconds, cpu_s: m.cpu_seconds, peak_rss_mb: m.peak_rss_mb };
};

const logs = readdirSync(join(data, 'logs')).sort();
const pieces = [];
for (const [k, file] of logs.entries()) {
  const out = join(work, 'sets', `piece-${String(k).padStart(3, '0')}`);
  const m = await run(['shard', join(data, 'logs', file), '--shards', String(shards), '--out', out, '--quiet', ...engine]);
  pieces.push({ file, bytes: statSync(join(data, 'logs', file)).size, dir: out, ...m });
  log(`shard ${file}: ${m.wall_s} s wall, ${m.cpu_s} s CPU, ${m.peak_rss_mb} MB`);
}
const buckets = [];
for (let i = 0; i < shards; i++) {
  const out = join(work, 'parts', `shard-${String(i).padStart(3, '0')}`);
  const m = await run(['shard-features', ...pieces.map((p) => p.dir), '--shard', String(i), '--out', out, '--quiet', ...engine]);
  const manifest = readJson(join(out, 'manifest.json'));
  buckets.push({ shard: i, exchanges: manifest.exchanges, dir: out, bytes: dirBytes(out), ...m });
  log(`shard-features ${i}: ${manifest.exchanges} exchanges, ${m.wall_s} s wall, ${m.cpu_s} s CPU, ${m.peak_rss_mb} MB`);
}
const merged = await run([
  'scan',
  ...buckets.flatMap((b) => ['--features', b.dir]),
  ...side,
  '--out',
  join(work, 'report-sharded'),
  '--force',
  '--quiet',
  ...engine,
]);
const report = readJson(join(work, 'report-sharded', 'report.json'));
merged.stages = report.stages.map((s) => ({ name: s.name, s: round(s.ms / 1000) }));
log(`global scan --features: ${merged.wall_s} s wall, ${merged.cpu_s} s CPU, ${merged.peak_rss_mb} MB`);
const exchanges = report.totals.exchanges;
const accounts =
  readFileSync(join(work, 'report-sharded', 'accounts.csv'), 'utf8')
    .trim()
    .split('\n').length - 1;

let whole = null;
let agree = null;
let state = null;
if (values.compare) {
  const db = join(work, 'whole.duckdb');
  whole = await run([
    'scan',
    join(data, 'logs'),
    ...side,
    '--db',
    db,
    '--out',
    join(work, 'report-whole'),
    '--force',
    '--quiet',
    ...engine,
  ]);
  whole.stages = readJson(join(work, 'report-whole', 'report.json')).stages.map((s) => ({ name: s.name, s: round(s.ms / 1000) }));
  log(`scan of the logs: ${whole.wall_s} s wall, ${whole.cpu_s} s CPU, ${whole.peak_rss_mb} MB`);
  agree = Object.fromEntries(
    ['report.json', 'report.md', 'accounts.csv', 'observables.json'].map((f) => [
      f,
      f === 'report.json'
        ? JSON.stringify(comparable(join(work, 'report-whole'))) === JSON.stringify(comparable(join(work, 'report-sharded')))
        : readFileSync(join(work, 'report-whole', f)).equals(readFileSync(join(work, 'report-sharded', f))),
    ]),
  );
  state = await perAccountState(db);
  rmSync(db, { force: true });
}

const partialBytes = sum(buckets, 'bytes');
const result = {
  data,
  shards,
  exchanges,
  accounts,
  load_average: { min: Math.min(...loads), max: Math.max(...loads) },
  logs_bytes: sum(pieces, 'bytes'),
  bucketing: {
    tasks: pieces.length,
    wall_s: round(sum(pieces, 'wall_s')),
    cpu_s: round(sum(pieces, 'cpu_s')),
    max_peak_rss_mb: max(pieces, 'peak_rss_mb'),
  },
  per_shard: {
    tasks: shards,
    wall_s: round(sum(buckets, 'wall_s')),
    cpu_s: round(sum(buckets, 'cpu_s')),
    max_wall_s: max(buckets, 'wall_s'),
    max_peak_rss_mb: max(buckets, 'peak_rss_mb'),
    partial_bytes: partialBytes,
  },
  global: {
    ...merged,
    rss_bytes_per_account: Math.round((merged.peak_rss_mb * 1048576) / accounts),
    rss_bytes_per_exchange: Math.round((merged.peak_rss_mb * 1048576) / exchanges),
  },
  whole,
  agree,
  per_account_state: state,
  pieces: pieces.map(({ dir, ...p }) => p),
  buckets: buckets.map(({ dir, ...b }) => b),
};
result.projection = project(result);
mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'out', `shards-${name}.json`), JSON.stringify(result, null, 2));
print(result);

/**
 * From the measured rates to 1e9 exchanges of 1e6 accounts (1,000 exchanges per account, against
 * the simulated export's ~100): the per-exchange work grows with exchanges and spreads over the
 * shards; the global step as built holds every exchange's row (it grows with exchanges); a global
 * step on per-account state would hold what `per_account_state` measured, per account, scaled by
 * the exchanges per account for the tables that grow with them (an upper bound: distinct hours,
 * days, templates and values per account saturate).
 */
function FLOOR(r) {
  return Math.min(...r.pieces.map((p) => p.peak_rss_mb), ...r.buckets.map((b) => b.peak_rss_mb));
}

function project(r) {
  const E = 1e9;
  const A = 1e6;
  const perExchange = (x) => x / r.exchanges;
  const cpuShardH = (perExchange(r.bucketing.cpu_s + r.per_shard.cpu_s) * E) / 3600;
  const scale = E / r.exchanges;
  const out = {
    exchanges: E,
    accounts: A,
    per_exchange_cpu_hours: round(cpuShardH),
    shards_for_1e9: 1000,
    per_shard_exchanges: E / 1000,
    per_shard_wall_s_at_1000_shards: round((perExchange(r.per_shard.cpu_s) * E) / 1000),
    // Memory above the process's floor (Node, DuckDB, the rule packs: the smallest task's peak) grows
    // with the exchanges the global step holds; DuckDB would spill past its limit rather than grow.
    global_as_built: {
      wall_h: round((r.global.wall_s * scale) / 3600),
      cpu_h: round((r.global.cpu_s * scale) / 3600),
      floor_mb: FLOOR(r),
      peak_rss_gb: round(((r.global.peak_rss_mb - FLOOR(r)) * scale + FLOOR(r)) / 1024),
      gathered_gb: round((r.per_shard.partial_bytes * scale) / 1e9),
    },
  };
  out.global_as_built.fits_64gb = out.global_as_built.peak_rss_gb <= 64;
  if (r.per_account_state) {
    const perAccount = r.per_account_state.bytes_uncompressed / r.accounts;
    const growth = E / A / (r.exchanges / r.accounts);
    out.per_account_global = {
      bytes_per_account_measured: Math.round(perAccount),
      gb_at_1e6_accounts_same_shape: round((perAccount * A) / 1e9),
      gb_at_1e6_accounts_upper_bound: round((perAccount * growth * A) / 1e9),
      exchanges_per_account_growth: round(growth),
    };
  }
  return out;
}

async function perAccountState(dbFile) {
  const tables = [
    'account_features',
    'account_hours',
    'account_days',
    'key_days',
    'account_templates',
    'account_frames',
    'account_rules',
    'account_capabilities',
    'account_model_hours',
    'account_values',
    'signals',
    'link_items',
    'link_activity',
  ];
  const db = await (await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' })).connect();
  const rows = [];
  for (const t of tables) {
    const exists = (
      await db.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = '${t}'`)
    ).getRowObjectsJson()[0].n;
    if (!exists) continue;
    const file = join(work, `state-${t}.parquet`);
    await db.run(`COPY ${t} TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
    const meta = (
      await db.runAndReadAll(
        `SELECT sum(total_compressed_size)::BIGINT AS c, sum(total_uncompressed_size)::BIGINT AS u FROM parquet_metadata('${file}')`,
      )
    ).getRowObjectsJson()[0];
    const n = (await db.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${t}`)).getRowObjectsJson()[0].n;
    rows.push({ table: t, rows: Number(n), bytes: Number(meta.c), bytes_uncompressed: Number(meta.u) });
    rmSync(file);
  }
  db.closeSync();
  return { tables: rows, bytes: sum(rows, 'bytes'), bytes_uncompressed: sum(rows, 'bytes_uncompressed') };
}

function print(r) {
  const mb = (b) => (b / 1e6).toFixed(1);
  console.log(
    `\n${r.exchanges.toLocaleString('en')} exchanges, ${r.accounts.toLocaleString('en')} accounts, ${r.pieces.length} pieces, ${r.shards} buckets; load average ${r.load_average.min}–${r.load_average.max}\n`,
  );
  console.log(
    '| step | tasks | wall s (sum) | CPU s (sum) | largest task wall s | peak RSS MB (largest) |\n|---|---:|---:|---:|---:|---:|',
  );
  console.log(
    `| shard (bucketing, per log file) | ${r.bucketing.tasks} | ${r.bucketing.wall_s} | ${r.bucketing.cpu_s} | ${max(r.pieces, 'wall_s')} | ${r.bucketing.max_peak_rss_mb} |`,
  );
  console.log(
    `| shard-features (per bucket) | ${r.per_shard.tasks} | ${r.per_shard.wall_s} | ${r.per_shard.cpu_s} | ${r.per_shard.max_wall_s} | ${r.per_shard.max_peak_rss_mb} |`,
  );
  console.log(`| global scan --features | 1 | ${r.global.wall_s} | ${r.global.cpu_s} | ${r.global.wall_s} | ${r.global.peak_rss_mb} |`);
  if (r.whole)
    console.log(
      `| scan of the logs (one machine) | 1 | ${r.whole.wall_s} | ${r.whole.cpu_s} | ${r.whole.wall_s} | ${r.whole.peak_rss_mb} |`,
    );
  console.log(
    `\nlogs ${mb(r.logs_bytes)} MB; bucket partials gathered ${mb(r.per_shard.partial_bytes)} MB; global step peak RSS ${r.global.rss_bytes_per_account} bytes per account, ${r.global.rss_bytes_per_exchange} per exchange`,
  );
  console.log(`stages of the global step: ${r.global.stages.map((s) => `${s.name} ${s.s}`).join(', ')}`);
  if (r.agree)
    console.log(
      `same report: ${Object.entries(r.agree)
        .map(([k, v]) => `${k} ${v ? 'yes' : 'NO'}`)
        .join(', ')}`,
    );
  if (r.per_account_state) {
    console.log(
      `\nper-account state (Parquet zstd / uncompressed): ${mb(r.per_account_state.bytes)} / ${mb(r.per_account_state.bytes_uncompressed)} MB`,
    );
    for (const t of r.per_account_state.tables)
      console.log(`  ${t.table}: ${t.rows} rows, ${mb(t.bytes)} / ${mb(t.bytes_uncompressed)} MB`);
  }
  console.log(`\nprojection: ${JSON.stringify(r.projection, null, 2)}`);
}

function sum(xs, k) {
  return xs.reduce((n, x) => n + (x[k] ?? 0), 0);
}

function max(xs, k) {
  return Math.max(...xs.map((x) => x[k] ?? 0));
}

function comparable(dir) {
  const rep = readJson(join(dir, 'report.json'));
  for (const d of rep.detectors) delete d.ms;
  delete rep.stages;
  return rep;
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
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message} (load ${loadavg()[0].toFixed(1)})\n`);
}
