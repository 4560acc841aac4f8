import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

describe('key-sprawl', () => {
  it('fires on one key used from many networks, countries and agents on the same day', async () => {
    const pool = scripted('reseller', 60, 20, (i) => ({
      prompt: `p${i}`,
      api_key_id: 'key-shared',
      ip: `192.0.2.${i % 30}`,
      asn: `AS${64500 + (i % 10)}`,
      country: ['US', 'DE', 'SG', 'BR'][i % 4],
      user_agent: `client/${i % 6}`,
    }));
    const { signals } = await detect({ exchanges: [...population(10), ...pool] }, 'key-sprawl');
    const s = signals.get('reseller')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe(
      'on 2026-02-01 key key-shared was used from 30 IPs in 10 ASNs and 4 countries with 6 user agents (1 day(s) like this)',
    );
    expect(signals.has('person0')).toBe(false);
  });

  it('spares a mobile user roaming between networks with one app in one country', async () => {
    const roaming = scripted('phone', 40, 30, (i) => ({
      prompt: `p${i}`,
      api_key_id: 'k-phone',
      ip: `100.64.${i % 8}.1`,
      asn: `AS${64600 + (i % 3)}`,
      country: 'FR',
      user_agent: 'app/2.1 ios',
    }));
    const { signals } = await detect({ exchanges: [...population(10), ...roaming] }, 'key-sprawl');
    expect(signals.size).toBe(0);
  });
});
