import type { Campaign, Report } from './model.js';

/**
 * Campaigns of two runs compared. Ids are per run (C1 is the largest today, maybe not tomorrow),
 * so campaigns are matched by the accounts they share: two campaigns are the same when at least
 * `minOverlap` of the smaller one's accounts are in the other. Matching is one-to-one, strongest
 * overlap first.
 */
export interface DiffOptions {
  /** Share of the smaller campaign's accounts found in the other, for a match. */
  minOverlap: number;
  /** Relative rise of the exchange estimate or account count that makes a match "grown". */
  growth: number;
}

export const DEFAULT_DIFF: DiffOptions = { minOverlap: 0.5, growth: 0.1 };

export type ChangeKind = 'new' | 'grown' | 'shrunk' | 'unchanged' | 'vanished';

export interface CampaignChange {
  change: ChangeKind;
  old: CampaignBrief | null;
  new: CampaignBrief | null;
  shared_accounts: number;
  overlap: number;
}

export interface CampaignBrief {
  id: string;
  actor: string | null;
  accounts: number;
  estimate: number;
  observed: number;
  first_seen: string;
  last_seen: string;
}

export interface ReportDiff {
  schema: 'distill-audit/diff@1';
  old: { generated_at: string; campaigns: number };
  new: { generated_at: string; campaigns: number };
  options: DiffOptions;
  counts: Record<ChangeKind, number>;
  changes: CampaignChange[];
}

export function diffReports(older: Report, newer: Report, options: DiffOptions = DEFAULT_DIFF): ReportDiff {
  const pairs: { o: number; n: number; shared: number; overlap: number }[] = [];
  const oldSets = older.campaigns.map((c) => new Set(c.accounts));
  newer.campaigns.forEach((nc, n) => {
    oldSets.forEach((os, o) => {
      let shared = 0;
      for (const a of nc.accounts) if (os.has(a)) shared++;
      const smaller = Math.min(os.size, nc.accounts.length);
      const overlap = smaller > 0 ? shared / smaller : 0;
      if (shared > 0 && overlap >= options.minOverlap) pairs.push({ o, n, shared, overlap });
    });
  });
  pairs.sort((a, b) => b.overlap - a.overlap || b.shared - a.shared || a.n - b.n || a.o - b.o);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const changes: CampaignChange[] = [];
  for (const p of pairs) {
    if (usedOld.has(p.o) || usedNew.has(p.n)) continue;
    usedOld.add(p.o);
    usedNew.add(p.n);
    const o = older.campaigns[p.o]!;
    const n = newer.campaigns[p.n]!;
    changes.push({ change: compare(o, n, options), old: brief(o), new: brief(n), shared_accounts: p.shared, overlap: round(p.overlap) });
  }
  newer.campaigns.forEach((n, i) => {
    if (!usedNew.has(i)) changes.push({ change: 'new', old: null, new: brief(n), shared_accounts: 0, overlap: 0 });
  });
  older.campaigns.forEach((o, i) => {
    if (!usedOld.has(i)) changes.push({ change: 'vanished', old: brief(o), new: null, shared_accounts: 0, overlap: 0 });
  });
  changes.sort(
    (a, b) =>
      ORDER[a.change] - ORDER[b.change] ||
      (b.new?.estimate ?? b.old!.estimate) - (a.new?.estimate ?? a.old!.estimate) ||
      key(a).localeCompare(key(b)),
  );
  const counts = { new: 0, grown: 0, shrunk: 0, unchanged: 0, vanished: 0 };
  for (const c of changes) counts[c.change]++;
  return {
    schema: 'distill-audit/diff@1',
    old: { generated_at: older.generated_at, campaigns: older.campaigns.length },
    new: { generated_at: newer.generated_at, campaigns: newer.campaigns.length },
    options,
    counts,
    changes,
  };
}

/** New and grown campaigns are what a daily CI run should raise. */
export function needsAttention(diff: ReportDiff): boolean {
  return diff.counts.new > 0 || diff.counts.grown > 0;
}

const ORDER: Record<ChangeKind, number> = { new: 0, grown: 1, vanished: 2, shrunk: 3, unchanged: 4 };

function compare(o: Campaign, n: Campaign, options: DiffOptions): ChangeKind {
  const rise = (a: number, b: number) => (a > 0 ? (b - a) / a : b > 0 ? Infinity : 0);
  const exchanges = rise(o.exchanges.estimate, n.exchanges.estimate);
  const accounts = rise(o.account_count, n.account_count);
  if (exchanges >= options.growth || accounts >= options.growth) return 'grown';
  if (exchanges <= -options.growth || accounts <= -options.growth) return 'shrunk';
  return 'unchanged';
}

function brief(c: Campaign): CampaignBrief {
  return {
    id: c.id,
    actor: c.attribution.actor,
    accounts: c.account_count,
    estimate: c.exchanges.estimate,
    observed: c.exchanges.observed,
    first_seen: c.first_seen,
    last_seen: c.last_seen,
  };
}

function key(c: CampaignChange): string {
  return `${c.new?.id ?? ''}\u0000${c.old?.id ?? ''}`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
