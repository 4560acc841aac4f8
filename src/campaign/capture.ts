/**
 * Capture–recapture over accounts: two detector families (infrastructure ties, behaviour signals)
 * each "capture" part of a campaign; how much they overlap says how many accounts neither saw.
 * Assumes the families are independent and the campaign's account set closed over the window;
 * when either fails the estimate leans high (positive dependence leans low), which the report says.
 */
export interface CaptureCounts {
  /** Accounts found by the infrastructure family. */
  first: number;
  /** Accounts found by the behaviour family. */
  second: number;
  /** Accounts found by both. */
  both: number;
}

export interface PopulationEstimate {
  /** Accounts either family found. */
  seen: number;
  /** Chapman's estimate of all accounts, never below `seen`. */
  total: number;
  variance: number;
  /** 95 % interval of `total` by Chao's log-normal method. */
  ci95: [number, number];
}

/** Chapman: N = (n1+1)(n2+1)/(m+1) − 1, with its variance and Chao's log-normal interval. */
export function chapman(counts: CaptureCounts): PopulationEstimate {
  const { first: n1, second: n2, both: m } = counts;
  if (m < 0 || m > n1 || m > n2) throw new RangeError(`capture counts out of range: n1=${n1} n2=${n2} m=${m}`);
  const seen = n1 + n2 - m;
  const raw = ((n1 + 1) * (n2 + 1)) / (m + 1) - 1;
  const variance = ((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m)) / ((m + 1) ** 2 * (m + 2));
  const total = Math.max(seen, raw);
  const unseen = total - seen;
  if (variance <= 0) return { seen, total, variance: 0, ci95: [total, total] };
  if (unseen <= 0) {
    // Chao's interval divides by the unseen count; at zero it is undefined, so fall back to normal.
    return { seen, total, variance, ci95: [seen, seen + 1.96 * Math.sqrt(variance)] };
  }
  const c = Math.exp(1.96 * Math.sqrt(Math.log(1 + variance / unseen ** 2)));
  return { seen, total, variance, ci95: [seen + unseen / c, seen + unseen * c] };
}
