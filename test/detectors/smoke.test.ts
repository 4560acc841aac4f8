import { describe, expect, it, onTestFinished } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { DETECTORS } from '../../src/detectors/registry.js';
import { featuresStage } from '../../src/features/index.js';
import { at, openTables, rng } from '../features/tables.js';
import { testContext } from './run.js';

describe('every detector', () => {
  it('runs on ordinary traffic, times itself and writes strengths in [0, 1]', async () => {
    const r = rng(7);
    const exchanges = [];
    for (let a = 0; a < 20; a++) {
      for (let i = 0; i < 40; i++) {
        exchanges.push({
          account_id: `acct${a}`,
          ts: at(r() * 60 * 24 * 5),
          prompt: `question ${a} ${i} about topic ${Math.floor(r() * 9)}`,
          model: 'm1',
          input_tokens: 20,
          output_tokens: 80,
          ip: `10.0.${a}.1`,
          user_agent: 'sdk/1',
          api_key_id: `k${a}`,
        });
      }
    }
    const db = await openTables({ exchanges, accounts: [{ account_id: 'acct0', plan: 'free' }] });
    onTestFinished(() => db.close());
    const ctx = testContext(db);
    await featuresStage.run(ctx);
    await runDetectors(ctx, DETECTORS);
    const signals = ctx.timings.filter((t) => t.stage === 'signals');
    expect(signals.map((t) => t.name)).toEqual(DETECTORS.map((d) => d.name));
    expect(signals.every((t) => t.version === '1')).toBe(true);
    // the features stage names the rule packs it matched (findings cite their rule ids)
    expect(ctx.timings.filter((t) => t.stage === 'features').map((t) => t.name)).toEqual(['rules:capability', 'rules:elicitation']);
    const bad = await db.value<number>('SELECT count(*) FROM signals WHERE NOT (strength > 0 AND strength <= 1) OR detail IS NULL');
    expect(bad).toBe(0);
  });
});
