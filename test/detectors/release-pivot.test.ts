import { describe, expect, it } from 'vitest';
import type { ExchangeRow } from '../features/tables.js';
import { detect } from './run.js';
import { scripted } from './traffic.js';

/** Accounts that use m1 for two days, then (from the release at day 2) send `share` of traffic to m2. */
function switchers(prefix: string, count: number, share: number, offsetMin = 0): ExchangeRow[] {
  return Array.from({ length: count }, (_, a) =>
    scripted(
      `${prefix}${a}`,
      3 * 24,
      60,
      (i) => ({ prompt: `p${i}`, model: i >= 48 && (i % 10) / 10 < share ? 'm2' : 'm1' }),
      a * 7 + offsetMin,
    ),
  ).flat();
}

describe('release-pivot', () => {
  it('fires when a wave of accounts splits its traffic to a new model within 24 h of its release', async () => {
    const { signals } = await detect(
      {
        exchanges: [...switchers('op', 40, 0.5), ...switchers('steady', 10, 0, 3)],
        releases: [{ model: 'm2', released_at: '2026-02-03T00:00:00Z' }],
      },
      'release-pivot',
    );
    const s = signals.get('op0')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe(
      'moved 50% of its traffic (12 of 24 exchanges) to m2 within 24 h of its release at 2026-02-03 00:00 UTC, as did 39 other account(s)',
    );
    expect([...signals.keys()].filter((k) => !k.startsWith('op'))).toEqual([]);
  });

  it('spares enthusiasts who switch over completely, even inside a wave, and a lone pivot (release inferred)', async () => {
    const wave = await detect(
      {
        exchanges: [...switchers('op', 40, 0.5), ...switchers('fan', 5, 1, 1)],
        releases: [{ model: 'm2', released_at: '2026-02-03T00:00:00Z' }],
      },
      'release-pivot',
    );
    expect([...wave.signals.keys()].filter((k) => k.startsWith('fan'))).toEqual([]);
    const lone = await detect({ exchanges: [...switchers('early', 2, 0.5), ...switchers('steady', 10, 0, 3)] }, 'release-pivot');
    expect(lone.signals.size).toBe(0);
  });
});
