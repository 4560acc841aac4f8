import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

const TASKS = [
  'estimate the revenue of the company',
  'forecast the demand for umbrellas',
  'rank these suppliers by risk',
  'explain the drop in sales',
  'compare the two pricing plans',
  'summarise the churn figures',
];
const generated = (i: number) => ({
  prompt: `You are an expert analyst. Problem ${i * 7}: ${TASKS[i % 6]} of ${['Acme', 'Borealis', 'Chen'][i % 3]} Ltd in "${2000 + (i % 20)}" and show the result in a table.`,
});
const operator = (count: number) => Array.from({ length: count }, (_, a) => scripted(`gen${a}`, 40, 3, generated, a * 11)).flat();

describe('templating', () => {
  it('fires on accounts whose prompts come from one generator shared across accounts', async () => {
    const { signals } = await detect({ exchanges: [...population(30), ...operator(6)] }, 'templating');
    const s = signals.get('gen0')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe(
      '100% of 40 prompts fall in 1 prompt frame(s) that a median of 5 other account(s) also send (1 distinct frames in all)',
    );
    expect([...signals.keys()].filter((k) => !k.startsWith('gen'))).toEqual([]);
  });

  it('spares a form-driven app or eval harness with its own private templates', async () => {
    const { signals } = await detect({ exchanges: [...population(30), ...scripted('formapp', 80, 3, generated)] }, 'templating');
    expect(signals.size).toBe(0);
  });
});
