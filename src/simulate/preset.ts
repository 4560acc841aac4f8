import { UserError } from '../errors.js';
import { DISCLOSED_EVASION } from './evasion.js';
import { parseTactics, type Tactic } from './tactics.js';

export const PRESET_NAMES = ['tiny', 'small', 'medium', 'large', 'disclosure'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The size of a simulated world. Exchange figures are expectations; the draw decides the exact count. */
export interface Preset {
  days: number;
  genuineAccounts: number;
  /** Expected genuine exchanges over the whole period (traps and hydra customers included). */
  genuineExchanges: number;
  /** Share of all exchanges that are campaign traffic. */
  campaignShare: number;
  /** Accounts of the reasoning, agentic and agentic-coding campaigns, before re-registration. */
  campaignAccounts: readonly [number, number, number];
  /** Split of campaign exchanges between the three campaigns. */
  campaignSplit: readonly [number, number, number];
  /** Scale of the trap groups (1 = the smallest useful size). */
  trapScale: number;
  /** Write every day gzip-compressed (large presets: keeps the disk footprint sane). */
  compressAll: boolean;
}

// The disclosure preset follows the public figures: ~24,000 accounts, ~16M campaign exchanges,
// split roughly 150k / 3.4M / 13M between a reasoning, an agentic and an agentic-coding operator.
// Smaller presets keep the small campaign large enough to be seen at all.
export const PRESETS: Record<PresetName, Preset> = {
  tiny: {
    days: 7,
    genuineAccounts: 84,
    genuineExchanges: 1_800,
    campaignShare: 0.42,
    campaignAccounts: [5, 10, 18],
    campaignSplit: [0.14, 0.3, 0.56],
    trapScale: 1,
    compressAll: false,
  },
  small: {
    days: 14,
    genuineAccounts: 600,
    genuineExchanges: 26_000,
    campaignShare: 0.42,
    campaignAccounts: [14, 40, 90],
    campaignSplit: [0.06, 0.27, 0.67],
    trapScale: 2,
    compressAll: false,
  },
  medium: {
    days: 21,
    genuineAccounts: 4_000,
    genuineExchanges: 170_000,
    campaignShare: 0.45,
    campaignAccounts: [40, 260, 700],
    campaignSplit: [0.03, 0.24, 0.73],
    trapScale: 4,
    compressAll: false,
  },
  large: {
    days: 28,
    genuineAccounts: 30_000,
    genuineExchanges: 1_600_000,
    campaignShare: 0.6,
    campaignAccounts: [200, 1_600, 4_400],
    campaignSplit: [0.012, 0.21, 0.778],
    trapScale: 10,
    compressAll: true,
  },
  disclosure: {
    days: 42,
    genuineAccounts: 60_000,
    genuineExchanges: 6_000_000,
    campaignShare: 0.73,
    campaignAccounts: [600, 6_000, 15_600],
    campaignSplit: [0.009, 0.206, 0.785],
    trapScale: 20,
    compressAll: true,
  },
};

/** Everything a run depends on; the output is a pure function of this. */
export interface SimulationPlan {
  preset: PresetName;
  seed: number;
  days: number;
  /** 0 = naive operators, 1 = operators doing their best to blend in. */
  evasion: number;
  campaignShare: number;
  /** Fraction of all exchanges the export keeps. */
  samplingRate: number;
  /** Tradecraft switched on (tactics.ts), in TACTICS order; empty = the disclosed campaigns as they were. */
  tactics: readonly Tactic[];
  size: Preset;
}

export interface PlanFlags {
  preset?: string;
  seed?: number;
  evasion?: number;
  campaignShare?: number;
  samplingRate?: number;
  days?: number;
  /** `--tactics`: comma-separated names, `all` or `none`. */
  tactics?: string;
}

export function makePlan(flags: PlanFlags): SimulationPlan {
  const preset = (flags.preset ?? 'tiny') as PresetName;
  if (!PRESET_NAMES.includes(preset)) {
    throw new UserError(`--preset: "${flags.preset}" is not one of ${PRESET_NAMES.join(', ')}`);
  }
  const size = PRESETS[preset];
  const seed = flags.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0) throw new UserError(`--seed: "${flags.seed}" is not a non-negative integer`);
  const evasion = flags.evasion ?? DISCLOSED_EVASION;
  if (!(evasion >= 0 && evasion <= 1)) throw new UserError(`--evasion: "${flags.evasion}" must be between 0 and 1`);
  const campaignShare = flags.campaignShare ?? size.campaignShare;
  if (!(campaignShare > 0 && campaignShare < 1)) {
    throw new UserError(`--campaign-share: "${flags.campaignShare}" must be between 0 and 1 (exclusive)`);
  }
  const samplingRate = flags.samplingRate ?? 1;
  if (!(samplingRate > 0 && samplingRate <= 1)) {
    throw new UserError(`--sampling-rate: "${flags.samplingRate}" must be in (0, 1]`);
  }
  const days = flags.days ?? size.days;
  // Four days is the least that holds the release, the ban wave and the day after each.
  if (!Number.isInteger(days) || days < 4 || days > 366) throw new UserError(`--days: "${flags.days}" must be an integer from 4 to 366`);
  return { preset, seed, days, evasion, campaignShare, samplingRate, tactics: parseTactics(flags.tactics), size };
}
