import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { featuresStage } from '../../src/features/index.js';
import { testContext } from '../detectors/run.js';
import { at, openTables } from './tables.js';

let db: Database | undefined;
afterEach(() => db?.close());

describe('account_features', () => {
  it('aggregates one account exactly', async () => {
    db = await openTables({
      exchanges: [
        {
          account_id: 'a',
          ts: at(0),
          prompt: 'Fix the bug in this python function',
          conversation_id: 'c1',
          turn: 1,
          ip: '203.0.113.5',
          user_agent: 'ua/1',
          input_tokens: 10,
          output_tokens: 100,
          max_tokens: 4096,
          model: 'm',
        },
        {
          account_id: 'a',
          ts: at(1),
          prompt: 'Now add unit tests',
          conversation_id: 'c1',
          turn: 2,
          ip: '203.0.113.9',
          user_agent: 'ua/1',
          input_tokens: 10,
          output_tokens: 100,
          max_tokens: 1024,
          model: 'm',
        },
        {
          account_id: 'a',
          ts: at(1441),
          prompt: 'Prove the theorem about prime numbers',
          conversation_id: 'c2',
          turn: 1,
          ip: '2001:db8:1:2::7',
          user_agent: 'ua/2',
          input_tokens: 20,
          output_tokens: 50,
          max_tokens: 4096,
          model: 'm',
        },
        { account_id: 'b', ts: at(5), prompt: 'hello', model: 'm' },
      ],
    });
    await featuresStage.run(testContext(db));
    const row = await db.one(`SELECT exchanges, active_days, input_tokens, output_tokens, single_turn_share, at_ceiling, with_max_tokens,
        gap_median_s, turn_gap_median_s, ips, subnets, user_agents, top_capability, top2_focus, top2_focus_exchanges, hours_of_day
      FROM account_features WHERE account_id = 'a'`);
    expect(row).toEqual({
      exchanges: 3,
      active_days: 2,
      input_tokens: 40,
      output_tokens: 250,
      single_turn_share: 1 / 3,
      at_ceiling: 2,
      with_max_tokens: 3,
      gap_median_s: 43230,
      turn_gap_median_s: 60,
      ips: 3,
      subnets: 2,
      user_agents: 2,
      top_capability: 'coding',
      top2_focus: 'coding and math',
      top2_focus_exchanges: 3,
      hours_of_day: 1,
    });
    expect(await db.all("SELECT kind, value FROM account_values WHERE account_id = 'a' AND kind = 'subnet' ORDER BY value")).toEqual([
      { kind: 'subnet', value: '2001:db8:1::/48' },
      { kind: 'subnet', value: '203.0.113.0/24' },
    ]);
  });
});
