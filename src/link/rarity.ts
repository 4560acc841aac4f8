/**
 * How much a shared value says about two accounts falls with the number of accounts sharing it.
 * Two factors: FRAUDAR's column weight 1/log(degree + 5), scaled so a value shared by exactly two
 * accounts weighs 1, which falls slowly with the absolute count; and the inverse document
 * frequency within this population, ln(N/d) / ln(N/2), which falls to 0 as a value approaches
 * everyone. The second matters in small populations, where a browser build shared by 19 of 800
 * accounts is common although 19 is a small number. A carrier NAT address shared by 500 of 5,000
 * accounts weighs 0.31 x 0.27 = 0.08 of a private one.
 */
export function raritySql(population: number): string {
  const n = Math.max(1, Math.round(population));
  if (n <= 4) return 'least(1.0, ln(7.0) / ln(accounts + 5.0))';
  return `least(1.0, ln(7.0) / ln(accounts + 5.0)) * greatest(0.0, least(1.0, ln(${n}.0 / accounts) / ln(${n}.0 / 2.0)))`;
}

export interface ExpansionLimits {
  /** Values shared by at most this many accounts expand to every pair of them. */
  fullPairsMax: number;
  /**
   * Above `fullPairsMax`, each member is linked to its successor in `rings` orderings of the
   * members by a per-account hash: a sparse, connected sketch of the clique with at most
   * `rings` edges per member. The hash depends on the account only, so accounts that keep
   * appearing together (a campaign behind one proxy pool) get the same neighbours for every
   * value they share and their overlap still accumulates, while the cost stays linear.
   */
  rings: number;
  /**
   * Values shared by more than this many accounts are hubs (a popular SDK, a mobile carrier's
   * NAT pool): they make no ties and count in no account's mass. Recorded in `link_values`.
   */
  hubMin: number;
  /** ...or by more than this share of all accounts, whichever is larger. */
  hubShare: number;
}

export const DEFAULT_LIMITS: ExpansionLimits = { fullPairsMax: 40, rings: 3, hubMin: 1000, hubShare: 0.05 };

/** The hub threshold for a population of `accounts` accounts. */
export function hubThreshold(accounts: number, limits: ExpansionLimits = DEFAULT_LIMITS): number {
  return Math.max(limits.hubMin, Math.ceil(limits.hubShare * accounts));
}
