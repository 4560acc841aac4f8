import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../features/tables.js';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

const busy = (account: string) => scripted(account, 3 * 500, 1440 / 500, (i) => ({ prompt: `p${i}` }), 2 * 1440);
const plans = (prefix: string, count: number, plan: string): AccountRow[] =>
  Array.from({ length: count }, (_, i) => ({ account_id: `${prefix}${i}`, plan, created_at: '2026-01-01T00:00:00Z' }));

describe('no-ramp', () => {
  it('fires on a new account at full throughput from day one, far above its plan', async () => {
    const { signals } = await detect(
      {
        exchanges: [...population(20, { days: 5 }), ...busy('fresh')],
        accounts: [...plans('person', 20, 'build'), { account_id: 'fresh', plan: 'build', created_at: '2026-02-03T00:00:00Z' }],
      },
      'no-ramp',
    );
    const s = signals.get('fresh')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe(
      "new on 2026-02-03 (plan build): 500 exchanges in its first 24 h, 1.0× its later daily rate, and 500 per day, 62.5× the plan's median of 8",
    );
    expect([...signals.keys()]).toEqual(['fresh']);
  });

  it('spares a company migrating a known workload onto a plan sized for it, and accounts that ramp up', async () => {
    const enterprise = [0, 1, 2, 3, 4].flatMap((i) => scripted(`ent${i}`, 5 * 500, 1440 / 500, (j) => ({ prompt: `e${j}` })));
    const ramping = [1, 4, 16].flatMap((n, d) => scripted('grower', n * 10, 1440 / (n * 10), (i) => ({ prompt: `g${i}` }), (2 + d) * 1440));
    const { signals } = await detect(
      {
        exchanges: [...population(20, { days: 5 }), ...enterprise, ...busy('migrated'), ...ramping],
        accounts: [
          ...plans('person', 20, 'build'),
          ...plans('ent', 5, 'enterprise'),
          { account_id: 'migrated', plan: 'enterprise', created_at: '2026-02-03T00:00:00Z' },
          { account_id: 'grower', plan: 'build', created_at: '2026-02-03T00:00:00Z' },
        ],
      },
      'no-ramp',
    );
    expect(signals.size).toBe(0);
  });
});
