/** Small traffic builders for detector tests: a quiet human population and scripted accounts. */
import { at, rng, type ExchangeRow } from '../features/tables.js';

const TOPICS = [
  'the weather',
  'my garden',
  'a birthday gift',
  'train times',
  'a recipe for soup',
  'my cover letter',
  'a holiday plan',
  'the history of tea',
  'a bedtime story',
  'learning guitar',
  'a budget',
  'a poem for my aunt',
];
const WORDS = [
  'red',
  'cheap',
  'quiet',
  'early',
  'spare',
  'old',
  'tiny',
  'local',
  'summer',
  'winter',
  'family',
  'office',
  'weekend',
  'simple',
  'vegan',
  'spicy',
  'long',
  'short',
  'formal',
  'funny',
];
const VERBS = ['help me with', 'what do you think about', 'give me ideas for', 'can you tell me about', 'I need advice on'];

/**
 * `count` people, each sending `perDay` varied prompts during their waking hours (08:00-22:00)
 * over `days` days, from one home IP and one browser, in multi-turn conversations.
 */
export function population(
  count: number,
  opts: { days?: number; perDay?: number; seed?: number; prefix?: string; model?: string } = {},
): ExchangeRow[] {
  const { days = 5, perDay = 8, seed = 1, prefix = 'person', model = 'm1' } = opts;
  const r = rng(seed);
  const rows: ExchangeRow[] = [];
  for (let a = 0; a < count; a++) {
    for (let d = 0; d < days; d++) {
      for (let i = 0; i < perDay; i++) {
        const minute = d * 1440 + 480 + r() * 840;
        rows.push({
          account_id: `${prefix}${a}`,
          ts: at(minute),
          model,
          prompt: `${VERBS[Math.floor(r() * VERBS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]} ${TOPICS[Math.floor(r() * TOPICS.length)]}, ${WORDS[Math.floor(r() * WORDS.length)]} and ${WORDS[Math.floor(r() * WORDS.length)]} ${['please', 'today', 'quickly', ''][Math.floor(r() * 4)]}`,
          input_tokens: 30 + Math.floor(r() * 200),
          output_tokens: 100 + Math.floor(r() * 300),
          max_tokens: 1024,
          conversation_id: `${prefix}${a}-c${d}-${Math.floor(i / 3)}`,
          turn: (i % 3) + 1,
          ip: `198.51.${a % 250}.${10 + (a % 200)}`,
          asn: 'AS64510',
          country: 'FR',
          user_agent: 'Mozilla/5.0 browser',
          api_key_id: `${prefix}${a}-k`,
        });
      }
    }
  }
  return rows;
}

/** `n` requests from one account, one every `everyMin` minutes from `startMin`, each built by `make`. */
export function scripted(
  account: string,
  n: number,
  everyMin: number,
  make: (i: number) => Partial<ExchangeRow>,
  startMin = 0,
): ExchangeRow[] {
  return Array.from({ length: n }, (_, i) => ({ account_id: account, ts: at(startMin + i * everyMin), ...make(i) }));
}
