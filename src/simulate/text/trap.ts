import type { Random } from '../random.js';

/** Text of the honest look-alikes: a batch classifier, an evaluation harness, a corporate assistant. */

const n = (rng: Random, lo: number, hi: number) => String(rng.range(lo, hi));

const TICKET_OPENINGS = [
  'I was charged twice for',
  'Cannot log in since',
  'The app crashes when I open',
  'Please cancel',
  'Where is my refund for',
  'Password reset email never arrives for',
  'Invoice shows the wrong VAT for',
  'Export to PDF is broken in',
  'How do I add a user to',
  'My subscription renewed early for',
];
const TICKET_OBJECTS = ['order', 'account', 'plan', 'workspace', 'invoice', 'the mobile app', 'the dashboard', 'the team plan'];

export const BATCH_SYSTEM = 'You are a ticket triage classifier. Reply only with JSON.';

export function batchPrompt(rng: Random): string {
  return `Classify the support ticket into exactly one category (billing, technical, account, other). Reply with {"category": "...", "urgency": 1-5}.\nTicket #${n(rng, 100000, 999999)}: ${rng.pick(TICKET_OPENINGS)} ${rng.pick(TICKET_OBJECTS)} ${n(rng, 1000, 99999)}. ${rng.pick(['Thanks', 'Please help asap', 'This is the third time', '', 'Regards'])}`;
}

/** An academic benchmark: a fixed item bank, run item by item with chain-of-thought prompting. */
export function evalPrompt(item: number): string {
  const a = 3 + ((item * 7) % 41);
  const b = 2 + ((item * 13) % 17);
  const kinds = [
    `A store sells pencils in packs of ${b}. Ana needs ${a * b + (item % b)} pencils. How many packs must she buy?`,
    `What is the remainder when ${a * 97 + b} is divided by ${b + 3}?`,
    `Tom is ${a} years older than Sue. In ${b} years their ages sum to ${2 * b + a + 2 * (10 + (item % 30))}. How old is Sue now?`,
    `A rectangle has perimeter ${2 * (a + b)} and one side ${a}. What is its area?`,
  ];
  return `Question ${item + 1}: ${kinds[item % kinds.length]}\nLet's think step by step. Put the final answer after "####".`;
}

export const CORPORATE_SYSTEM =
  'You are Beacon, the internal assistant of Harbor & Finch Logistics. Follow company policy, never share customer data, and answer in a professional tone.';

const WORK = [
  () => 'Summarise the attached meeting notes into action items with owners.',
  (rng: Random) => `Draft a reply to a carrier asking why shipment ${n(rng, 10000, 99999)} is ${n(rng, 2, 9)} days late.`,
  (rng: Random) => `Write a SQL query that lists warehouses with more than ${n(rng, 5, 50)} open orders.`,
  () => 'Rewrite this policy paragraph in plain English for drivers.',
  (rng: Random) => `Create a checklist for onboarding a new dispatcher in ${rng.pick(['Rotterdam', 'Leeds', 'Columbus', 'Hamburg'])}.`,
  (rng: Random) => `Explain the variance between forecast and actual fuel cost for Q${n(rng, 1, 4)}.`,
  () => 'Turn these bullet points into a short customer-facing announcement about holiday delivery times.',
  (rng: Random) => `Which KPIs should a ${rng.pick(['warehouse', 'fleet', 'customs'])} manager review weekly?`,
];

export function corporatePrompt(rng: Random): string {
  return rng.pick(WORK)(rng);
}
