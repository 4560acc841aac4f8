import type { Random } from '../random.js';

/**
 * Prompts of ordinary customers: many topics, many shapes, many lengths. Built from phrase parts so
 * that two customers rarely type the same thing, as in real traffic.
 */
export interface Topic {
  name: string;
  /** Makes the opening prompt of a conversation. */
  open(rng: Random): string;
  /** Follow-up turns. */
  follow: readonly string[];
}

const CITIES = [
  'Lisbon',
  'Kyoto',
  'Denver',
  'Cape Town',
  'Montreal',
  'Hanoi',
  'Oaxaca',
  'Edinburgh',
  'Tbilisi',
  'Perth',
  'Bologna',
  'Cusco',
  'Seoul',
  'Reykjavik',
];
const DISHES = [
  'lasagna',
  'dal makhani',
  'shakshuka',
  'banana bread',
  'ramen broth',
  'a sourdough starter',
  'chicken tikka',
  'ratatouille',
  'pad thai',
  'vegan chili',
  'paella',
  'pierogi',
];
const LANGS = ['Python', 'TypeScript', 'Go', 'Rust', 'Java', 'SQL', 'Bash', 'C#', 'Kotlin', 'PHP', 'Ruby'];
const CODE_TASKS = [
  'parse a CSV file and sum one column',
  'debounce a search input',
  'retry an HTTP call with backoff',
  'read a config file with defaults',
  'group records by date',
  'validate an email address',
  'paginate an API',
  'deduplicate a list while keeping order',
  'resize images in a folder',
  'compute a moving average',
];
const SUBJECTS = [
  'photosynthesis',
  'the French Revolution',
  'compound interest',
  'black holes',
  'the Krebs cycle',
  'supply and demand',
  'plate tectonics',
  'the Cold War',
  'CRISPR',
  'inflation',
  'the water cycle',
  'quantum entanglement',
  'the Silk Road',
  'vaccines',
];
const PEOPLE = [
  'my landlord',
  'a recruiter',
  'my manager',
  'a customer',
  'my professor',
  'the HOA',
  'a supplier',
  'my team',
  'a client',
  'the school',
];
const PRODUCTS = [
  'a budgeting app',
  'handmade candles',
  'a yoga studio',
  'an accounting firm',
  'a bike repair shop',
  'a language school',
  'organic dog food',
  'a podcast',
  'a SaaS invoicing tool',
  'a bakery',
];
const ROLES = [
  'data analyst',
  'nurse',
  'product manager',
  'junior developer',
  'teacher',
  'marketing lead',
  'accountant',
  'UX designer',
  'electrician',
  'pharmacist',
];
const TARGET_LANGS = ['Spanish', 'German', 'Japanese', 'Portuguese', 'French', 'Korean', 'Italian', 'Polish', 'Hindi'];
const HOBBIES = [
  'running a half marathon',
  'learning guitar',
  'growing tomatoes',
  'bouldering',
  'birdwatching',
  'chess',
  'film photography',
  'knitting',
];
const OPENERS = ['', '', '', 'hi! ', 'Hey, ', 'Quick question: ', 'Please help: ', 'ok so ', 'Hello. ', 'I need help. '];
const CLOSERS = [
  '',
  '',
  '',
  ' Thanks!',
  ' thx',
  ' Keep it short please.',
  ' Explain like I am new to this.',
  ' Be concise.',
  ' Use bullet points.',
  ' No jargon please.',
];

const n = (rng: Random, lo: number, hi: number) => String(rng.range(lo, hi));

function codeSnippet(rng: Random, lang: string): string {
  const v = rng.pick(['items', 'rows', 'data', 'users', 'orders', 'lines']);
  const f = rng.pick(['process', 'handle', 'load', 'run', 'update', 'main']);
  switch (lang) {
    case 'Python':
      return `def ${f}(${v}):\n    out = []\n    for x in ${v}:\n        if x["status"] == "ok":\n            out.append(x["value"] * ${n(rng, 2, 9)})\n    return out`;
    case 'TypeScript':
      return `function ${f}(${v}: Item[]): number[] {\n  return ${v}.filter(x => x.status === "ok").map(x => x.value * ${n(rng, 2, 9)});\n}`;
    case 'SQL':
      return `SELECT customer_id, count(*) AS n, sum(amount)\nFROM ${v}\nWHERE created_at > '2025-${n(rng, 10, 12)}-01'\nGROUP BY 1\nHAVING n > ${n(rng, 2, 20)};`;
    case 'Go':
      return `func ${f}(${v} []Item) (int, error) {\n\ttotal := 0\n\tfor _, x := range ${v} {\n\t\ttotal += x.Value\n\t}\n\treturn total, nil\n}`;
    default:
      return `${f}(${v}) {\n  // TODO: handle "empty", null, and 0\n  return ${v}.map(x => x * ${n(rng, 2, 9)})\n}`;
  }
}

