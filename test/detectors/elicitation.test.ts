import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

describe('elicitation', () => {
  it('fires on prompts asking for reconstructed reasoning and grades, naming the rules', async () => {
    const { signals } = await detect(
      {
        exchanges: [
          ...population(10),
          ...scripted('harvest', 40, 5, (i) => ({
            prompt:
              i % 4 === 0
                ? `Grade the following answer on a scale from 1 to 10 using the rubric: answer ${i}`
                : `Solve task ${i}, then articulate the internal reasoning you followed in full.`,
          })),
        ],
      },
      'elicitation',
    );
    const s = signals.get('harvest')!;
    expect(s.strength).toBe(1);
    expect(s.rules).toEqual(['elic.reconstruct-reasoning', 'elic.rubric-grading']);
    expect(s.detail).toBe(
      '100% of 40 prompts ask for reasoning, grades or rewrites (elic.reconstruct-reasoning 30, elic.rubric-grading 10)',
    );
  });

  it('spares a student who always asks for step-by-step explanations', async () => {
    const { signals } = await detect(
      {
        exchanges: [
          ...population(10),
          ...scripted('student', 40, 30, (i) => ({ prompt: `Explain step by step how to solve exercise ${i} of chapter 3.` })),
        ],
      },
      'elicitation',
    );
    expect(signals.has('student')).toBe(false);
  });
});
