/**
 * Levels grade a campaign by how sure the score is and how big it is; the lower of the two wins,
 * so a certain but tiny campaign is "low" and a large but doubtful one is capped by its score.
 */
export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

const SCORE_STEPS = [0.55, 0.65, 0.75, 0.85];
/** Size steps in estimated exchanges, or accounts: the disclosed campaigns ran 150k to 13M exchanges. */
const EXCHANGE_STEPS = [100, 1_000, 10_000, 100_000];
const ACCOUNT_STEPS = [Infinity, 10, 50, 500];

export function levelOf(score: number, exchanges: number, accounts: number): Level {
  const scoreGrade = SCORE_STEPS.filter((s) => score >= s).length;
  const sizeGrade = Math.max(EXCHANGE_STEPS.filter((s) => exchanges >= s).length, ACCOUNT_STEPS.filter((s) => accounts >= s).length);
  return LEVELS[Math.min(scoreGrade, sizeGrade)]!;
}

export function isLevel(text: string): text is Level {
  return (LEVELS as readonly string[]).includes(text);
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}
