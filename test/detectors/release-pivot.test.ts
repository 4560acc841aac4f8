import { describe, expect, it } from 'vitest';
import type { ExchangeRow } from '../features/tables.js';
import { detect } from './run.js';
import { scripted } from './traffic.js';

/** Accounts that use m1 for two days, then (from the release at day 2) send `share` of traffic to m2. */
function switchers(prefix: string, count: number, share: number, offsetMin = 0): ExchangeRow[] {
  return Array.from({ length: count }, (_, a) =>
    scripted(`${prefix}${a}`, 3 * 24, 60, (i) => ({ prompt: `p${i}`, model: i >= 48 && (i % 10) / 10 < share ? 'm2' : 'm1' }), a * 7 + offsetMin),
  ).flat();
}

describe('release-pivot', () => {
  it('fires when many accounts move to a new model in step within 24 h of its release', async () => {
    const { db, signals } = await detect({
      exchanges: [...switchers('op', 20, 0.8), ...switchers('steady', 10, 0, 3)],
      releases: [{ model: 'm2', released_at: '2026-02-03T00:00:00Z' }],
    }, 'release-pivot');
    const s = signals.get('op0')!;
    expect(s.strength).toBeCloseTo(0.9, 9);
    expect(s.detail).toMatch(/^moved 75% of its traffic \(18 of 24 exchanges\) to m2 within 24 h of its release at 2026-02-03 00:00 UTC, in step with 19 other account\(s\)$/);
    expect([...signals.keys()].filter((k) => k.startsWith('steady'))).toEqual([]);
    db.close();
  });

  it('infers the release from the first appearance of a model, and spares a few lone enthusiasts', async () => {
    const { db, signals } = await detect({ exchanges: [...switchers('fan', 2, 0.8), ...switchers('steady', 10, 0, 3)] }, 'release-pivot');
    expect(signals.size).toBe(0);
    db.close();
  });
});