export const TOPICS: readonly Topic[] = [
  {
    name: 'coding',
    follow: [
      'that throws an error, can you fix it?',
      'can you add type hints?',
      'how would I write a test for this?',
      'make it faster please',
      'what does the second line do?',
      'now do the same in {lang}',
    ],
    open: (rng) => {
      const lang = rng.pick(LANGS);
      return rng.pick([
        () => `How do I ${rng.pick(CODE_TASKS)} in ${lang}?`,
        () => `Why does this ${lang} code return an empty list?\n\n\`\`\`\n${codeSnippet(rng, lang)}\n\`\`\``,
        () => `Can you review this function, is it idiomatic ${lang}?\n${codeSnippet(rng, lang)}`,
        () => `write a ${lang} function to ${rng.pick(CODE_TASKS)}, with comments`,
        () =>
          `what's the difference between ${rng.pick(['a list and a tuple', 'async and threads', 'an interface and a type', 'INNER and LEFT JOIN', 'map and flatMap', 'a mutex and a channel'])} in ${lang}`,
        () =>
          `Getting "${rng.pick(['TypeError: cannot read properties of undefined', "KeyError: 'id'", 'segmentation fault', 'connection refused', 'ORA-00942', 'index out of range [3] with length 3'])}" when I run my ${lang} script. What usually causes that?`,
      ])();
    },
  },
  {
    name: 'writing',
    follow: [
      'make it more formal',
      'shorter please',
      'can you make it sound friendlier?',
      'translate that to {target}',
      'add a subject line',
      'less salesy',
    ],
    open: (rng) =>
      rng.pick([
        () =>
          `Write an email to ${rng.pick(PEOPLE)} asking to ${rng.pick(['reschedule our meeting to Thursday', 'extend the deadline by a week', 'fix the heating, it has been broken for ' + n(rng, 2, 9) + ' days', 'clarify the invoice', 'approve my vacation'])}.`,
        () =>
          `Proofread this: "${rng.pick(['Their going to the meeting tomorow, and we should of told them', "I has attached the report, let me know you're thoughts", 'Please find enclose the documents, as discused'])}"`,
        () =>
          `Help me write a LinkedIn post about ${rng.pick(['leaving my job', 'my first year as a ' + rng.pick(ROLES), 'a project we shipped', 'getting certified'])}, ${n(rng, 80, 200)} words.`,
        () =>
          `Rewrite this paragraph so it flows better:\n${rng.pick(['We launched the product in March. Sales were slow. Then we changed the price. Sales went up by ' + n(rng, 10, 60) + '%.', 'The meeting was long, and, in the end, nobody decided anything, which, honestly, was expected.'])}`,
        () => `cover letter for a ${rng.pick(ROLES)} position, I have ${n(rng, 1, 12)} years experience`,
      ])(),
  },
  {
    name: 'math',
    follow: ['can you check my answer is ' + '42?', 'why did you divide there?', 'show another method', 'what if the rate were doubled?'],
    open: (rng) =>
      rng.pick([
        () => `Solve for x: ${n(rng, 2, 9)}x + ${n(rng, 1, 30)} = ${n(rng, 31, 99)}`,
        () => `What is the derivative of x^${n(rng, 2, 5)} * sin(x)?`,
        () =>
          `A train leaves at ${n(rng, 1, 11)}:00 going ${n(rng, 40, 120)} km/h, another ${n(rng, 1, 3)} hours later at ${n(rng, 60, 150)} km/h. When does the second catch up?`,
        () => `How do I calculate a ${n(rng, 5, 30)}% tip on $${n(rng, 20, 400)}.${n(rng, 10, 99)}?`,
        () => `explain step by step how to integrate 1/(x^2+${n(rng, 1, 9)})`,
        () =>
          `My kid's homework: if ${n(rng, 3, 12)} pencils cost $${n(rng, 2, 9)}, how much do ${n(rng, 13, 40)} cost? How do I explain it to a ${n(rng, 8, 11)} year old?`,
      ])(),
  },
  {
    name: 'learning',
    follow: [
      'can you give an example?',
      'simpler please',
      'what are common misconceptions?',
      'quiz me on it',
      'and how does that relate to {subject}?',
    ],
    open: (rng) =>
      rng.pick([
        () => `Explain ${rng.pick(SUBJECTS)} in simple terms.`,
        () => `I have an exam on ${rng.pick(SUBJECTS)} ${rng.pick(['tomorrow', 'next week', 'on Friday'])}. What are the key points?`,
        () =>
          `Summarize the causes of ${rng.pick(['World War I', 'the 2008 financial crisis', 'the fall of Rome', 'the Dust Bowl'])} in ${n(rng, 3, 7)} bullet points`,
        () =>
          `Is it true that ${rng.pick(['we only use 10% of our brain', 'lightning never strikes twice', 'goldfish have 3-second memory', 'cracking knuckles causes arthritis'])}?`,
      ])(),
  },
  {
    name: 'travel',
    follow: ['what about with kids?', 'cheaper options?', 'how many days is enough?', 'is it safe at night?', 'what should I pack?'],
    open: (rng) =>
      rng.pick([
        () =>
          `Plan a ${n(rng, 2, 10)}-day trip to ${rng.pick(CITIES)} in ${rng.pick(['April', 'August', 'October', 'December'])}, budget around ${n(rng, 5, 40)}00 euros.`,
        () => `What are some things to do in ${rng.pick(CITIES)} that are not touristy?`,
        () => `Best way to get from the airport to the center of ${rng.pick(CITIES)}?`,
      ])(),
  },
  {
    name: 'cooking',
    follow: [
      'can I make it without an oven?',
      'what can I substitute for eggs?',
      'how long does it keep in the fridge?',
      'double the recipe please',
    ],
    open: (rng) =>
      rng.pick([
        () => `Recipe for ${rng.pick(DISHES)} for ${n(rng, 2, 8)} people?`,
        () =>
          `I have ${rng.pick(['chickpeas, spinach and rice', 'eggs, leftover pasta and cheese', 'tofu, broccoli, soy sauce', 'potatoes, onions, paprika'])}. What can I cook tonight?`,
        () => `why did my ${rng.pick(DISHES)} come out ${rng.pick(['too salty', 'dry', 'bland', 'soggy'])}?`,
      ])(),
  },
  {
    name: 'health',
    follow: ['when should I see a doctor?', 'is that normal?', 'any exercises that help?'],
    open: (rng) =>
      rng.pick([
        () => `I've had a ${rng.pick(['headache', 'sore knee', 'stiff neck', 'cough'])} for ${n(rng, 2, 14)} days, what could help?`,
        () => `Make me a ${n(rng, 3, 5)}-day-a-week training plan for ${rng.pick(HOBBIES)}`,
        () => `How much protein should a ${n(rng, 20, 70)} year old eat per day?`,
      ])(),
  },
  {
    name: 'business',
    follow: ['give me 5 more', 'what would it cost?', 'make a table of it', 'which one would you pick?'],
    open: (rng) =>
      rng.pick([
        () => `Give me ${n(rng, 5, 15)} name ideas for ${rng.pick(PRODUCTS)}.`,
        () =>
          `Write a short product description for ${rng.pick(PRODUCTS)}, target audience ${rng.pick(['students', 'small businesses', 'parents', 'retirees'])}.`,
        () => `How should I price ${rng.pick(PRODUCTS)}? Costs are about $${n(rng, 2, 90)} per unit.`,
        () => `Draft an agenda for a ${n(rng, 30, 90)} minute ${rng.pick(['kickoff', 'retrospective', 'board', 'sales'])} meeting.`,
      ])(),
  },
  {
    name: 'data',
    follow: ['can you write the formula?', 'how do I chart that?', 'what about missing values?'],
    open: (rng) =>
      rng.pick([
        () =>
          `In Excel, how do I ${rng.pick(['count unique values in column B', 'look up a price from another sheet', 'highlight duplicates', 'sum by month'])}?`,
        () =>
          `Here is my data:\nmonth,sales,returns\nJan,${n(rng, 100, 999)},${n(rng, 1, 40)}\nFeb,${n(rng, 100, 999)},${n(rng, 1, 40)}\nMar,${n(rng, 100, 999)},${n(rng, 1, 40)}\nWhat trends do you see?`,
        () =>
          `What statistical test should I use to compare ${rng.pick(['two groups of survey scores', 'conversion rates of two landing pages', 'before and after measurements'])}?`,
      ])(),
  },
  {
    name: 'translation',
    follow: ['more casual please', 'and in {target}?', 'is that how a native would say it?'],
    open: (rng) =>
      `Translate to ${rng.pick(TARGET_LANGS)}: "${rng.pick(['Where is the nearest pharmacy?', 'Thank you for your patience, the order ships on Monday.', 'Could we move the call to next week?', 'I am allergic to peanuts.'])}"`,
  },
  {
    name: 'creative',
    follow: ['make it funnier', 'longer', 'change the ending', 'in the style of a noir detective'],
    open: (rng) =>
      rng.pick([
        () =>
          `Write a short poem about ${rng.pick(['autumn in ' + rng.pick(CITIES), 'my cat', 'leaving home', 'the night shift', 'coffee'])}.`,
        () =>
          `Give me a bedtime story for a ${n(rng, 3, 9)} year old about a ${rng.pick(['brave turtle', 'lost robot', 'dragon who is afraid of the dark', 'talking bicycle'])}.`,
        () => `Ideas for a D&D one-shot set in ${rng.pick(['a flooded library', 'a desert caravan', 'a haunted lighthouse'])}`,
      ])(),
  },
  {
    name: 'career',
    follow: ['what should I ask them?', 'how do I negotiate?', 'rewrite it for a senior role'],
    open: (rng) =>
      rng.pick([
        () => `How do I prepare for an interview as a ${rng.pick(ROLES)}?`,
        () => `Should I accept an offer with ${n(rng, 5, 25)}% more pay but a ${n(rng, 30, 90)} minute commute?`,
        () =>
          `Improve this resume bullet: "${rng.pick(['Responsible for managing social media', 'Worked on the backend team', 'Helped customers with problems'])}"`,
      ])(),
  },
  {
    name: 'support',
    follow: ['that did not work', 'I am on Windows 11', 'it says access denied'],
    open: (rng) =>
      rng.pick([
        () =>
          `My ${rng.pick(['laptop', 'printer', 'router', 'phone'])} ${rng.pick(['keeps disconnecting from wifi', 'is very slow since the update', 'will not turn on', 'shows error 0x' + n(rng, 1000, 9999)])}. What can I try?`,
        () =>
          `How do I ${rng.pick(['set up two-factor authentication', 'back up my photos', 'free up disk space', 'share a calendar'])} on ${rng.pick(['Android', 'iPhone', 'Mac', 'Windows'])}?`,
      ])(),
  },
  {
    name: 'finance',
    follow: ['what about taxes?', 'is that a good idea at my age?', 'show the numbers in a table'],
    open: (rng) =>
      rng.pick([
        () => `If I save $${n(rng, 100, 2000)} a month at ${n(rng, 3, 8)}% for ${n(rng, 5, 30)} years, how much will I have?`,
        () =>
          `Explain the difference between ${rng.pick(['a Roth and traditional IRA', 'index funds and ETFs', 'fixed and variable mortgages', 'gross and net margin'])}.`,
      ])(),
  },
];

/** The popular system prompt of a consumer app built on the API: many genuine users share it. */
export const APP_SYSTEM_PROMPTS: readonly string[] = [
  'You are a helpful assistant.',
  'You are a friendly writing assistant inside a note-taking app. Keep answers brief.',
  'You are StudyBuddy, a patient tutor for high-school students. Encourage the student.',
  'You are a customer support assistant for an online store. Be polite and concise.',
];

export function openingPrompt(rng: Random, topic: Topic): string {
  return rng.pick(OPENERS) + topic.open(rng) + rng.pick(CLOSERS);
}

export function followUp(rng: Random, topic: Topic): string {
  return rng
    .pick(topic.follow)
    .replace('{lang}', rng.pick(LANGS))
    .replace('{target}', rng.pick(TARGET_LANGS))
    .replace('{subject}', rng.pick(SUBJECTS));
}
