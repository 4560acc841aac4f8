import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

const NAMES = ['Alice', 'Bob', 'Chen', 'Dana', 'Emeka', 'Farah'];
const generated = (i: number) => ({ prompt: `You are an expert analyst. Problem ${i * 7}: estimate the revenue of ${NAMES[i % 6]} Ltd in "${2000 + (i % 20)}" and show the result.` });

describe('templating', () => {
  it('fires on accounts whose prompts come from one shared generator', async () => {
    const { db, signals } = await detect({
      exchanges: [...population(20), ...scripted('gen1', 60, 3, generated), ...scripted('gen2', 60, 3, generated, 7)],
    }, 'templating');
    const s = signals.get('gen1')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe('100% of 60 prompts fall in 1 template(s) (1 distinct templates in all); the same templates are sent by up to 1 other account(s)');
    expect(signals.has('person0')).toBe(false);
    db.close();
  });

  it('keeps a form-driven app with its own private template at half strength at most', async () => {
    const { db, signals } = await detect({ exchanges: [...population(20), ...scripted('formapp', 60, 3, generated)] }, 'templating');
    expect(signals.get('formapp')!.strength).toBeLessThanOrEqual(0.5);
    db.close();
  });

  it('stays quiet on people writing their own prompts', async () => {
    const { db, signals } = await detect({ exchanges: population(20, { perDay: 10 }) }, 'templating');
    expect(signals.size).toBe(0);
    db.close();
  });
});
