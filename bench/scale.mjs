// The one-machine scale budgets (issue 8), on the simulator's `large` and `disclosure` presets.
//
// For each preset: generates the export once with `distill-audit simulate` (reused when present,
// under bench/out/scale-<preset>/), converts it once to Parquet with DuckDB, then measures in the
// same run, for each input format (JSON Lines as simulated, Parquet):
//   (a) the bare DuckDB read: COPY (SELECT * FROM read_json/read_csv/read_parquet(file)) TO parquet,
//       file by file, through @duckdb/node-api in a child process;
//   (b) `distill-audit scan`, whole and stage by stage (the scan's `stage <name>: <duration>` notes, to 0.1 s).
// Wall time, CPU time (user + sys of the child) and peak RSS come from /usr/bin/time -v; without
// it, from /proc polling (a lower bound for CPU: the last sample before the child exits).
// Budgets: scan wall <= 3 x bare read of the same input; peak RSS <= 8 GB on `disclosure`; each
// stage's time grows no faster than the exchange count from `large` to `disclosure`.
//
//   npm run bench:scale                                  # large, then disclosure
//   node bench/scale.mjs --preset medium                 # quick look while developing
//   node bench/scale.mjs --preset large --memory-limit 5GB --threads 2 --formats jsonl
//   node bench/scale.mjs --root /tmp/pinned-checkout   # that checkout's built CLI, this one's data
// Results: bench/out/scale-<preset>/results.json, and bench/out/scale-results.json (all presets).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseHumanDuration } from '../dist/duration.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
// --root DIR runs the CLI of another checkout (a pinned build, while the working tree moves on);
// data and results stay under this checkout's bench/out.
const rootFlag = process.argv.indexOf('--root');
const CLI = join(rootFlag > 0 ? process.argv[rootFlag + 1] : ROOT, 'bin', 'distill-audit');
const SELF = fileURLToPath(import.meta.url);
const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const STAGES = ['load', 'window', 'features', 'signals', 'links', 'cluster', 'campaigns', 'attribution', 'reports'];
const SCAN_BUDGET = 3;
const RSS_BUDGET_MB = 8 * 1024;
// A stage may grow this much faster than the exchange count and still count as linear: run-to-run
// noise on a shared 2-core machine is of that order. Stages under MIN_STAGE_MS on the bigger preset
// are too short for a ratio to mean anything.
const GROWTH_SLACK = 1.15;
const MIN_STAGE_MS = 2000;

if (process.argv[2] === '--bare-read') await bareRead(process.argv.slice(3));
else await main();

