// Benchmark and separation check of the features stage and the account detectors.
//
//   node bench/detectors.mjs --preset small --seed 1 --seed 2 --seed 3 [--work /tmp/da-bench]
//   node bench/detectors.mjs --data DIR            (a `distill-audit simulate` output directory)
//
// For each data set, in one process: load + window (timed), then features and every detector
// (timed each). When DIR/truth.json exists, prints per detector the ROC AUC between campaign
// accounts and genuine accounts (an absent signal is strength 0; ties share ranks) and, per trap
// group, how many of its accounts the detector scores at 0.5 or more. Needs `npm run build` first.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const dist = (p) => import(join(root, 'dist', p));
const { Database } = await dist('db/database.js');
const { loadStage } = await dist('load/index.js');
const { windowStage } = await dist('load/window.js');
const { featuresStage } = await dist('features/index.js');
const { DETECTORS } = await dist('detectors/registry.js');
const { runDetectors } = await dist('detectors/index.js');

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'small' },
    seed: { type: 'string', multiple: true },
    data: { type: 'string', multiple: true },
    work: { type: 'string', default: '/tmp/da-bench-detectors' },
    threads: { type: 'string' },
  },
});

const sets =
  values.data?.map((d) => resolve(d)) ??
  (values.seed ?? ['1']).map((seed) => {
    const dir = join(values.work, `${values.preset}-${seed}`);
    if (!existsSync(join(dir, 'truth.json'))) {
      mkdirSync(values.work, { recursive: true });
      execFileSync(
        process.execPath,
        [join(root, 'bin/distill-audit'), 'simulate', '--preset', values.preset, '--seed', seed, '--out', dir],
        { stdio: 'inherit' },
      );
    }
    return dir;
  });

const aucs = new Map();
for (const dir of sets) {
  const side = (name) => (existsSync(join(dir, name)) ? join(dir, name) : undefined);
  const options = {
    paths: [join(dir, 'logs')],
    out: '',
    strict: false,
    force: false,
    window: {},
    rules: [],
    extra: {},
    accounts: side('accounts.csv'),
    indicators: side('indicators.json'),
    threads: values.threads ? Number(values.threads) : undefined,
  };
  const db = await Database.open({ threads: options.threads });
  const log = { info() {}, warn: (m) => console.error(`warning: ${m}`), progress() {}, progressDone() {} };
  const ctx = { db, options, log, now: new Date(0), timings: [] };
  const time = async (fn) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const loadMs = await time(async () => {
    await loadStage.run(ctx);
    await windowStage.run(ctx);
  });
  const featuresMs = await time(() => featuresStage.run(ctx));
  const signalsMs = await time(() => runDetectors(ctx, DETECTORS));
  const rows = Number(await db.value('SELECT count(*) FROM exchanges'));
  const accounts = Number(await db.value('SELECT count(*) FROM account_features'));
  console.log(`\n${dir}: ${rows.toLocaleString('en')} exchanges, ${accounts.toLocaleString('en')} accounts`);
  console.log(
    `  load ${fmt(loadMs)}  features ${fmt(featuresMs)}  detectors ${fmt(signalsMs)}  ` +
      `features+detectors = ${((featuresMs + signalsMs) / loadMs).toFixed(2)} × load`,
  );
  console.log('  ' + ctx.timings.map((t) => `${t.name} ${t.ms} ms`).join(', '));

  const truthPath = join(dir, 'truth.json');
  if (existsSync(truthPath)) {
    const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
    const campaign = new Set(truth.campaigns.flatMap((c) => c.accounts));
    const all = (await db.all('SELECT account_id FROM account_features ORDER BY account_id')).map((r) => r.account_id);
    const signals = await db.all('SELECT account_id, detector, strength FROM signals');
    const table = [];
    for (const d of DETECTORS) {
      const s = new Map(signals.filter((r) => r.detector === d.name).map((r) => [r.account_id, r.strength]));
      const pos = all.filter((a) => campaign.has(a)).map((a) => s.get(a) ?? 0);
      const neg = all.filter((a) => !campaign.has(a)).map((a) => s.get(a) ?? 0);
      const auc = rocAuc(pos, neg);
      aucs.set(d.name, [...(aucs.get(d.name) ?? []), auc]);
      const traps = truth.traps.map((t) => `${t.kind} ${t.accounts.filter((a) => (s.get(a) ?? 0) >= 0.5).length}/${t.accounts.length}`);
      // Most detectors target one kind of operator: the AUC of each campaign against genuine accounts shows which.
      const per = truth.campaigns.map(
        (c) =>
          `${c.id} ${rocAuc(
            c.accounts.filter((a) => s.has(a) || all.includes(a)).map((a) => s.get(a) ?? 0),
            neg,
          ).toFixed(2)}`,
      );
      table.push(
        `  ${d.name.padEnd(17)} AUC ${auc.toFixed(3)} (${per.join(', ')})  fired: campaign ${pos.filter((x) => x > 0).length}/${pos.length}, genuine ${neg.filter((x) => x > 0).length}/${neg.length}  traps ≥0.5: ${traps.join(', ')}`,
      );
    }
    console.log(table.join('\n'));
  }
  db.close();
}
if (aucs.size > 0 && sets.length > 1) {
  console.log('\nROC AUC per detector over the data sets:');
  for (const [name, list] of aucs)
    console.log(
      `  ${name.padEnd(17)} ${list.map((a) => a.toFixed(3)).join('  ')}  mean ${(list.reduce((x, y) => x + y, 0) / list.length).toFixed(3)}`,
    );
}

function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** Mann–Whitney form of the ROC AUC, ties counted half. */
function rocAuc(pos, neg) {
  if (pos.length === 0 || neg.length === 0) return NaN;
  const all = [...pos.map((v) => [v, 1]), ...neg.map((v) => [v, 0])].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const avg = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}
