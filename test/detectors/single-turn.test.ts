import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

describe('single-turn', () => {
  it('fires on one-shot requests for long answers at the max_tokens ceiling', async () => {
    const { signals } = await detect(
      {
        exchanges: [
          ...population(5),
          ...scripted('harvest', 40, 5, (i) => ({
            prompt: `q${i}`,
            input_tokens: 100,
            output_tokens: 1500,
            max_tokens: 8192,
            model: 'm1',
          })),
        ],
      },
      'single-turn',
    );
    const s = signals.get('harvest')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe("100% of 40 exchanges are single-turn; output/input tokens 15.0; 100% request max_tokens at the model's ceiling");
  });

  it('stays quiet on people in conversations with ordinary answers', async () => {
    const { signals } = await detect({ exchanges: population(10) }, 'single-turn');
    expect(signals.size).toBe(0);
  });
});