async function main() {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string', multiple: true },
      seed: { type: 'string', default: '1' },
      formats: { type: 'string', default: 'jsonl,parquet' },
      'memory-limit': { type: 'string', default: '5GB' },
      threads: { type: 'string' },
      root: { type: 'string' },
    },
  });
  const presets = values.preset ?? ['large', 'disclosure'];
  const formats = values.formats.split(',');
  const engine = { memoryLimit: values['memory-limit'], threads: values.threads };
  let all;
  for (const preset of presets) {
    const result = await runPreset(preset, values.seed, formats, engine);
    // Read again: another run (the other preset) may have written meanwhile.
    all = readJson(join(OUT, 'scale-results.json')) ?? { presets: {} };
    all.presets[preset] = result;
    all.machine = machine();
    all.growth = growth(all.presets.large, all.presets.disclosure);
    writeFileSync(join(OUT, 'scale-results.json'), JSON.stringify(all, null, 2) + '\n');
  }
  printAll(all, presets);
  const failed = presets
    .flatMap((p) => failures(all.presets[p]))
    .concat(presets.includes('disclosure') || presets.includes('large') ? growthFailures(all.growth) : []);
  if (failed.length > 0) {
    console.log(`\nOVER BUDGET: ${failed.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nall budgets met');
  }
}

async function runPreset(preset, seed, formats, engine) {
  const dir = join(OUT, `scale-${preset}`);
  mkdirSync(dir, { recursive: true });
  const data = join(dir, 'data');
  const simulate = await simulateOnce(preset, seed, dir, data);
  const logs = join(data, 'logs');
  const parquet = join(dir, 'parquet');
  // Formats not measured this time keep their figures from the last run that measured them.
  const previous = readJson(join(dir, 'results.json'));
  const kept = previous && previous.seed === Number(seed) ? previous : { inputs: {}, runs: {} };
  const result = { preset, seed: Number(seed), cli: CLI, engine, simulate, inputs: { ...kept.inputs }, runs: { ...kept.runs } };
  for (const format of formats) {
    log(`${preset}: ${format}`);
    const files = format === 'parquet' ? await parquetFiles(logs, parquet, engine) : listFiles(logs);
    result.inputs[format] = { files: files.length, bytes: files.reduce((n, f) => n + statSync(f).size, 0) };
    const bareOut = join(dir, `bare-${format}`);
    rmSync(bareOut, { recursive: true, force: true });
    const bare = await measure([process.execPath, SELF, '--bare-read', bareOut, engine.memoryLimit, engine.threads ?? '', ...files]);
    rmSync(bareOut, { recursive: true, force: true });
    // Kept before the long scan, so a scan that dies or is stopped still leaves the reference figure.
    writeFileSync(join(dir, `bare-${format}.json`), JSON.stringify(bare, null, 2) + '\n');
    const scan = await scanOnce(format === 'parquet' ? parquet : logs, data, join(dir, `report-${format}`), engine);
    result.runs[format] = { bare, scan, ratio: round(scan.wall_s / bare.wall_s), cpu_ratio: round(scan.cpu_s / bare.cpu_s) };
    writeFileSync(join(dir, 'results.json'), JSON.stringify(result, null, 2) + '\n');
  }
  return result;
}

/** The simulated export, made once: simulate.time (written when the run ended well) marks it done. */
async function simulateOnce(preset, seed, dir, data) {
  const marker = join(dir, 'simulate.time');
  const cached = existsSync(marker) && existsSync(join(data, 'truth.json')) ? parseTime(readFileSync(marker, 'utf8')) : null;
  if (cached && cached.exit === 0) return { ...cached, reused: true };
  log(`${preset}: simulating (seed ${seed}) into ${data}`);
  rmSync(data, { recursive: true, force: true });
  const m = await measure([process.execPath, CLI, 'simulate', '--preset', preset, '--seed', seed, '--out', data, '--quiet'], {
    keepTime: `${marker}.tmp`,
  });
  renameSync(`${marker}.tmp`, marker);
  return { ...m, reused: false };
}

/**
 * The Parquet input, converted once from the simulated files by DuckDB alone (one Parquet file per
 * log file, columns as the reader found them, nested fields kept as structs). Malformed JSON lines
 * and broken CSV rows are dropped by the conversion, so this input holds only the good records.
 */
async function parquetFiles(logs, parquet, engine) {
  if (!existsSync(join(parquet, '.done'))) {
    log(`converting ${logs} to Parquet`);
    rmSync(parquet, { recursive: true, force: true });
    const m = await measure([process.execPath, SELF, '--bare-read', parquet, engine.memoryLimit, engine.threads ?? '', ...listFiles(logs)]);
    writeFileSync(join(parquet, '.done'), JSON.stringify(m) + '\n');
  }
  return listFiles(parquet);
}

async function scanOnce(input, data, report, engine) {
  // The scan spills under os.tmpdir(): a private TMPDIR shows what it left behind and how much it spilled.
  const tmp = join(dirname(report), 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const argv = [
    process.execPath,
    CLI,
    'scan',
    input,
    '--accounts',
    join(data, 'accounts.csv'),
    '--indicators',
    join(data, 'indicators.json'),
    '--out',
    report,
    '--force',
    '--memory-limit',
    engine.memoryLimit,
  ];
  if (engine.threads) argv.push('--threads', engine.threads);
  // A scan that fails (exit 2 or 3) is recorded with its figures up to the failure, not thrown away.
  const m = await measure(argv, { env: { ...process.env, TMPDIR: tmp }, watchDir: tmp, allowExit: [0, 1, 2, 3] });
  const error = m.exit > 1 ? (/^internal error: (.*)$/m.exec(m.stderr)?.[1] ?? m.stderr.trim().split('\n').pop()) : null;
  const stages = {};
  for (const match of m.stderr.matchAll(/^stage ([\w-]+): (.+)$/gm)) stages[match[1]] = parseHumanDuration(match[2]);
  const left = readdirSync(tmp);
  rmSync(tmp, { recursive: true, force: true });
  const reportJson = readJson(join(report, 'report.json'));
  delete m.stderr;
  return {
    ...m,
    stages,
    exchanges: reportJson?.totals.exchanges ?? null,
    accounts: reportJson?.totals.accounts ?? null,
    campaigns: reportJson?.campaigns.length ?? null,
    spill_left_behind: left,
    error,
  };
}

/** Runs a command to its end: wall, CPU (user + sys), peak RSS, and the peak size of watchDir. */
async function measure(argv, { env = process.env, watchDir, keepTime, allowExit = [0] } = {}) {
  const timeFile = keepTime ?? join(OUT, `.time-${process.pid}`);
  const cmd = TIME_BIN ? [TIME_BIN, '-v', '-o', timeFile, ...argv] : argv;
  const started = performance.now();
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let peakKb = 0;
  let peakSpill = 0;
  let cpuTicks = 0;
  const poll = setInterval(
    () => {
      if (!TIME_BIN) {
        peakKb = Math.max(peakKb, treeHwmKb(child.pid));
        cpuTicks = Math.max(cpuTicks, cpuTicksOf(child.pid));
      }
      if (watchDir) peakSpill = Math.max(peakSpill, dirBytes(watchDir));
    },
    TIME_BIN ? 2000 : 200,
  );
  const [code] = await once(child, 'exit');
  clearInterval(poll);
  const wall = (performance.now() - started) / 1000;
  let cpu;
  let exit = code;
  if (TIME_BIN) {
    const t = parseTime(readFileSync(timeFile, 'utf8'));
    if (!keepTime) rmSync(timeFile, { force: true });
    cpu = t.cpu_s;
    peakKb = t.peak_rss_mb * 1024;
    exit = t.exit;
  } else {
    // Without /usr/bin/time the last sample before exit is all there is: CPU is a lower bound.
    cpu = cpuTicks / 100;
  }
  if (!allowExit.includes(exit)) throw new Error(`${argv.join(' ')} exited ${exit}:\n${stderr.slice(-4000)}`);
  const out = { wall_s: round(wall), cpu_s: round(cpu), peak_rss_mb: Math.round(peakKb / 1024), exit, stderr };
  if (watchDir) out.peak_spill_mb = Math.round(peakSpill / 1024 / 1024);
  return out;
}

function parseTime(text) {
  const num = (re) => Number(re.exec(text)?.[1] ?? NaN);
  const clock = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(text)?.[1] ?? '0';
  const wall = clock.split(':').reduce((s, part) => s * 60 + Number(part), 0);
  return {
    wall_s: round(wall),
    cpu_s: round(num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)),
    peak_rss_mb: Math.round(num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024),
    exit: num(/Exit status: (\d+)/),
  };
}

/** Peak RSS (VmHWM) of a process and its direct children, for machines without /usr/bin/time. */
function treeHwmKb(pid) {
  let kb = 0;
  for (const p of [pid, ...childPids(pid)]) {
    try {
      kb = Math.max(kb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      /* exited */
    }
  }
  return kb;
}

/** utime + stime of a process and of its waited-for children, in clock ticks (USER_HZ, 100 on Linux). */
function cpuTicksOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return [11, 12, 13, 14].reduce((n, i) => n + Number(fields[i]), 0);
  } catch {
    return 0;
  }
}

function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function dirBytes(dir) {
  let n = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      n += entry.isDirectory() ? dirBytes(p) : statSync(p).size;
    }
  } catch {
    /* removed while walking */
  }
  return n;
}

function listFiles(dir) {
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

/** Child mode: the bare DuckDB read of each file, written to Parquet, nothing else. */
async function bareRead([outDir, memoryLimit, threads, ...files]) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const config = { memory_limit: memoryLimit, preserve_insertion_order: 'false' };
  if (threads) config.threads = threads;
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  mkdirSync(outDir, { recursive: true });
  const quote = (s) => `'${s.replace(/'/g, "''")}'`;
  for (const file of files) {
    const name = basename(file);
    const reader = /\.parquet$/.test(name)
      ? `read_parquet(${quote(file)})`
      : /\.csv(\.gz)?$/.test(name)
        ? `read_csv(${quote(file)}, header = true, ignore_errors = true, strict_mode = false)`
        : `read_json(${quote(file)}, format = 'newline_delimited', ignore_errors = true)`;
    const target = join(outDir, name.replace(/\.(jsonl|ndjson|json|csv|parquet)(\.gz)?$/, '') + '.parquet');
    await connection.run(`COPY (SELECT * FROM ${reader}) TO ${quote(target)} (FORMAT parquet)`);
  }
  connection.closeSync();
  instance.closeSync();
}

