import type { Context } from './context.js';

/**
 * A stage reads tables and writes tables; it knows nothing of the stages after it.
 * The scan runs them in order and times each.
 */
export interface Stage {
  name: string;
  run(ctx: Context): Promise<void>;
}

export async function runStages(ctx: Context, stages: readonly Stage[]): Promise<void> {
  for (const stage of stages) {
    const started = performance.now();
    await stage.run(ctx);
    ctx.timings.push({ stage: stage.name, name: stage.name, ms: Math.round(performance.now() - started) });
  }
}
