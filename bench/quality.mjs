// Detection quality on simulator traffic, measured with the built CLI (issue 6's quality bar).
//
//   node bench/quality.mjs --preset medium --seeds 101,202,303
//   node bench/quality.mjs --preset medium --seeds 101,202,303 --sampling 0.1
//   node bench/quality.mjs --preset medium --seeds 101 --evasion 0,0.25,0.5,0.75,1
//
// For every (seed, sampling rate, evasion) it runs `simulate`, `scan` and `evaluate --json`
// (scratch under --work, default /tmp/q; an existing simulation with the same arguments is
// reused unless --fresh), writes bench/out/quality-<preset>-<tag>.json and prints markdown
// tables: accounts, campaigns (estimate vs truth), traps, the bar of issue 6, and, with several
// evasion levels, the curve. Needs `npm run build` first. Exits 1 when a run misses the bar and
// --check is given.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'bin/distill-audit');

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'medium' },
    seeds: { type: 'string', default: '101,202,303' },
    sampling: { type: 'string' },
    evasion: { type: 'string' },
    work: { type: 'string', default: '/tmp/q' },
    threads: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  },
});

const list = (s) => (s === undefined ? [undefined] : s.split(',').map((x) => Number(x.trim())));
const seeds = list(values.seeds);
const samplings = list(values.sampling);
const evasions = list(values.evasion);

// The bar of issue 6. Estimates within 5 % (full exports) and the truth inside ci95 hold for every
// campaign; on a sampled export the bar is coverage alone (a 10 % sample of a 4,000-exchange campaign
// carries about ±5 % of sampling error by itself). The attribution is right when a covered campaign
// names its actor and an uncovered one names nobody.
const BAR = { precision: 0.99, recall: 0.97, error: 0.05, trapShare: 0.01 };

const runs = [];
for (const seed of seeds) {
  for (const sampling of samplings) {
    for (const evasion of evasions) {
      runs.push(await measure(seed, sampling, evasion));
    }
  }
}

const tag = [`s${seeds.join('-')}`, values.sampling ? `p${samplings.join('-')}` : '', values.evasion ? `e${evasions.join('-')}` : '']
  .filter(Boolean).join('_');
mkdirSync(join(root, 'bench/out'), { recursive: true });
const outFile = join(root, 'bench/out', `quality-${values.preset}-${tag}.json`);
writeFileSync(outFile, JSON.stringify({ preset: values.preset, bar: BAR, runs }, null, 2) + '\n');

print(runs);
console.log(`\n(written ${outFile})`);
if (values.check && runs.some((r) => !r.bar.met)) process.exitCode = 1;

async function measure(seed, sampling, evasion) {
  const name = [values.preset, seed, sampling !== undefined ? `p${sampling}` : '', evasion !== undefined ? `e${evasion}` : ''].filter(Boolean).join('-');
  const dir = join(values.work, name);
  const simArgs = ['simulate', '--preset', values.preset, '--seed', String(seed), '--out', dir, '--force', '--quiet'];
  if (sampling !== undefined) simArgs.push('--sampling-rate', String(sampling));
  if (evasion !== undefined) simArgs.push('--evasion', String(evasion));
  const stamp = join(dir, '.quality-args');
  const cliStamp = statStamp();
  const reuse = !values.fresh && existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify({ simArgs, cliStamp });
  const t0 = performance.now();
  if (!reuse) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(values.work, { recursive: true });
    execFileSync(process.execPath, [cli, ...simArgs], { stdio: 'inherit' });
    writeFileSync(stamp, JSON.stringify({ simArgs, cliStamp }));
  }
  const t1 = performance.now();
  const report = join(dir, 'report');
  const scanArgs = ['scan', join(dir, 'logs'), '--accounts', join(dir, 'accounts.csv'), '--indicators', join(dir, 'indicators.json'),
    '--out', report, '--force', '--quiet'];
  if (values.threads) scanArgs.push('--threads', values.threads);
  try {
    execFileSync(process.execPath, [cli, ...scanArgs], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    // Exit 1 means findings at --fail-on; only 2 and 3 are failures of the run.
    if (e.status !== 1) throw e;
  }
  const t2 = performance.now();
  const evaluation = JSON.parse(execFileSync(process.execPath, [cli, 'evaluate', '--truth', join(dir, 'truth.json'), '--report', report, '--json'], { encoding: 'utf8' }));
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
  const run = {
    seed, sampling: sampling ?? 1, evasion: evasion ?? null, dir,
    exchanges: truth.totals?.exchanges ?? null,
    seconds: { simulate: reuse ? null : round((t1 - t0) / 1000), scan: round((t2 - t1) / 1000) },
    evaluation,
  };
  run.bar = judge(evaluation, sampling ?? 1);
  console.error(`${name}: precision ${pct(evaluation.accounts.precision)} recall ${pct(evaluation.accounts.recall)} ` +
    `bar ${run.bar.met ? 'met' : 'missed: ' + run.bar.misses.join('; ')} (scan ${run.seconds.scan} s)`);
  return run;
}

// A rebuilt simulator must not reuse a simulation made by an older one: stamp its compiled files.
function statStamp() {
  const dir = join(root, 'dist/simulate');
  if (!existsSync(dir)) return 'none';
  const hash = createHash('sha256');
  for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js')).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  return hash.digest('hex').slice(0, 16);
}

