// Every export profile's read against a bare DuckDB read of the same file (issue 12). Each
// profile's own fixture records (fixtures/exports/<profile>/) are repeated, in order, to about
// BENCH_MB MiB (default 100), their ids (`id`, `requestId`, `CorrelationId`… at any depth) made
// unique per copy so that rows pair and count as they would in a real export. JSON fixtures are
// written as JSON Lines (a large export is one record per line); a profile with only a CSV
// fixture is repeated as CSV, its copies then counted as duplicates (same work per row). Each
// file is measured as bench/profiles.mjs measures Bedrock: (a) bench/baseline.mjs, a bare
// read_json / read_csv -> Parquet COPY; (b) `distill-audit validate`; back to back, one profile
// after another, CPU ratio b/a printed and written to bench/out/results-profiles-all.json.
//   npm run build && node bench/profiles-all.mjs                 # every profile, 100 MiB each
//   BENCH_MB=20 node bench/profiles-all.mjs helicone portkey     # some profiles, smaller
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { measure } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const FIXTURES = join(ROOT, 'fixtures', 'exports');
const TARGET_MB = Number(process.env.BENCH_MB ?? 100);
const ID_KEYS = new Set([
  'id',
  'requestId',
  'request_id',
  'custom_id',
  'CorrelationId',
  'generation_id',
  'spanId',
  'response_id',
  'x-request-id',
]);

/** The fixture records of a profile (JSON values), or the lines of its CSV file. */
function fixtureOf(profile) {
  const dir = join(FIXTURES, profile);
  const files = readdirSync(dir)
    .filter((f) => !/\.md$|^expected\.json$/.test(f))
    .sort();
  // Companion tables (Azure's ApiManagementGatewayLogs) are not exchanges: left out.
  const data = files.filter((f) => !/GatewayLogs\./.test(f));
  const records = [];
  for (const f of data.filter((x) => /\.jsonl$|\.json$|\.json\.gz$/.test(x))) {
    const raw = f.endsWith('.gz') ? gunzipSync(readFileSync(join(dir, f))).toString('utf8') : readFileSync(join(dir, f), 'utf8');
    let doc;
    try {
      doc = f.endsWith('.jsonl') ? undefined : JSON.parse(raw);
    } catch {
      /* JSON Lines in a .json file (S3 objects) */
    }
    if (doc === undefined) {
      for (const line of raw.split('\n'))
        if (line.trim())
          try {
            records.push(JSON.parse(line));
          } catch {
            /* a bad line stays out */
          }
    } else {
      if (Array.isArray(doc)) records.push(...doc);
      else if (Array.isArray(doc.result)) records.push(...doc.result);
      else records.push(doc);
    }
  }
  if (records.length > 0) return { kind: 'jsonl', records };
  const csv = data.find((f) => f.endsWith('.csv'));
  const text = readFileSync(join(dir, csv), 'utf8');
  const header = text.slice(0, text.indexOf('\n') + 1);
  return { kind: 'csv', header, body: text.slice(header.length).replace(/\n*$/, '\n') };
}

/** A copy of a record with every id-like string value suffixed `~k` (at any depth). */
function renamed(value, k) {
  if (Array.isArray(value)) return value.map((v) => renamed(v, k));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, ID_KEYS.has(key) && typeof v === 'string' && v !== '' ? `${v}~${k}` : renamed(v, k)]),
    );
  }
  return value;
}

async function generate(profile) {
  const fixture = fixtureOf(profile);
  const file = join(OUT, `profile-${profile}-${TARGET_MB}mb.${fixture.kind}`);
  if (existsSync(`${file}.done`)) return file;
  mkdirSync(OUT, { recursive: true });
  const out = createWriteStream(file);
  const limit = TARGET_MB * 1024 * 1024;
  let bytes = 0;
  if (fixture.kind === 'csv') {
    out.write(fixture.header);
    while (bytes < limit) {
      bytes += Buffer.byteLength(fixture.body);
      if (!out.write(fixture.body)) await once(out, 'drain');
    }
  } else {
    for (let k = 0; bytes < limit; k++) {
      const chunk = fixture.records.map((r) => JSON.stringify(renamed(r, k)) + '\n').join('');
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(`${file}.done`, '');
  return file;
}

const all = readdirSync(FIXTURES)
  .filter((d) => statSync(join(FIXTURES, d)).isDirectory())
  .sort();
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
const results = [];
for (const profile of chosen) {
  const data = await generate(profile);
  const parquet = join(OUT, `baseline-${profile}.parquet`);
  rmSync(parquet, { force: true });
  const a = await measure([process.execPath, join(ROOT, 'bench', 'baseline.mjs'), data, parquet]);
  rmSync(parquet, { force: true });
  const b = await measure([process.execPath, join(ROOT, 'bin', 'distill-audit'), 'validate', data, '--quiet', '--json']);
  const input = JSON.parse(b.stdout).inputs[0];
  const ratio = (x, y) => (x === null || y === null ? null : Math.round((x / y) * 100) / 100);
  const row = {
    profile,
    file: data,
    bytes: statSync(data).size,
    detected: input.profile,
    records: input.records,
    loaded: input.loaded,
    duplicates: input.duplicates,
    prompts: input.columns?.find((c) => c.column === 'prompt')?.filled ?? null,
    baseline: { seconds: a.seconds, cpu_seconds: a.cpu_seconds, load_average: a.load_average },
    load: { seconds: b.seconds, cpu_seconds: b.cpu_seconds, peak_rss_mb: b.peak_rss_mb, load_average: b.load_average },
    cpu_ratio: ratio(b.cpu_seconds, a.cpu_seconds),
    time_ratio: ratio(b.seconds, a.seconds),
  };
  results.push(row);
  console.log(
    `${profile.padEnd(24)} ${(row.bytes / 2 ** 20).toFixed(0).padStart(5)} MiB ${String(row.records).padStart(8)} records, ${String(row.loaded).padStart(8)} loaded` +
      `  baseline cpu ${a.cpu_seconds} s  load cpu ${b.cpu_seconds} s  ratio ${row.cpu_ratio} (load avg ${b.load_average})`,
  );
}
writeFileSync(join(OUT, 'results-profiles-all.json'), JSON.stringify(results, null, 2) + '\n');
