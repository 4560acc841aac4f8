import type { Random } from '../random.js';

/**
 * Paraphrased templates: each clause has several wordings. A careless operator reuses the first
 * wording almost always; an evasive one spreads over all of them and adds small noise, so that
 * exact matching stops working while the masked template still shows.
 */
export type Clause = readonly string[];

export function choose(rng: Random, clause: Clause, evasion: number): string {
  const favourite = 0.9 - 0.75 * evasion;
  return rng.chance(favourite) ? clause[0]! : rng.pick(clause);
}

const FILLERS = ['', 'Please note: ', 'Task: ', 'Instructions: ', 'Hi. ', 'OK. ', 'New item. ', '> '];

/** Small surface noise an evasive operator adds: a prefix, doubled spaces, a trailing mark. */
export function noise(rng: Random, text: string, evasion: number): string {
  if (!rng.chance(evasion * 0.8)) return text;
  let t = rng.pick(FILLERS) + text;
  if (rng.chance(0.3)) t = t.replace('. ', '.  ');
  if (rng.chance(0.3)) t = t + rng.pick([' ', ' :)', ' Thanks.', '\n']);
  if (rng.chance(0.2)) t = t.charAt(0).toLowerCase() + t.slice(1);
  return t;
}

export function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => slots[k] ?? m);
}
