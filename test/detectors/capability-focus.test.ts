import { describe, expect, it } from 'vitest';
import { detect } from './run.js';
import { population, scripted } from './traffic.js';

describe('capability-focus', () => {
  it('fires on an account whose one-shot traffic is all agentic tool use', async () => {
    const { signals } = await detect(
      {
        exchanges: [
          ...population(5),
          ...scripted('agent', 60, 4, (i) => ({ prompt: `Complete task ${i} for the user.`, tools: 'bash,edit_file,search' })),
        ],
      },
      'capability-focus',
    );
    const s = signals.get('agent')!;
    expect(s.strength).toBe(1);
    expect(s.detail).toBe('100% of 60 exchanges are agentic (capability entropy 0.0 nats)');
    expect(s.rules).toEqual(['cap.agentic.text', 'cap.agentic.tools']);
    expect(signals.has('person0')).toBe(false);
  });

  it('keeps a single-purpose coding product whose users converse at human pace at a third', async () => {
    const { signals } = await detect(
      {
        exchanges: scripted('ide', 60, 4, (i) => ({
          prompt: `Why does my python function fail with this bug? attempt ${i}`,
          conversation_id: `c${Math.floor(i / 4)}`,
          turn: (i % 4) + 1,
        })),
      },
      'capability-focus',
    );
    expect(signals.get('ide')!.strength).toBeLessThanOrEqual(0.34);
  });
});
