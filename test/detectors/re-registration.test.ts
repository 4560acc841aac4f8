import { describe, expect, it } from 'vitest';
import type { AccountRow, ExchangeRow } from '../features/tables.js';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

const BAN = '2026-02-03T00:00:00Z';
const fp = (account: string, startMin: number, values: Partial<ExchangeRow>) =>
  scripted(account, 10, 30, (i) => ({ prompt: `p${i}`, ...values }), startMin);

function world(extra: ExchangeRow[], accounts: AccountRow[]) {
  return {
    exchanges: [
      ...population(30, { days: 5 }),
      ...fp('burned', 0, { client_fingerprint: 'ja3-rare-77', user_agent: 'Mozilla/5.0 browser', ip: '203.0.113.9' }),
      ...extra,
    ],
    accounts: [{ account_id: 'burned', created_at: '2026-01-20T00:00:00Z', payment_fingerprint: 'pf_9f2c' }, ...accounts],
    enforcement: [{ account_id: 'burned', action: 'ban', at: BAN }],
  };
}

describe('re-registration', () => {
  it("fires on a new account within 24 h of a ban carrying the banned account's rare fingerprints", async () => {
    const { signals } = await detect(
      world(fp('phoenix', 2 * 1440 + 300, { client_fingerprint: 'ja3-rare-77', ip: '203.0.113.20' }), [
        { account_id: 'phoenix', created_at: '2026-02-03T05:00:00Z', payment_fingerprint: 'pf_9f2c' },
      ]),
      're-registration',
    );
    const s = signals.get('phoenix')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe(
      'registered 5.0 h after the ban of 1 account(s) (first ban 2026-02-03 00:00 UTC) and shares with them: ' +
        'client fingerprint ja3-rare-77, payment fingerprint pf_9f2c, subnet 203.0.113.0/24',
    );
    expect([...signals.keys()]).toEqual(['phoenix']);
  });

  it('fires on a standby account registered long before and woken up right after the ban', async () => {
    const { signals } = await detect(
      world(fp('standby', 2 * 1440 + 600, { client_fingerprint: 'ja3-rare-77', ip: '203.0.113.21' }), [
        { account_id: 'standby', created_at: '2026-01-05T00:00:00Z' },
      ]),
      're-registration',
    );
    expect(signals.get('standby')!.detail).toBe(
      'first active 10.0 h after the ban of 1 account(s) (first ban 2026-02-03 00:00 UTC) and shares with them: ' +
        'client fingerprint ja3-rare-77, subnet 203.0.113.0/24',
    );
    expect(signals.get('standby')!.strength).toBe(1);
  });

  it('spares newcomers that share only a popular user agent, or arrive days later', async () => {
    const { signals } = await detect(
      world(
        [
          ...fp('newbie', 2 * 1440 + 300, { user_agent: 'Mozilla/5.0 browser' }),
          ...fp('later', 6 * 1440, { client_fingerprint: 'ja3-rare-77' }),
        ],
        [
          { account_id: 'newbie', created_at: '2026-02-03T05:00:00Z' },
          { account_id: 'later', created_at: '2026-02-07T00:00:00Z' },
        ],
      ),
      're-registration',
    );
    expect(signals.size).toBe(0);
  });
});