/** Per stage: time on disclosure / time on large, against exchanges on disclosure / on large. */
function growth(large, disclosure) {
  if (!large || !disclosure) return null;
  const out = {};
  for (const format of Object.keys(disclosure.runs)) {
    const a = large.runs[format]?.scan;
    const b = disclosure.runs[format]?.scan;
    if (!a?.exchanges || !b?.exchanges) continue;
    const exchanges = round(b.exchanges / a.exchanges);
    const stages = {};
    for (const s of STAGES) {
      if (a.stages[s] === undefined || b.stages[s] === undefined) continue;
      const ratio = a.stages[s] > 0 ? round(b.stages[s] / a.stages[s]) : null;
      const judged = b.stages[s] >= MIN_STAGE_MS && ratio !== null;
      stages[s] = { large_ms: a.stages[s], disclosure_ms: b.stages[s], ratio, linear: judged ? ratio <= exchanges * GROWTH_SLACK : null };
    }
    out[format] = { exchanges_ratio: exchanges, total_ratio: round(b.wall_s / a.wall_s), stages };
  }
  return out;
}

function failures(result) {
  const out = [];
  for (const [format, run] of Object.entries(result.runs)) {
    if (run.scan.error) out.push(`${result.preset}/${format}: scan failed (exit ${run.scan.exit}): ${run.scan.error}`);
    if (run.ratio > SCAN_BUDGET) out.push(`${result.preset}/${format}: scan ${run.ratio} x bare read (budget ${SCAN_BUDGET})`);
    if (result.preset === 'disclosure' && run.scan.peak_rss_mb > RSS_BUDGET_MB)
      out.push(`${result.preset}/${format}: peak RSS ${run.scan.peak_rss_mb} MB`);
    if (run.scan.spill_left_behind.length > 0)
      out.push(`${result.preset}/${format}: spill left behind ${run.scan.spill_left_behind.join(', ')}`);
  }
  return out;
}

