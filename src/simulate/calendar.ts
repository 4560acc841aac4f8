import type { SimulationPlan } from './preset.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** A Monday, so weekday rhythms line up with day indexes. */
const START = Date.UTC(2026, 1, 2);

export const MODELS = { current: 'sonata-2', lite: 'sonata-2-lite', next: 'sonata-3' } as const;

/** When things happen in the simulated period. */
export interface Calendar {
  start: number;
  end: number;
  days: number;
  /** Release of the new model: a late-afternoon launch, as launches usually are. */
  releaseAt: number;
  /** The ban wave, at least a day after the release so the pivot is visible before it. */
  banAt: number;
}

export function makeCalendar(plan: SimulationPlan): Calendar {
  const releaseDay = Math.floor(plan.days * 0.45);
  const banDay = Math.min(plan.days - 1, Math.max(Math.floor(plan.days * 0.7), releaseDay + 2));
  return {
    start: START,
    end: START + plan.days * DAY_MS,
    days: plan.days,
    releaseAt: START + releaseDay * DAY_MS + 17 * HOUR_MS,
    banAt: START + banDay * DAY_MS + 3 * HOUR_MS,
  };
}

export function dayStart(cal: Calendar, day: number): number {
  return cal.start + day * DAY_MS;
}

/** 0 = Monday ... 6 = Sunday. */
export function weekday(cal: Calendar, day: number): number {
  return (new Date(dayStart(cal, day)).getUTCDay() + 6) % 7;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
