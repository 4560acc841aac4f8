import type { Context } from '../context.js';
import type { Stage } from '../pipeline.js';

/**
 * The run's time window, applied once: `exchanges` is the view every later stage and output
 * reads, over the stored `loaded_exchanges`. `--last` ends at the latest exchange loaded, so
 * the same input gives the same window whenever it is scanned.
 */
export const windowStage: Stage = {
  name: 'window',
  async run(ctx: Context): Promise<void> {
    const { since, until, lastMs } = ctx.options.window;
    let from = since ?? null;
    if (lastMs !== undefined) {
      const latest = await ctx.db.value<string | null>(
        `SELECT strftime(max(ts), '%Y-%m-%dT%H:%M:%S.%fZ') FROM loaded_exchanges
          WHERE $until::TIMESTAMP IS NULL OR ts < $until::TIMESTAMP`,
        { until: until ? until.toISOString() : null },
      );
      if (latest) {
        const start = new Date(new Date(latest).getTime() - lastMs);
        if (!from || start > from) from = start;
      }
    }
    // A TEMP view: a kept database (--db) stores every exchange, never one run's window.
    await ctx.db.run(`CREATE OR REPLACE TEMP VIEW exchanges AS
      SELECT * FROM loaded_exchanges
       WHERE ts >= coalesce(${literal(from)}, ts) AND ts < coalesce(${literal(until ?? null)}, ts + INTERVAL 1 MICROSECOND)`);
  },
};

/** Views cannot hold bound parameters; a Date rendered by us (never user text) is safe to splice. */
function literal(d: Date | null): string {
  return d ? `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'` : 'NULL::TIMESTAMP';
}