function growthFailures(g) {
  if (!g) return [];
  return Object.entries(g).flatMap(([format, f]) =>
    Object.entries(f.stages)
      .filter(([, s]) => s.linear === false)
      .map(([name, s]) => `${format} ${name}: grew ${s.ratio} x for ${f.exchanges_ratio} x exchanges`),
  );
}

function printAll(all, presets) {
  for (const preset of presets) {
    const r = all.presets[preset];
    console.log(
      `\n${preset} (seed ${r.seed}; --memory-limit ${r.engine.memoryLimit}${r.engine.threads ? `, --threads ${r.engine.threads}` : ''})`,
    );
    console.log(
      `simulate: wall ${r.simulate.wall_s} s, CPU ${r.simulate.cpu_s} s, peak RSS ${r.simulate.peak_rss_mb} MB${r.simulate.reused ? ' (measured when generated)' : ''}`,
    );
    const rows = [['', ...Object.keys(r.runs)]];
    const cell = (f) => Object.values(r.runs).map(f);
    rows.push(['input MB', ...Object.keys(r.runs).map((f) => (r.inputs[f].bytes / 1024 / 1024).toFixed(0))]);
    rows.push(['exchanges', ...cell((x) => x.scan.exchanges?.toLocaleString('en') ?? '?')]);
    rows.push(['bare read wall s', ...cell((x) => x.bare.wall_s)]);
    rows.push(['bare read CPU s', ...cell((x) => x.bare.cpu_s)]);
    rows.push(['bare read peak RSS MB', ...cell((x) => x.bare.peak_rss_mb)]);
    for (const s of STAGES)
      rows.push([`scan ${s} s`, ...cell((x) => (x.scan.stages[s] === undefined ? '-' : (x.scan.stages[s] / 1000).toFixed(1)))]);
    rows.push(['scan wall s', ...cell((x) => x.scan.wall_s)]);
    rows.push(['scan CPU s', ...cell((x) => x.scan.cpu_s)]);
    rows.push(['scan peak RSS MB', ...cell((x) => x.scan.peak_rss_mb)]);
    rows.push(['scan peak spill MB', ...cell((x) => x.scan.peak_spill_mb)]);
    rows.push(['spill left behind', ...cell((x) => (x.scan.spill_left_behind.length ? x.scan.spill_left_behind.join(' ') : 'none'))]);
    rows.push([`scan / bare (<= ${SCAN_BUDGET})`, ...cell((x) => `${x.ratio} ${x.ratio <= SCAN_BUDGET ? 'ok' : 'OVER'}`)]);
    rows.push(['scan / bare, CPU time', ...cell((x) => x.cpu_ratio ?? round(x.scan.cpu_s / x.bare.cpu_s))]);
    if (preset === 'disclosure')
      rows.push([`peak RSS <= ${RSS_BUDGET_MB} MB`, ...cell((x) => (x.scan.peak_rss_mb <= RSS_BUDGET_MB ? 'ok' : 'OVER'))]);
    printRows(rows);
  }
  if (all.growth) {
    for (const [format, g] of Object.entries(all.growth)) {
      console.log(`\ngrowth large -> disclosure, ${format}: exchanges x${g.exchanges_ratio}, whole scan x${g.total_ratio}`);
      const rows = [['stage', 'large s', 'disclosure s', 'ratio', 'linear']];
      for (const [s, v] of Object.entries(g.stages)) {
        rows.push([
          s,
          (v.large_ms / 1000).toFixed(1),
          (v.disclosure_ms / 1000).toFixed(1),
          v.ratio ?? '-',
          v.linear === null ? '(too short)' : v.linear ? 'ok' : 'OVER',
        ]);
      }
      printRows(rows);
    }
  }
}

function printRows(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
}

function machine() {
  return {
    cpus: cpus().length,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    time: TIME_BIN ? '/usr/bin/time -v' : '/proc polling',
  };
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

function round(x) {
  return Math.round(x * 100) / 100;
}

function log(message) {
  console.error(`[scale] ${message}`);
}
