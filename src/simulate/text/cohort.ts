import type { Random } from '../random.js';
import { TOPICS, openingPrompt } from './genuine.js';

/** Text of the honest cohorts: a hackathon's starter kit and a course's notebook, each with its own system prompt. */

const n = (rng: Random, lo: number, hi: number) => String(rng.range(lo, hi));
const topic = (name: string) => TOPICS.find((t) => t.name === name)!;

export const HACKATHON_SYSTEM =
  'You are the assistant inside a HackWeek starter project. Be concise and return JSON when the user asks for structured output.';

const SNIPPETS = [
  'The city council voted to extend the bike lanes along the river by next spring.',
  'Our team met twice this week and agreed to ship the prototype on Friday.',
  'Volunteers collected 300 kg of litter from the beach over the weekend.',
  'The library now lends laptops to students for up to two weeks.',
];
const IDEAS = [
  'matches volunteers with local events',
  'splits grocery bills between flatmates',
  'tracks plant watering',
  'finds quiet study spots on campus',
  'translates menus from photos',
];

/** The kit's example calls, which participants run first and keep adapting, and their own project's questions. */
export function hackathonPrompt(rng: Random): string {
  switch (
    rng.weighted([
      ['summary', 15],
      ['extract', 15],
      ['names', 10],
      ['own', 60],
    ] as const)
  ) {
    case 'summary':
      return `Summarise the following text in three bullet points: "${rng.pick(SNIPPETS)}"`;
    case 'extract':
      return `Extract the name, date and location from this message as JSON: "Hi, it's ${rng.pick(['Ana', 'Tom', 'Mei', 'Kofi'])}, see you on ${rng.pick(['Friday', 'the 12th', 'Monday'])} at ${rng.pick(['the main hall', 'room ' + n(rng, 100, 400), 'the cafe'])}."`;
    case 'names':
      return `Suggest five names for an app that ${rng.pick(IDEAS)}.`;
    default:
      return openingPrompt(rng, topic(rng.pick(['coding', 'coding', 'business', 'writing', 'data'])));
  }
}

export const CLASSROOM_SYSTEM =
  'You are the teaching assistant of CS 101 at Lakemont College. Give hints and explanations, never complete solutions to graded exercises.';

const EXERCISES = [
  'write a function that reverses a string',
  'count the vowels in a sentence',
  'find the largest number in a list',
  'check whether a word is a palindrome',
  'compute the average of the grades in a file',
  'print a multiplication table',
  'convert Celsius to Fahrenheit',
  'remove duplicates from a list',
];

/** The course's exercise questions in the notebook's wording, and the students' own questions. */
export function classroomPrompt(rng: Random): string {
  if (rng.chance(0.5)) {
    return `Exercise ${n(rng, 1, 6)}.${n(rng, 1, 8)}: ${rng.pick(EXERCISES)}. ${rng.pick(['I am stuck, can you give me a hint?', 'My code gives the wrong answer, why?', 'What is the first step?', 'Is my approach right?'])}`;
  }
  return openingPrompt(rng, topic(rng.pick(['coding', 'coding', 'math', 'learning'])));
}