function judge(ev, sampling) {
  const misses = [];
  const a = ev.accounts;
  if (!(a.precision >= BAR.precision)) misses.push(`precision ${pct(a.precision)}`);
  if (!(a.recall >= BAR.recall)) misses.push(`recall ${pct(a.recall)}`);
  for (const c of ev.campaigns) {
    const e = c.estimate;
    if (!e) { misses.push(`${c.id} not found`); continue; }
    if (sampling === 1 && !(Math.abs(e.relative_error) <= BAR.error)) misses.push(`${c.id} error ${signed(e.relative_error)}`);
    if (!e.truth_in_ci95) misses.push(`${c.id} truth outside ci95`);
    if (c.attribution && !c.attribution.correct) misses.push(`${c.id} actor ${c.attribution.reported}`);
  }
  for (const t of ev.traps) if (t.share > BAR.trapShare) misses.push(`trap ${t.kind} ${pct(t.share)}`);
  if (ev.spurious.length > 0) misses.push(`${ev.spurious.length} spurious campaigns`);
  return { met: misses.length === 0, misses };
}

function print(all) {
  const label = (r) => [`seed ${r.seed}`, r.sampling !== 1 ? `p=${r.sampling}` : '', r.evasion !== null ? `evasion ${r.evasion}` : ''].filter(Boolean).join(', ');
  console.log(`\n### Accounts (${values.preset})\n`);
  console.log(table(['run', 'exchanges', 'precision', 'recall', 'F1', 'flagged', 'missed', 'wrong', 'spurious', 'scan s', 'bar'],
    all.map((r) => {
      const a = r.evaluation.accounts;
      return [label(r), fmt(r.exchanges), pct(a.precision), pct(a.recall), pct(a.f1), fmt(a.flagged), fmt(a.false_negatives), fmt(a.false_positives),
        String(r.evaluation.spurious.length), String(r.seconds.scan), r.bar.met ? 'met' : 'missed: ' + r.bar.misses.join('; ')];
    })));

  console.log(`\n### Campaigns: estimate vs truth\n`);
  console.log(table(['run', 'campaign', 'accounts', 'found', 'purity', 'estimate', 'ci95', 'truth', 'error', 'in ci95', 'actor expected', 'actor reported'],
    all.flatMap((r) => r.evaluation.campaigns.map((c) => {
      const e = c.estimate;
      return [label(r), c.id, fmt(c.accounts), pct(c.completeness), pct(c.purity), e ? fmt(e.estimate) : '—', e ? `${fmt(e.ci95[0])}–${fmt(e.ci95[1])}` : '—',
        e ? fmt(e.truth) : '—', e ? signed(e.relative_error) : '—', e ? (e.truth_in_ci95 ? 'yes' : '**no**') : '—',
        c.attribution ? String(c.attribution.expected) : '—', c.attribution ? `${c.attribution.reported}${c.attribution.correct ? '' : ' (**wrong**)'}` : '—'];
    }))));

  const kinds = [...new Set(all.flatMap((r) => r.evaluation.traps.map((t) => t.kind)))];
  console.log(`\n### Traps: share of each group's accounts flagged\n`);
  console.log(table(['run', ...kinds, 'other honest flagged'], all.map((r) => [label(r),
    ...kinds.map((k) => { const t = r.evaluation.traps.find((x) => x.kind === k); return t ? `${t.flagged}/${t.accounts}` : '—'; }),
    String(r.evaluation.other_honest_flagged)])));

  if (evasions.length > 1) {
    const ids = [...new Set(all.flatMap((r) => r.evaluation.campaigns.map((c) => c.id)))];
    console.log(`\n### Evasion curve (mean over seeds ${seeds.join(', ')}${samplings[0] !== undefined ? `, sampling ${samplings.join('/')}` : ''})\n`);
    const rows = [];
    for (const sampling of samplings) {
      for (const evasion of evasions) {
        const rs = all.filter((r) => r.evasion === (evasion ?? null) && r.sampling === (sampling ?? 1));
        const mean = (f) => rs.reduce((s, r) => s + (f(r) ?? 0), 0) / rs.length;
        rows.push([String(evasion), String(sampling ?? 1), pct(mean((r) => r.evaluation.accounts.precision)), pct(mean((r) => r.evaluation.accounts.recall)),
          pct(mean((r) => r.evaluation.accounts.f1)),
          ...ids.map((id) => pct(mean((r) => r.evaluation.campaigns.find((c) => c.id === id)?.completeness))),
          ...ids.map((id) => signed(mean((r) => r.evaluation.campaigns.find((c) => c.id === id)?.estimate?.relative_error ?? -1))),
          `${rs.filter((r) => r.bar.met).length}/${rs.length}`]);
      }
    }
    console.log(table(['evasion', 'sampling', 'precision', 'recall', 'F1', ...ids.map((id) => `${id} found`), ...ids.map((id) => `${id} error`), 'bar met'], rows));
  }
}

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function round(x) { return Math.round(x * 10) / 10; }
function fmt(n) { return n === null || n === undefined ? '—' : Number(n).toLocaleString('en'); }
function pct(x) { return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`; }
function signed(x) { return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`; }
