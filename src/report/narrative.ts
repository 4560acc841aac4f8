import { EVIDENCE } from '../load/evidence.js';
import { describeWindow } from '../load/window.js';
import type { Campaign, Report } from './model.js';
import type { ReportView } from './view.js';

/**
 * The plain-language sentences of the report, shared by the Markdown and HTML renderers so both
 * say the same thing. Plain text only: each renderer escapes it for its own format.
 */

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '—');

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** "more than 13,000,000" reads "more than 13 million" in a sentence. */
export function inWords(disclosure: string): string {
  const m = /^(.*?)([\d,]+(?:\.\d+)?)(.*)$/.exec(disclosure);
  if (!m) return disclosure;
  const n = Number(m[2]!.replace(/,/g, ''));
  if (!Number.isFinite(n) || n < 1_000_000) return disclosure;
  const [unit, name] = n >= 1e9 ? [1e9, 'billion'] : [1e6, 'million'];
  const scaled = Math.floor((n / unit) * 10) / 10;
  return `${m[1]}${scaled.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${name}${m[3]}`;
}

export function actorPhrase(c: Campaign): string {
  const a = c.attribution;
  return a.actor
    ? `attributed with ${a.confidence ?? 'unstated'} confidence to ${a.actor}`
    : 'not attributed to any actor in the indicators supplied';
}

export function focusPhrase(c: Campaign): string {
  const main = c.focus.filter((f) => f.share >= 0.1).slice(0, 3);
  if (main.length === 0) return '';
  const parts = main.map((f) => `${f.capability} (${percent(f.share)})`);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `Its traffic centred on ${list}.`;
}

/** "Campaign C1, attributed with high confidence to Actor A, made more than 13 million exchanges through 2,100 accounts between … and …." */
export function campaignSentence(c: Campaign): string {
  const made = c.exchanges.disclosure ? inWords(c.exchanges.disclosure) : `about ${fmt(c.exchanges.estimate)}`;
  const accounts = `${fmt(c.account_count)} account${c.account_count === 1 ? '' : 's'}`;
  const sentence = `Campaign ${c.id}, ${actorPhrase(c)}, made ${made} exchanges through ${accounts} between ${day(c.first_seen)} and ${day(c.last_seen)}.`;
  const focus = focusPhrase(c);
  return focus ? `${sentence} ${focus}` : sentence;
}

export function interval(c: Campaign): string {
  const e = c.exchanges;
  return `${fmt(e.estimate)} (95% interval ${fmt(e.ci95[0])} to ${fmt(e.ci95[1])}; ${fmt(e.observed)} observed)`;
}

export function totalsSentence(report: Report): string {
  const t = report.totals;
  const sum = (k: 'records' | 'loaded' | 'rejected' | 'duplicates') => report.inputs.reduce((n, i) => n + i[k], 0);
  const files = `${report.inputs.length} input file${report.inputs.length === 1 ? '' : 's'}`;
  const period = t.start ? ` between ${t.start} and ${t.end}` : '';
  return (
    `The logs examined hold ${fmt(t.exchanges)} exchanges from ${fmt(t.accounts)} accounts${period}, ` +
    `read from ${files} (${fmt(sum('records'))} records: ${fmt(sum('loaded'))} loaded, ${fmt(sum('rejected'))} rejected, ${fmt(sum('duplicates'))} duplicates).`
  );
}

export function findingsSentence(report: Report): string {
  const n = report.campaigns.length;
  if (report.totals.exchanges === 0)
    return 'No exchange was examined (none loaded, or none in the time window), so no finding is possible: this is not a clean result.';
  if (n === 0) return 'No distillation campaign was found in these logs.';
  const attributed = report.campaigns.filter((c) => c.attribution.actor).length;
  return `${n} distillation campaign${n === 1 ? ' was' : 's were'} found; ${attributed} of them ${attributed === 1 ? 'is' : 'are'} attributed to a named actor.`;
}

export function samplingSentence(view: ReportView): string | null {
  if (view.samplingRate >= 1) return null;
  const pct = (view.samplingRate * 100).toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return `The export holds a ${pct}% sample of all exchanges; estimates and their intervals are scaled up by the sampling rate, observed counts are not.`;
}

