import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { isoDate, makeCalendar } from './calendar.js';
import { generateDay } from './day.js';
import { byTime, type SimExchange } from './exchange.js';
import { accountsCsv } from './output/accounts-file.js';
import { writeDayFile, type FileTruth } from './output/day-file.js';
import type { LogFormat } from './output/formats.js';
import { indicatorsJson } from './output/indicators-file.js';
import { TextSink } from './output/sink.js';
import type { SimulationPlan } from './preset.js';
import { Random, unit } from './random.js';
import { LABELS_FILE, TruthTally, type Truth } from './truth.js';
import { buildWorld } from './world.js';

export interface SimulateOptions {
  out: string;
  force: boolean;
  /** Called once per written day. */
  progress?: (day: number, days: number) => void;
}

const OUR_FILES = ['logs', 'accounts.csv', 'indicators.json', 'truth.json', LABELS_FILE];

/**
 * Writes a simulated export with its ground truth into `out`: generated one day at a time, so
 * memory holds one day's exchanges however long the period is.
 */
export async function simulate(plan: SimulationPlan, options: SimulateOptions): Promise<Truth> {
  const out = options.out;
  prepare(out, options.force);
  const cal = makeCalendar(plan);
  const world = buildWorld(plan, cal);
  const tally = new TruthTally(world);
  const indexOf = new Map(world.accounts.map((a) => [a.id, a.index]));
  const mixed = new Set(world.accounts.filter((a) => a.campaign >= 0 && a.personas.length > 0).map((a) => a.id));
  const labels = new TextSink(join(out, LABELS_FILE), true);
  await labels.write('request_id,campaign\n');
  const files: FileTruth[] = [];
  for (let day = 0; day < plan.days; day++) {
    const all = generateDay(world, day);
    const kept: SimExchange[] = [];
    for (const e of all) {
      const account = indexOf.get(e.account_id)!;
      tally.generated(e, account);
      if (plan.samplingRate >= 1 || unit(plan.seed, 'sample', e.request_id) < plan.samplingRate) kept.push(e);
    }
    kept.sort(byTime);
    for (const e of kept) {
      tally.exported(e, indexOf.get(e.account_id)!);
      if (mixed.has(e.account_id)) await labels.write(`${e.request_id},${e.label >= 0 ? world.campaigns[e.label]!.id : ''}\n`);
    }
    const { name, format, compress } = dayFile(plan, cal.start, day);
    files.push(await writeDayFile(join(out, 'logs', name), `logs/${name}`, format, compress, kept, new Random(plan.seed, 'plant', day)));
    options.progress?.(day + 1, plan.days);
  }
  await labels.close();
  writeFileSync(join(out, 'accounts.csv'), accountsCsv(world.accounts));
  writeFileSync(join(out, 'indicators.json'), indicatorsJson(world));
  const truth = tally.finish(files);
  writeFileSync(join(out, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
  return truth;
}

/**
 * The variety of a real export: canonical JSON Lines most days, one day from another exporter
 * (aliased, nested, epoch ms), one gzip day, one CSV day.
 */
function dayFile(plan: SimulationPlan, start: number, day: number): { name: string; format: LogFormat; compress: boolean } {
  const date = isoDate(start + day * 86_400_000);
  const all = plan.size.compressAll;
  const gz = (name: string, on: boolean) => ({ name: on ? `${name}.gz` : name, compress: on });
  switch (day) {
    case 1:
      return { format: 'jsonl-aliased', ...gz(`export-${date}.ndjson`, all) };
    case 2:
      return { format: 'jsonl', ...gz(`${date}.jsonl`, true) };
    case 3:
      return { format: 'csv', ...gz(`${date}.csv`, all) };
    default:
      return { format: 'jsonl', ...gz(`${date}.jsonl`, all) };
  }
}

function prepare(out: string, force: boolean): void {
  if (existsSync(out)) {
    const present = readdirSync(out).filter((f) => OUR_FILES.includes(f));
    if (present.length > 0 && !force) {
      throw new UserError(`${out} already holds a simulation (${present.join(', ')}); use --force to replace it`, 'out-exists', out);
    }
    const others = readdirSync(out).filter((f) => !OUR_FILES.includes(f));
    if (others.length > 0 && !force)
      throw new UserError(`${out} is not empty; choose an empty or new directory, or use --force`, 'out-exists', out);
    for (const f of present) rmSync(join(out, f), { recursive: true, force: true });
  }
  mkdirSync(join(out, 'logs'), { recursive: true });
}
