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
  'Hey, quick one. ',
  'I am studying for an exam and stuck on this. ',
  'For a side project: ',
  'My manager asked me to look into this. ',
  'Context: small team, tight deadline. ',
  'Not urgent, but curious: ',
  'Following up on yesterday. ',
  'Homework help please. ',
  'I tried this myself and failed, so: ',
  'Could you help me with something? ',
  'Working late again, here goes. ',
  'Second attempt at this: ',
  'A colleague and I disagree about this one. ',
  'From our internal wiki: ',
  'Sorry for the long message. ',
  'Good morning! ',
];
const CLOSINGS = [
  ' Thanks a lot!',
  ' Appreciate it.',
  ' Cheers',
  ' (no rush)',
  ' Let me know if anything is unclear.',
  ' Keep it readable please.',
  ' I will check back later.',
  ' ty',
  ' Much obliged.',
  ' Please be precise.',
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

/** More word groups a paraphrasing model varies when it rewrites every request (the `paraphrase` tactic). */
const MORE_SYNONYMS: readonly (readonly string[])[] = [
  ['Give', 'Offer', 'Put together', 'Lay out'],
  ['Write', 'Compose', 'Prepare', 'Put together'],
  ['Compare', 'Contrast', 'Set side by side'],
  ['Describe', 'Outline', 'Characterise', 'Sketch'],
  ['Summarise', 'Sum up', 'Recap', 'Condense'],
  ['Draft', 'Prepare', 'Write up'],
  ['comprehensive', 'thorough', 'wide-ranging', 'complete'],
  ['an expert', 'a specialist', 'a professional', 'a seasoned hand'],
  ['expert', 'specialist', 'professional', 'seasoned'],
  ['overview', 'survey', 'rundown', 'picture'],
  ['main', 'key', 'principal', 'central'],
  ['common', 'frequent', 'widespread', 'typical'],
  ['examples', 'cases', 'illustrations', 'instances'],
  ['mistakes', 'errors', 'pitfalls', 'slip-ups'],
  ['risks', 'dangers', 'hazards', 'downsides'],
  ['evidence', 'support', 'data', 'findings'],
  ['current', 'present', 'latest', 'up-to-date'],
  ['important', 'significant', 'relevant', 'weighty'],
  ['Explain', 'Clarify', 'Unpack', 'Break down'],
  ['What are', 'Which are', 'Tell me'],
  ['Find', 'Locate', 'Track down', 'Identify'],
  ['Fix', 'Repair', 'Resolve', 'Sort out'],
];

const GREETINGS = [
  '',
  '',
  '',
  'Hi,',
  'Hello,',
  'Hey,',
  'Good morning,',
  'Hi there,',
  'Quick one -',
  'Hello again,',
  'Morning!',
  'Evening,',
  'Hey hey,',
  'Greetings,',
  'Yo,',
];
const LEADS = [
  '',
  '',
  'I was wondering about this:',
  'could you help with the following?',
  'here is something I need:',
  'I have a request.',
  'something for a project:',
  'my team needs this:',
  'for a report I am writing:',
  'I keep coming back to this:',
  'this came up in a meeting:',
  'a friend asked me this and I was stumped:',
  'I need a hand here.',
  'please take a look:',
  'one more for today:',
  'trying to get this right:',
  'I am preparing a talk, so:',
  'curious about the following:',
  'I read about this and want a proper answer:',
  'a client asked us this:',
  'doing some background research:',
  'need this for a course:',
  'hoping you can help:',
];
const ENDINGS = [
  '',
  '',
  '',
  'Thanks in advance.',
  'Much appreciated!',
  'Cheers.',
  'Be as precise as you can.',
  'Take your time.',
  'Detail is welcome.',
  'I will read it carefully.',
  'Happy to clarify if needed.',
  'This matters for a decision we are making.',
  'Feel free to be long.',
  'No need to be brief.',
  'Thank you!',
  'Grateful for any help.',
  'That would help a lot.',
  'Looking forward to it.',
  'Aim for accuracy over style.',
  'Write it properly, please.',
];

/**
 * A rewrite as a paraphrasing model makes it for every request: most words that have synonyms
 * change, a greeting, a lead-in and an ending drawn from independent lists frame it, and a
 * multi-part request may come in another order, so the opening and closing words that a template
 * or frame would catch rarely repeat between two requests.
 */
export function paraphraseFreely(rng: Random, text: string): string {
  let t = text;
  for (const group of [...SYNONYMS, ...MORE_SYNONYMS]) {
    // Whole words only: "answer" must not turn "answered" into "responseed".
    const at = group.map((w) => new RegExp(`\\b${w}\\b`)).findIndex((re) => re.test(t));
    if (at >= 0 && rng.chance(0.8)) t = t.replace(new RegExp(`\\b${group[at]}\\b`), rng.pick(group));
  }
  const parts = t.split('\n\n');
  if (parts.length > 1 && rng.chance(0.5)) t = [...parts.slice(1), parts[0]!].join('\n\n');
  const head = [rng.pick(GREETINGS), rng.pick(LEADS)].filter((s) => s !== '').join(' ');
  const lower = head !== '' && rng.chance(0.5);
  t = `${head}${head === '' ? '' : rng.pick([' ', '\n'])}${lower ? t.charAt(0).toLowerCase() + t.slice(1) : t}`;
  const end = rng.pick(ENDINGS);
  return end === '' ? t : `${t}${rng.pick([' ', '\n'])}${end}`;
}
