import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import type { Stage } from '../pipeline.js';

/**
 * Exchanges dated more than a day after this machine's clock cannot have happened yet: a log
 * host's clock a few hours ahead, or local time written as UTC, stays within a day; a record
 * dated 9999-12-31 does not. Such exchanges are counted and reported, and never anchor `--last`.
 */
export const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

/** The window as applied, with what fell outside it: one row of `window_applied`, read by the report. */
export interface AppliedWindow {
  since: string | null;
  until: string | null;
  last_ms: number | null;
  /** Where the window starts (inclusive) and ends: `until` exclusive, `anchor` (the end of `--last`) inclusive. */
  from: string | null;
  anchor: string | null;
  stored: number;
  inside: number;
  before: number;
  after: number;
  /** Exchanges dated after this machine's clock (plus the tolerance), and the latest of them. */
  future: number;
  future_latest: string | null;
}

/**
 * The run's time window, applied once: `exchanges` is the view every later stage and output
 * reads, over the stored `loaded_exchanges`. `--last` ends at the latest exchange loaded that is
 * not future-dated (`FUTURE_TOLERANCE_MS`), so the same input gives the same window whenever it
 * is scanned and one absurd timestamp cannot move the window past every real exchange. A window
 * that leaves none of the exchanges loaded is the user's error (exit 2).
 */
export const windowStage: Stage = {
  name: 'window',
  async run(ctx: Context): Promise<void> {
    const { since, until, lastMs } = ctx.options.window;
    // The machine's clock, not the run's (SOURCE_DATE_EPOCH pins only what the report prints).
    const horizon = new Date(Date.now() + FUTURE_TOLERANCE_MS);
    let from = since ?? null;
    let anchor: Date | null = null;
    let nothing = false;
    if (lastMs !== undefined) {
      const latest = await ctx.db.value<string | null>(
        `SELECT strftime(max(ts), '%Y-%m-%dT%H:%M:%S.%fZ') FROM loaded_exchanges
          WHERE ($until::TIMESTAMP IS NULL OR ts < $until::TIMESTAMP) AND ts <= $horizon::TIMESTAMP`,
        { until: until ? until.toISOString() : null, horizon: horizon.toISOString() },
      );
      if (latest) {
        anchor = new Date(latest);
        const start = new Date(anchor.getTime() - lastMs);
        // A length past the calendar's start (--last 99999999999d) starts at the first exchange.
        if (!Number.isNaN(start.getTime()) && start.getUTCFullYear() >= 1 && (!from || start > from)) from = start;
      } else {
        nothing = true;
      }
    }
    // A TEMP view: a kept database (--db) stores every exchange, never one run's window.
    await ctx.db.run(`CREATE OR REPLACE TEMP VIEW exchanges AS
      SELECT * FROM loaded_exchanges
       WHERE ${nothing ? 'false' : 'true'} AND ts >= coalesce(${literal(from)}, ts) AND ts < coalesce(${literal(until ?? null)}, ts + INTERVAL 1 MICROSECOND)
         AND ts <= coalesce(${literal(anchor)}, ts)`);
    const counts = (await ctx.db.one<{ stored: number; inside: number; before: number; future: number; future_latest: string | null }>(
      `SELECT count(*) AS stored,
              (SELECT count(*) FROM exchanges) AS inside,
              count(*) FILTER (WHERE ts < coalesce(${literal(from)}, ts)) AS before,
              count(*) FILTER (WHERE ts > $horizon::TIMESTAMP) AS future,
              strftime(max(ts) FILTER (WHERE ts > $horizon::TIMESTAMP), '%Y-%m-%dT%H:%M:%SZ') AS future_latest
         FROM loaded_exchanges`,
      { horizon: horizon.toISOString() },
    ))!;
    const applied: AppliedWindow = {
      since: iso(since ?? null),
      until: iso(until ?? null),
      last_ms: lastMs ?? null,
      from: iso(from),
      anchor: iso(anchor),
      stored: counts.stored,
      inside: counts.inside,
      before: counts.before,
      after: counts.stored - counts.inside - counts.before,
      future: counts.future,
      future_latest: counts.future_latest,
    };
    await ctx.db.run(`CREATE OR REPLACE TEMP TABLE window_applied AS SELECT $w::VARCHAR AS applied`, { w: JSON.stringify(applied) });
    const asked = since !== undefined || until !== undefined || lastMs !== undefined;
    if (asked && applied.stored > 0 && applied.inside === 0) {
      throw new UserError(
        `the time window ${describeWindow(applied)} holds none of the ${applied.stored} exchange(s) loaded (${applied.before} before it, ${applied.after} after it${applied.future ? `, ${applied.future} dated after this machine's clock` : ''})`,
        'window-empty',
      );
    }
    if (applied.future > 0) {
      ctx.log.warn(
        `${applied.future} exchange(s) dated after this machine's clock (latest ${applied.future_latest})${lastMs !== undefined ? '; --last ends at the latest exchange before it' : ''}`,
      );
    }
  },
};

/** The window in words: "from A to B", with the end's kind, for messages and reports. */
export function describeWindow(w: AppliedWindow): string {
  const start = w.from ? `from ${w.from}` : 'from the first exchange';
  const end = w.anchor
    ? `to ${w.anchor} (the latest exchange${w.future ? ' not dated in the future' : ''}, included)`
    : w.until
      ? `to ${w.until} (excluded)`
      : w.last_ms !== null
        ? "to the latest exchange (none is dated before this machine's clock)"
        : 'to the last exchange';
  return `${start} ${end}`;
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString().replace(/\.000Z$/, 'Z') : null;
}

/** Views cannot hold bound parameters; a Date rendered by us (never user text) is safe to splice. */
function literal(d: Date | null): string {
  return d ? `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'` : 'NULL::TIMESTAMP';
}
