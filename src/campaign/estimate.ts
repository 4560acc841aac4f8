import { chaoHeterogeneous, chapman, type CaptureCounts, type PopulationEstimate } from './capture.js';
import { disclosure } from './disclosure.js';
import { seededRandom } from '../random.js';

export interface EstimateInput {
  /** Campaign exchanges observed per account, in a fixed order (the bootstrap draws from it). */
  accountCounts: readonly number[];
  /** Fraction of all exchanges the export holds, in (0, 1]. */
  samplingRate: number;
  /** How the two detector families covered the campaign's accounts; null when not measurable. */
  capture: CaptureCounts | null;
  /**
   * Per account, how many of `sources` independent evidence sources caught it (0 for accounts
   * found otherwise); when given, Chao's heterogeneous-catchability bound replaces Chapman.
   */
  histories?: { caught: readonly number[]; sources: number } | null;
  /**
   * Exchanges the request-level separation may have put on the wrong side, in expectation
   * (`SeparationDoubt`): kept ones that may be customers', left ones that may be the campaign's.
   */
  separation?: { kept: number; left: number } | null;
  /**
   * Exchanges of accounts outside the campaign sent with its operator's settings (`separation_missed`):
   * traffic of accounts the decision may have missed. The upper bound makes room for all of it.
   */
  missed?: { accounts: number; exchanges: number } | null;
  seed: number;
  replicates?: number;
}

/** One source of uncertainty: the interval of the estimate if it were the only one. */
export type Band = [number, number];

export interface ExchangeEstimate {
  observed: number;
  estimate: number;
  ci95: [number, number];
  disclosure: string;
  /** Accounts seen and the capture–recapture estimate of all the campaign's accounts. */
  accounts: { seen: number; estimate: number; ci95: [number, number] };
  sources: { sampling: Band; membership: Band; unseen: Band; separation: Band; missed: Band };
  capture: CaptureCounts | null;
  /** Accounts outside the campaign sending with its operator's settings, and those exchanges (unscaled). */
  missed: { accounts: number; exchanges: number } | null;
}

const Z95 = 1.96;
const DEFAULT_REPLICATES = 2000;

/**
 * The estimate is observed exchanges scaled up twice: by the sampling rate (Horvitz–Thompson,
 * each exchange kept with probability p) and by the accounts neither detector family saw
 * (Chapman), assuming an unseen account is as busy as the average seen one. Each source gives
 * its own interval around the estimate; the combined interval adds their half-widths in
 * quadrature on each side, treating the sources as independent.
 */
export function estimateExchanges(input: EstimateInput): ExchangeEstimate {
  const p = input.samplingRate;
  if (!(p > 0 && p <= 1)) throw new RangeError(`sampling rate must be in (0, 1], got ${p}`);
  const counts = input.accountCounts;
  const n = counts.length;
  const observed = counts.reduce((a, b) => a + b, 0);

  const population: PopulationEstimate =
    input.histories && n > 0
      ? chaoHeterogeneous(input.histories.caught, input.histories.sources)
      : input.capture && n > 0
        ? chapman(input.capture)
        : { seen: n, total: n, variance: 0, ci95: [n, n] };
  // Unseen accounts as a share of the accounts the campaign holds. Accounts neither family caught
  // but the clustering found anyway are part of the gap Chapman estimates, so they are known, not unseen.
  const unseenShare = (f: number) => (n > 0 ? Math.max(0, f - Math.max(n, population.seen)) / n : 0);
  const scale = (1 + unseenShare(population.total)) / p;
  const estimate = observed * scale;

  const [sampledLo, sampledHi] = samplingInterval(observed, p);
  const sampling: Band = [sampledLo * (1 + unseenShare(population.total)), sampledHi * (1 + unseenShare(population.total))];

  const [bootLo, bootHi] = bootstrapTotal(counts, input.seed, input.replicates ?? DEFAULT_REPLICATES);
  const membership: Band = [estimate - (observed - bootLo) * scale, estimate + (bootHi - observed) * scale];

  const unseen: Band = [(observed / p) * (1 + unseenShare(population.ci95[0])), (observed / p) * (1 + unseenShare(population.ci95[1]))];

  // The separation's doubt, both ways, scaled like the observed count (a 95 % band of twice the
  // expected error: the doubts are sums of many small chances).
  const doubt = input.separation ?? { kept: 0, left: 0 };
  const separation: Band = [estimate - 2 * doubt.kept * scale, estimate + 2 * doubt.left * scale];

  // Accounts the decision left out but that send with the operator's settings: not counted, but
  // possibly the campaign's, so the upper bound holds them whole (added, not in quadrature: if the
  // decision missed them it missed all of them).
  const missedExchanges = (input.missed?.exchanges ?? 0) / p;
  const missed: Band = [estimate, estimate + missedExchanges];

  const below = Math.hypot(estimate - sampling[0], estimate - membership[0], Math.max(0, estimate - unseen[0]), estimate - separation[0]);
  const above = Math.hypot(sampling[1] - estimate, membership[1] - estimate, Math.max(0, unseen[1] - estimate), separation[1] - estimate);
  const rounded = Math.round(estimate);
  // What was observed happened: no bound, and so no disclosure, goes below the exchanges the
  // separation is sure of.
  const certain = Math.max(0, Math.floor(observed - 2 * doubt.kept));
  const lo = Math.max(certain, Math.min(rounded, Math.floor(estimate - below)));
  const hi = Math.max(rounded, Math.ceil(estimate + above + missedExchanges));
  return {
    observed,
    estimate: rounded,
    ci95: [lo, hi],
    disclosure: disclosure(lo),
    accounts: {
      seen: population.seen,
      estimate: Math.round(population.total),
      ci95: [Math.floor(population.ci95[0]), Math.ceil(population.ci95[1])],
    },
    sources: {
      sampling: roundBand(sampling),
      membership: roundBand(membership),
      unseen: roundBand(unseen),
      separation: roundBand(separation),
      missed: roundBand(missed),
    },
    capture: input.capture,
    missed: input.missed ?? null,
  };
}

/**
 * 95 % interval of the exchanges N behind `kept` exchanges of an export that keeps each with
 * probability p: the N for which `kept` lies within 1.96 standard deviations of N·p (the score
 * interval of a binomial count). Unlike ±1.96·√(kept·(1−p))/p it does not shrink when the sample
 * happens to keep few — the variance is the one N implies, not the one the sample shows — so it
 * is wider above than below, and a campaign with a handful of kept exchanges still gets an honest
 * upper bound.
 */
export function samplingInterval(kept: number, p: number): [number, number] {
  if (p >= 1) return [kept, kept];
  const b = Z95 * Math.sqrt(p * (1 - p));
  const root = Math.sqrt(b * b + 4 * p * kept);
  // N = x², with p·x² ∓ b·x − kept = 0.
  return [((root - b) / (2 * p)) ** 2, ((root + b) / (2 * p)) ** 2];
}

/** Percentile 95 % interval of the campaign total when its accounts are drawn again with replacement. */
export function bootstrapTotal(counts: readonly number[], seed: number, replicates: number): [number, number] {
  const n = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  if (n < 2) return [total, total];
  const random = seededRandom(seed);
  const totals = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += counts[Math.floor(random() * n)]!;
    totals[r] = sum;
  }
  totals.sort();
  return [quantile(totals, 0.025), quantile(totals, 0.975)];
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const low = Math.floor(pos);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (pos - low);
}

function roundBand([lo, hi]: Band): Band {
  return [Math.max(0, Math.floor(lo)), Math.ceil(hi)];
}