/** Length of a --last window in words ("30 days", "36 hours"). */
export function duration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${fmt(ms / size)} ${name}${ms === size ? '' : 's'}`;
  }
  return `${fmt(ms)} ms`;
}

/**
 * The window as applied and what fell outside it: "The window runs from A to B (--last 30
 * days, ending at the latest exchange, included); 1,200 of the 5,000 exchanges loaded fell
 * outside it (1,199 before, 1 after)." Null when the report holds no window.
 */
export function windowSentence(report: Report): string | null {
  const w = report.window;
  if (!w) return null;
  const asked = [w.since && `--since ${w.since}`, w.until && `--until ${w.until}`, w.last_ms !== null && `--last ${duration(w.last_ms)}`]
    .filter(Boolean)
    .join(', ');
  const outside = w.stored - w.inside;
  const parts = [
    asked ? `The time window asked (${asked}) runs ${describeWindow(w)}` : `No time window was asked; every exchange loaded is examined`,
  ];
  if (asked)
    parts.push(
      outside > 0
        ? `${fmt(outside)} of the ${fmt(w.stored)} exchanges loaded fell outside it (${fmt(w.before)} before, ${fmt(w.after)} after)`
        : `all ${fmt(w.stored)} exchanges loaded fall inside it`,
    );
  let sentence = `${parts.join('; ')}.`;
  if (w.future > 0) {
    sentence += ` ${fmt(w.future)} exchange${w.future === 1 ? ' is' : 's are'} dated after the clock of the machine that ran the scan (latest ${w.future_latest}): the timestamps of the export are not all trustworthy${w.last_ms !== null ? ', and --last ends at the latest exchange before that clock' : ''}.`;
  }
  return sentence;
}

/** "3 files were skipped and not read: …": every input left alone, for the report's readers. */
export function skippedSentence(report: Report): string | null {
  const s = report.skipped_inputs ?? [];
  if (s.length === 0) return null;
  return `${fmt(s.length)} file${s.length === 1 ? ' was' : 's were'} met among the inputs and not read (listed with the reason in the chain of custody); their records, if any, are not in this report.`;
}

/**
 * What the inputs did not carry and what that means for the findings, one sentence a line:
 * the kinds absent, what each absence hides, the detectors and tie kinds that could not run, and
 * how to read the findings then. Empty when the report holds no coverage.
 */
export function evidenceSentences(report: Report): string[] {
  const e = report.evidence;
  if (!e) return [];
  const absent = e.kinds.filter((k) => k.present === 0);
  if (absent.length === 0) return ['The inputs carried every kind of evidence the detectors and ties use.'];
  const out = [`Evidence the inputs did not carry: ${absent.map((k) => k.label).join(', ')}.`];
  const noAccounts = absent.some((k) => k.kind === 'accounts');
  for (const k of absent) {
    // Without the accounts export, what its columns would have given is said once, by `accounts`.
    if (noAccounts && k.of === 'accounts' && k.kind !== 'accounts') continue;
    const without = EVIDENCE.find((x) => x.kind === k.kind)?.without;
    if (without) out.push(`Without ${k.label}, ${without}.`);
  }
  const label = (kind: string) => e.kinds.find((k) => k.kind === kind)?.label ?? kind;
  const { detectors, tie_kinds } = e.not_run;
  if (detectors.length)
    out.push(`Detectors that could not run: ${detectors.map((d) => `${d.name} (no ${d.missing.map(label).join(', no ')})`).join('; ')}.`);
  if (tie_kinds.length)
    out.push(
      `Kinds of tie that could not form: ${tie_kinds.map((t) => `${t.kind} (no ${t.missing.map(label).join(', no ')})`).join('; ')}.`,
    );
  if (detectors.length || tie_kinds.length) {
    out.push(
      report.campaigns.length
        ? 'The campaigns found rest on the evidence that was there; accounts tied to them only by the missing evidence are not counted, so membership and estimates may be low.'
        : 'Finding no campaign here is not a clean bill of health: a campaign that shows only through the missing evidence cannot be found in these inputs.',
    );
  }
  return out;
}

/** Whether every input's records add up to loaded + rejected + duplicates. */
export function reconciles(report: Report): boolean {
  return report.inputs.every((i) => i.records === i.loaded + i.rejected + i.duplicates + (i.filtered ?? 0) + (i.paired ?? 0));
}

/**
 * The reconciliation as a sentence's terms: the two counts of export profiles (rows that are not
 * exchanges, rows paired into another) only when some input has them.
 */
export function reconcileTerms(report: Report): string {
  const extra = [
    report.inputs.some((i) => (i.filtered ?? 0) > 0) ? 'not exchanges' : '',
    report.inputs.some((i) => (i.paired ?? 0) > 0) ? 'paired' : '',
  ].filter(Boolean);
  return ['loaded', 'rejected', 'duplicates', ...extra].join(' + ');
}

/** An input's format as shown: the export profile with the container, or the container alone. */
export function formatShown(i: { format: string; profile?: string }): string {
  return i.profile && i.profile !== 'generic' ? `${i.profile} (${i.format})` : i.format;
}

export const METHOD: readonly string[] = [
  'Every record of the exported request logs was loaded, rejected with a reason (see quarantine.jsonl) or recognised as a duplicate of an earlier record; the counts per file are in the chain of custody below.',
  'Detectors scored the behaviour of each account (volume, cadence, templating, elicitation of reasoning, capability focus, single-turn harvesting, model-release pivots, re-registration after bans, no usage ramp, key sprawl) and the ties between accounts (shared IPs in the same time windows, shared infrastructure, clients, billing and sign-up details, shared rare prompt templates, lockstep activity). A value shared by many accounts counts for less, so carrier NAT addresses and popular SDKs do not tie unrelated customers together.',
  'Tied accounts form clusters; a cluster whose combined behaviour scores as distillation is a campaign. Where an account also carries unrelated customers, only the exchanges that match the campaign are counted.',
  "A campaign is attributed to an actor only where the investigator's indicators cover part of it; the coverage of each indicator is listed. Unsupported attribution is left empty rather than guessed.",
];

export const LIMITS: readonly string[] = [
  'Observed counts include only exchanges present in the export and labelled to a campaign. Estimates add what sampling and accounts the detectors missed imply; the 95% interval combines the uncertainty of sampling, campaign membership and unseen accounts.',
  'The estimate of unseen accounts (capture–recapture across two detector families) assumes the families find accounts independently and the set of campaign accounts does not change during the period; where that fails, the estimate is low.',
  'The disclosure figure ("more than N") is below the lower end of the interval, rounded down to three significant figures (less than 1 % given up), so it can be stated with confidence.',
  'Findings are evidence of coordinated harvesting, not proof of intent; each should be reviewed with the signals and ties listed for it before action is taken.',
  'Request metadata (IPs, user agents, fingerprints) can be forged or shared by unrelated parties; attribution confidence reflects how much of a campaign the indicators cover and how many independent kinds of indicator agree.',
];
