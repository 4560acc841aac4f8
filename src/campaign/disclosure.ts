/**
 * The wording an investigator can sign: "more than N", N the interval's lower bound rounded
 * down to two significant figures, so the claim stays true across the whole interval.
 */
export function disclosure(lowerBound: number): string {
  return `more than ${roundDownTwoFigures(lowerBound).toLocaleString('en-US')}`;
}

export function roundDownTwoFigures(value: number): number {
  if (!(value > 0)) return 0;
  const whole = Math.floor(value);
  if (whole < 100) return whole;
  const unit = 10 ** (Math.floor(Math.log10(whole)) - 1);
  return Math.floor(whole / unit) * unit;
}
