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

/**
 * Capture–recapture over several sources at once (tie families, behaviour): each account's capture
 * history is the set of sources that caught it. Sources catch some accounts far more easily than
 * others (a hydra account on the operator's card is caught by billing, network and client at
 * once; a card-less one on residential exits by one family or none), which is heterogeneous
 * catchability (model Mh). Chao's lower bound for it: N = S + ((K−1)/K)·f1²/(2·f2), f1 and f2
 * the accounts caught by exactly one and exactly two of the K sources (f2 = 0: f1(f1−1)/2), with
 * Chao's variance and log-normal interval. A lower bound: the truth may be larger, never smaller
 * in expectation; when most accounts are caught by one source only, the unseen estimate and its
 * interval grow, which is what an uncertain detection should say.
 * `histories` holds, per account, how many sources caught it; accounts caught by none are found
 * accounts too (known, counted in `seen` by the caller), so they are left out here.
 */
export function chaoHeterogeneous(histories: readonly number[], sources: number): PopulationEstimate {
  if (!(sources >= 2)) throw new RangeError(`capture–recapture needs at least two sources, got ${sources}`);
  const caught = histories.filter((h) => h > 0);
  const seen = caught.length;
  const f1 = caught.filter((h) => h === 1).length;
  const f2 = caught.filter((h) => h === 2).length;
  const c = (sources - 1) / sources;
  const unseen = f2 > 0 ? (c * f1 * f1) / (2 * f2) : (c * f1 * (f1 - 1)) / 2;
  const total = seen + unseen;
  if (unseen <= 0) return { seen, total: seen, variance: 0, ci95: [seen, seen] };
  let variance: number;
  if (f2 > 0) {
    const r = f1 / f2;
    variance = f2 * ((c * c * r ** 4) / 4 + c * c * r ** 3 + (c * r * r) / 2);
  } else {
    variance = (c * f1 * (f1 - 1)) / 2 + (c * c * f1 * (2 * f1 - 1) ** 2) / 4 - (c * c * f1 ** 4) / (4 * Math.max(1, total));
    variance = Math.max(variance, unseen);
  }
  const k = Math.exp(1.96 * Math.sqrt(Math.log(1 + variance / unseen ** 2)));
  return { seen, total, variance, ci95: [seen + unseen / k, seen + unseen * k] };
}
