import { tradecraft } from '../evasion.js';
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

/**
 * Surface noise an evasive operator adds — a prefix, doubled spaces, a trailing mark — and, beyond
 * the disclosed level (evasion.ts), a rewrite that changes the words themselves.
 */
export function noise(rng: Random, text: string, evasion: number): string {
  let t = text;
  if (rng.chance(evasion * 0.8)) {
    t = rng.pick(FILLERS) + t;
    if (rng.chance(0.3)) t = t.replace('. ', '.  ');
    if (rng.chance(0.3)) t = t + rng.pick([' ', ' :)', ' Thanks.', '\n']);
    if (rng.chance(0.2)) t = t.charAt(0).toLowerCase() + t.slice(1);
  }
  const craft = tradecraft(evasion);
  return craft > 0 && rng.chance(craft) ? rewrite(rng, t) : t;
}

/** Words an operator's paraphrasing model swaps; each swap changes the masked template. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['step by step', 'one step at a time', 'stepwise', 'in order, step after step'],
  ['reasoning', 'thinking', 'line of thought', 'thought process'],
  ['complete', 'full', 'entire', 'whole'],
  ['answer', 'response', 'reply', 'solution'],
  ['explain', 'describe', 'walk me through', 'spell out'],
  ['Before', 'Prior to', 'Ahead of'],
  ['Use', 'Make use of', 'Rely on', 'Work with'],
  ['the tools', 'the available tools', 'your tools', 'the tool set'],
  ['Task', 'Job', 'Assignment', 'To do'],
  ['run', 'execute', 'launch', 'kick off'],
  ['tests', 'test suite', 'checks', 'unit tests'],
  ['Implement', 'Build', 'Add', 'Code up'],
  ['Continue', 'Carry on', 'Go on', 'Keep going'],
  ['Goal', 'Objective', 'Aim', 'Target'],
  ['screenshot', 'screen capture', 'screen grab'],
  ['every', 'each', 'all of the'],
  ['detailed', 'thorough', 'in-depth', 'careful'],
  ['Provide', 'Give', 'Write', 'Produce'],
  ['question', 'query', 'problem', 'prompt'],
  ['then', 'and after that', 'afterwards', 'next'],
];

/** What people write around a request: a line about themselves, a closing. */
const PREFACES = [
  'Hey, quick one. ', 'I am studying for an exam and stuck on this. ', 'For a side project: ', 'My manager asked me to look into this. ',
  'Context: small team, tight deadline. ', 'Not urgent, but curious: ', 'Following up on yesterday. ', 'Homework help please. ',
  'I tried this myself and failed, so: ', 'Could you help me with something? ', 'Working late again, here goes. ', 'Second attempt at this: ',
  'A colleague and I disagree about this one. ', 'From our internal wiki: ', 'Sorry for the long message. ', 'Good morning! ',
];
const CLOSINGS = [
  ' Thanks a lot!', ' Appreciate it.', ' Cheers', ' (no rush)', ' Let me know if anything is unclear.', ' Keep it readable please.',
  ' I will check back later.', ' ty', ' Much obliged.', ' Please be precise.',
];

/** Synonym swaps and a personal frame: the template behind the request stops repeating exactly. */
export function rewrite(rng: Random, text: string): string {
  let t = text;
  for (const group of SYNONYMS) {
    const at = group.findIndex((w) => t.includes(w));
    if (at >= 0 && rng.chance(0.6)) t = t.replace(group[at]!, rng.pick(group));
  }
  if (rng.chance(0.7)) t = rng.pick(PREFACES) + t;
  if (rng.chance(0.5)) t += rng.pick(CLOSINGS);
  return t;
}

export function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => slots[k] ?? m);
}
