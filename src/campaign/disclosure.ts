/**
 * The wording an investigator can sign: "more than N", N below the interval's lower bound and
 * rounded down to three significant figures, so the claim stays true across the whole interval
 * and gives up less than 1 % of it to rounding. The lower bound itself never goes below the
 * exchanges observed less the separation's doubt (estimate.ts), so the wording says at least
 * what was seen: 19,484 exchanges observed and sure read "more than 19,400" — two figures would
 * read "more than 19,000" (up to 10 % less than what was seen, e.g. 10,999 → "more than 10,000").
 */
export function disclosure(lowerBound: number): string {
  // "More than N" needs N below the count: a bound of exactly 12,000 says "more than 11,900".
  return `more than ${roundDownThreeFigures(Math.ceil(lowerBound) - 1).toLocaleString('en-US')}`;
}

export function roundDownThreeFigures(value: number): number {
  if (!(value > 0)) return 0;
  const whole = Math.floor(value);
  if (whole < 1000) return whole;
  const unit = 10 ** (Math.floor(Math.log10(whole)) - 2);
  return Math.floor(whole / unit) * unit;
}
