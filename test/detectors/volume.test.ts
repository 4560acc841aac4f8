import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

describe('volume', () => {
  it('fires on an account far above the population, capped at 0.5, with real numbers', async () => {
    const { signals } = await detect(
      {
        exchanges: [
          ...population(30),
          ...scripted('heavy', 2000, 1.44, (i) => ({ prompt: `job ${i}`, input_tokens: 100, output_tokens: 400 })),
        ],
      },
      'volume',
    );
    const s = signals.get('heavy')!;
    expect(s.strength).toBe(0.5);
    expect(s.detail).toMatch(/^1,000 exchanges per active day over 2 day\(s\), 125(\.0)?× the population median of 8 /);
    expect([...signals.keys()]).toEqual(['heavy']);
  });

  it('stays quiet on a user a few times above the median (heavy-tailed usage is normal)', async () => {
    const { signals } = await detect(
      { exchanges: [...population(30), ...population(1, { perDay: 30, prefix: 'keen', seed: 3 })] },
      'volume',
    );
    expect(signals.size).toBe(0);
  });
});
