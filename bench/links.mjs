// Budget of the links and cluster stages (issue 5): building edges and clusters must take at most
// 1.0x the load time of the same export, in the same run, with bounded memory.
// Input: the simulator's preset (default large), generated once into bench/out/links-<preset>-<seed>/.
// Phases run in this one process: load (+ window), features (templates feed the links; timed apart,
// not in the budget), links, cluster. Peak RSS per phase: /proc/self/status VmHWM, reset between
// phases by writing 5 to /proc/self/clear_refs (Linux).
//   npm run build && node bench/links.mjs [preset] [seed]
//   LINKS_BENCH_LOGS=path node bench/links.mjs   # any export instead of the simulator's (no accounts file)
//   LINKS_BENCH_DATA=/tmp/l node bench/links.mjs small 2   # simulator output kept in DIR/<preset>-<seed>/
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PRESET = process.argv[2] ?? 'large';
const SEED = process.argv[3] ?? '1';
const BUDGET = 1.0;
const LOGS = process.env.LINKS_BENCH_LOGS;
const DATA = process.env.LINKS_BENCH_DATA;
const out = DATA ? join(DATA, `${PRESET}-${SEED}`) : join(ROOT, 'bench', 'out', `links-${PRESET}-${SEED}`);
const dist = (p) => join(ROOT, 'dist', p);

function simulate() {
  if (existsSync(join(out, 'truth.json'))) return;
  mkdirSync(dirname(out), { recursive: true });
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'distill-audit'), 'simulate', '--preset', PRESET, '--seed', SEED, '--out', out],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error(`links bench: "distill-audit simulate --preset ${PRESET}" is not available or failed (exit ${run.status})`);
    process.exit(2);
  }
}

function peakMb() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

function resetPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* not Linux: peaks then accumulate */
  }
}

if (!LOGS) simulate();
const { Database } = await import(dist('db/database.js'));
const { loadStage } = await import(dist('load/index.js'));
const { windowStage } = await import(dist('load/window.js'));
const { featuresStage } = await import(dist('features/index.js'));
const { linkStage } = await import(dist('link/index.js'));
const { clusterStage } = await import(dist('cluster/index.js'));

const spill = join(tmpdir(), `distill-audit-links-bench-${process.pid}`);
// LINKS_BENCH_MEMORY=4GB caps DuckDB (it spills to `spill` beyond): peak RSS then shows the bound holds.
const db = await Database.open({ tempDirectory: spill, memoryLimit: process.env.LINKS_BENCH_MEMORY });
const quiet = { info() {}, warn: (m) => console.error(m), progress() {}, progressDone() {} };
const options = {
  paths: [LOGS ?? join(out, 'logs')],
  out: '',
  accounts: !LOGS && existsSync(join(out, 'accounts.csv')) ? join(out, 'accounts.csv') : undefined,
  strict: false,
  force: false,
  window: {},
  rules: [],
  extra: {},
};
const ctx = { db, options, log: quiet, now: new Date(0), timings: [] };
const phases = [];
async function phase(name, stages) {
  resetPeak();
  const started = performance.now();
  for (const s of stages) await s.run(ctx);
  phases.push({ phase: name, seconds: (performance.now() - started) / 1000, peak_rss_mb: peakMb() });
  console.error(`links bench: ${name} done in ${phases.at(-1).seconds.toFixed(1)} s, peak RSS ${phases.at(-1).peak_rss_mb} MB`);
}
try {
  await phase('load', [loadStage, windowStage]);
  await phase('features', [featuresStage]);
  await phase('links', [linkStage]);
  await phase('cluster', [clusterStage]);
  const counts = await db.one(`SELECT (SELECT count(*) FROM exchanges) AS exchanges,
      (SELECT count(DISTINCT account_id) FROM exchanges) AS accounts, (SELECT count(*) FROM link_items) AS link_items,
      (SELECT count(*) FROM edges) AS edges, (SELECT count(DISTINCT cluster_id) FROM clusters) AS clusters,
      (SELECT count(*) FROM clusters) AS clustered_accounts`);
  const quality =
    existsSync(join(out, 'truth.json')) && !LOGS ? await truthQuality(JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'))) : null;
  const load = phases.find((p) => p.phase === 'load').seconds;
  const linkCluster = phases.filter((p) => p.phase === 'links' || p.phase === 'cluster').reduce((s, p) => s + p.seconds, 0);
  const result = {
    input: LOGS ?? `simulate --preset ${PRESET} --seed ${SEED}`,
    memory_limit: process.env.LINKS_BENCH_MEMORY ?? null,
    ...counts,
    phases,
    ratio: linkCluster / load,
    budget: BUDGET,
    within_budget: linkCluster / load <= BUDGET,
    quality,
  };
  console.table(phases.map((p) => ({ ...p, seconds: Number(p.seconds.toFixed(2)) })));
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(
    join(ROOT, 'bench', 'out', LOGS ? 'links-results-custom.json' : `links-results-${PRESET}-${SEED}.json`),
    JSON.stringify(result, null, 2) + '\n',
  );
} finally {
  db.close();
  rmSync(spill, { recursive: true, force: true });
}

/**
 * Against the simulator's truth: per campaign, how many clusters its accounts (those with traffic)
 * fall in (an unclustered account counts as its own), the share in the largest and how many accounts
 * of others (honest, traps, other campaigns) those clusters hold; per trap group,
 * whether any of its accounts shares a cluster with a campaign account.
 */
async function truthQuality(truth) {
  const clusterOf = new Map((await db.all('SELECT account_id, cluster_id FROM clusters')).map((r) => [r.account_id, r.cluster_id]));
  const active = new Set((await db.all('SELECT DISTINCT account_id FROM exchanges')).map((r) => r.account_id));
  const campaignClusters = new Set();
  const campaigns = truth.campaigns.map((c) => {
    const accounts = c.accounts.filter((a) => active.has(a));
    const sizes = new Map();
    for (const a of accounts) {
      const k = clusterOf.get(a) ?? `alone:${a}`;
      sizes.set(k, (sizes.get(k) ?? 0) + 1);
      if (clusterOf.has(a)) campaignClusters.add(clusterOf.get(a));
    }
    const largest = Math.max(0, ...sizes.values());
    const own = new Set(c.accounts);
    const foreign = [...clusterOf].filter(([a, k]) => sizes.has(k) && !own.has(a)).length;
    return {
      id: c.id,
      accounts: accounts.length,
      clusters: sizes.size,
      largest_share: accounts.length ? Number((largest / accounts.length).toFixed(3)) : null,
      other_accounts_in_its_clusters: foreign,
    };
  });
  const traps = truth.traps.map((t) => {
    const accounts = t.accounts.filter((a) => active.has(a));
    const merged = accounts.filter((a) => campaignClusters.has(clusterOf.get(a)));
    return {
      kind: t.kind,
      accounts: accounts.length,
      clustered: accounts.filter((a) => clusterOf.has(a)).length,
      merged_with_campaign: merged.length,
    };
  });
  return { campaigns, traps };
}
