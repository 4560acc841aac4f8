import type { Truth } from '../simulate/truth.js';
import type { ScoredReport } from './inputs.js';

export const EVALUATION_SCHEMA = 'distill-audit/evaluation@1';

export interface AccountScore {
  campaign_accounts: number;
  flagged: number;
  true_positives: number;
  false_positives: number;
  false_negatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface CampaignScore {
  id: string;
  actor: string;
  accounts: number;
  /** Predicted campaigns sharing accounts with this one, largest overlap first. */
  matched: { id: string; overlap: number }[];
  /** Of the accounts in the predicted campaigns assigned to this one, the share that truly belong to it. */
  purity: number | null;
  /** Of this campaign's accounts, the share found in the predicted campaigns assigned to it. */
  completeness: number;
  estimate: {
    truth: number;
    observed: number;
    estimate: number;
    ci95: [number, number];
    relative_error: number;
    truth_in_ci95: boolean;
  } | null;
  attribution: { expected: string | null; reported: string | null; correct: boolean } | null;
}

export interface TrapScore {
  kind: string;
  accounts: number;
  flagged: number;
  share: number;
}

export interface FileReconciliation {
  path: string;
  found: boolean;
  expected: { records: number; malformed: number; duplicates: number };
  reported: { records: number; rejected: number; duplicates: number } | null;
  ok: boolean;
}

export interface Evaluation {
  schema: typeof EVALUATION_SCHEMA;
  accounts: AccountScore;
  campaigns: CampaignScore[];
  /** Predicted campaigns sharing no account with any true campaign. */
  spurious: { id: string; accounts: number }[];
  traps: TrapScore[];
  /** Flagged accounts that are neither campaign nor trap accounts. */
  other_honest_flagged: number;
  reconciliation: { ok: boolean; files: FileReconciliation[] };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Scores a report against the ground truth. Pure: the same inputs give the same evaluation. */
export function evaluate(truth: Truth, report: ScoredReport): Evaluation {
  const owner = new Map<string, string>();
  for (const c of truth.campaigns) for (const a of c.accounts) owner.set(a, c.id);
  const flagged = new Set<string>();
  for (const p of report.campaigns) for (const a of p.accounts) flagged.add(a);

  let tp = 0;
  for (const a of flagged) if (owner.has(a)) tp++;
  const precision = ratio(tp, flagged.size);
  const recall = ratio(tp, owner.size);
  const accounts: AccountScore = {
    campaign_accounts: owner.size,
    flagged: flagged.size,
    true_positives: tp,
    false_positives: flagged.size - tp,
    false_negatives: owner.size - tp,
    precision,
    recall,
    f1: precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null,
  };

  // Each predicted campaign is assigned to the true campaign it overlaps most (ties: truth order).
  const assigned = new Map<string, ScoredReport['campaigns']>();
  const spurious: Evaluation['spurious'] = [];
  const overlaps = new Map<string, { id: string; overlap: number }[]>();
  for (const p of report.campaigns) {
    const counts = new Map<string, number>();
    for (const a of new Set(p.accounts)) {
      const t = owner.get(a);
      if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const c of truth.campaigns) {
      const n = counts.get(c.id) ?? 0;
      if (n > 0) {
        const list = overlaps.get(c.id) ?? [];
        list.push({ id: p.id, overlap: n });
        overlaps.set(c.id, list);
      }
      if (n > 0 && (best === null || n > (counts.get(best) ?? 0))) best = c.id;
    }
    if (best === null) spurious.push({ id: p.id, accounts: new Set(p.accounts).size });
    else assigned.set(best, [...(assigned.get(best) ?? []), p]);
  }

  const campaigns: CampaignScore[] = truth.campaigns.map((c) => {
    const mine = assigned.get(c.id) ?? [];
    const union = new Set(mine.flatMap((p) => p.accounts));
    const members = new Set(c.accounts);
    let hit = 0;
    for (const a of union) if (members.has(a)) hit++;
    const matched = (overlaps.get(c.id) ?? []).sort((x, y) => y.overlap - x.overlap || (x.id < y.id ? -1 : 1));
    let estimate: CampaignScore['estimate'] = null;
    if (mine.length > 0) {
      const sum = (f: (p: ScoredReport['campaigns'][number]) => number) => mine.reduce((s, p) => s + f(p), 0);
      const est = sum((p) => p.exchanges.estimate);
      const lo = sum((p) => p.exchanges.ci95[0]);
      const hi = sum((p) => p.exchanges.ci95[1]);
      // Estimates aim at the whole traffic, so a sampled export is scored against the unsampled count.
      const target = c.exchanges_unsampled;
      estimate = {
        truth: target,
        observed: sum((p) => p.exchanges.observed),
        estimate: est,
        ci95: [lo, hi],
        relative_error: target > 0 ? (est - target) / target : 0,
        truth_in_ci95: lo <= target && target <= hi,
      };
    }
    const best = matched.length > 0 ? report.campaigns.find((p) => p.id === matched[0]!.id)! : null;
    const expected = c.covered_by_indicators ? c.actor : null;
    return {
      id: c.id,
      actor: c.actor,
      accounts: members.size,
      matched,
      purity: ratio(hit, union.size),
      completeness: members.size > 0 ? hit / members.size : 0,
      estimate,
      attribution: best
        ? { expected, reported: best.attribution.actor ?? null, correct: (best.attribution.actor ?? null) === expected }
        : null,
    };
  });

  const trapAccounts = new Set<string>();
  const traps: TrapScore[] = truth.traps.map((t) => {
    let n = 0;
    for (const a of t.accounts) {
      trapAccounts.add(a);
      if (flagged.has(a)) n++;
    }
    return { kind: t.kind, accounts: t.accounts.length, flagged: n, share: t.accounts.length > 0 ? n / t.accounts.length : 0 };
  });
  let otherHonest = 0;
  for (const a of flagged) if (!owner.has(a) && !trapAccounts.has(a)) otherHonest++;

  return {
    schema: EVALUATION_SCHEMA,
    accounts,
    campaigns,
    spurious,
    traps,
    other_honest_flagged: otherHonest,
    reconciliation: reconcile(truth, report),
  };
}

/** Matches each planted file to the report's input of the same trailing path and compares the counts. */
function reconcile(truth: Truth, report: ScoredReport): Evaluation['reconciliation'] {
  const norm = (p: string) => p.replace(/\\/g, '/');
  const files: FileReconciliation[] = truth.files.map((f) => {
    const input = report.inputs.find((i) => norm(i.path) === f.path || norm(i.path).endsWith('/' + f.path));
    const expected = { records: f.records, malformed: f.malformed, duplicates: f.duplicates };
    if (!input) return { path: f.path, found: false, expected, reported: null, ok: false };
    const reported = { records: input.records, rejected: input.rejected, duplicates: input.duplicates };
    return {
      path: f.path,
      found: true,
      expected,
      reported,
      ok: reported.records === f.records && reported.rejected === f.malformed && reported.duplicates === f.duplicates,
    };
  });
  return { ok: files.every((f) => f.ok), files };
}
