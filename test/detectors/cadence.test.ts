import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

describe('cadence', () => {
  it('fires on a script that runs round the clock at a steady pace', async () => {
    const { signals } = await detect(
      {
        exchanges: [...population(5), ...scripted('bot', 3 * 24 * 6, 10, (i) => ({ prompt: `item ${i}` }))],
      },
      'cadence',
    );
    const s = signals.get('bot')!;
    expect(s.strength).toBeGreaterThan(0.9);
    expect(s.detail).toMatch(/^active in 3 of its 3 day\(s\) for 20\+ hours; hour-of-day entropy 1.0 of the maximum; median gap 600.0 s/);
    expect(signals.has('person0')).toBe(false);
  });

  it('spares a nightly batch job: regular, but it rests most of the day', async () => {
    const nightly = [0, 1, 2, 3].flatMap((d) => scripted('batch', 120, 1, (i) => ({ prompt: `row ${i}` }), d * 1440 + 60));
    const { signals } = await detect({ exchanges: [...population(5), ...nightly] }, 'cadence');
    expect(signals.size).toBe(0);
  });
});
