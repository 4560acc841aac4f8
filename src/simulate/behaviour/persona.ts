import { DAY_MS, HOUR_MS, MODELS, dayStart, weekday, type Calendar } from '../calendar.js';
import type { Client } from '../client.js';
import type { Egress } from '../egress.js';
import { tokens, type ExchangeDraft } from '../exchange.js';
import { hash32, Random } from '../random.js';
import { TOPICS, followUp, openingPrompt } from '../text/genuine.js';

/** How an honest person or product uses the API. Genuine accounts, most traps and hydra customers are personas. */
export interface Persona {
  /** Stable number that seeds everything this persona does. */
  key: number;
  /** UTC offset of the persona's local time, in hours. */
  tz: number;
  /** Expected exchanges on an active weekday. */
  dailyMean: number;
  activeDayProb: number;
  /** Activity on Saturday and Sunday relative to a weekday. */
  weekendFactor: number;
  /** Mean turns of a conversation. */
  turnsMean: number;
  topics: readonly number[];
  clients: readonly Client[];
  egress: Egress;
  systemPrompt: string | null;
  maxTokens: number | null;
  temperature: number | null;
  liteShare: number;
  /** When the persona starts trying the new model, and what share of its traffic goes there. */
  adoption: { at: number; share: number } | null;
  /** First moment of activity, and days until full volume (new customers ramp up). */
  activeFrom: number;
  activeUntil: number;
  rampDays: number;
  /** A fixed workload instead of free conversation (corporate assistant). */
  prompt?: (rng: Random) => string;
  /** Days the persona works on, shared with others (a class's lab days); replaces the activeDayProb draw. */
  onDays?: (day: number) => boolean;
}

/** Weight of each local hour for people: asleep at night, busy in office hours, some evening use. */
export const HUMAN_HOURS = [
  0.15, 0.08, 0.05, 0.04, 0.04, 0.08, 0.25, 0.55, 0.95, 1.25, 1.35, 1.3, 1.05, 1.2, 1.3, 1.3, 1.2, 1.0, 0.85, 0.85, 0.9, 0.8, 0.6, 0.35,
];

/** The weight of each UTC hour for someone at offset tz. */
export function utcHourWeights(tz: number, profile: readonly number[] = HUMAN_HOURS): (readonly [number, number])[] {
  return profile.map((_, h) => [h, profile[(((h + tz) % 24) + 24) % 24]!] as const);
}

export function averageWeekFactor(weekendFactor: number): number {
  return (5 + 2 * weekendFactor) / 7;
}

export interface PersonaExchange extends ExchangeDraft {
  /** Session number for the egress (one conversation stays on one address). */
  session: number;
}

/** One day of a persona's conversations, in generation order. */
export function personaDay(seed: number, persona: Persona, cal: Calendar, day: number): PersonaExchange[] {
  const from = dayStart(cal, day);
  const to = from + DAY_MS;
  if (persona.activeUntil <= from || persona.activeFrom >= to) return [];
  const rng = new Random(seed, 'persona', persona.key, day);
  const wd = weekday(cal, day);
  const weekFactor = wd >= 5 ? persona.weekendFactor : 1;
  if (persona.onDays ? !persona.onDays(day) : !rng.chance(persona.activeDayProb * Math.min(1, weekFactor + 0.2))) return [];
  const age = (from - persona.activeFrom) / DAY_MS;
  const ramp = persona.rampDays > 0 ? Math.min(1, Math.max(0.1, (age + 1) / persona.rampDays)) : 1;
  const count = rng.poisson((persona.dailyMean * ramp * weekFactor) / Math.min(1, weekFactor + 0.2));
  const out: PersonaExchange[] = [];
  const hours = utcHourWeights(persona.tz);
  let made = 0;
  let conv = 0;
  // Conversations that fall outside the active span are dropped; the cap ends a day that cannot fill.
  while (made < count && conv < 20 * count) {
    const turns = Math.min(count - made, 1 + Math.floor(rng.exponential(persona.turnsMean - 1 + 1e-9)));
    const topic = TOPICS[rng.pick(persona.topics)]!;
    const client = rng.pick(persona.clients);
    const session = hash32(persona.key, day, conv);
    const conversationId = `conv_${hash32(seed, 'conv', persona.key, day, conv).toString(16).padStart(8, '0')}${hash32(seed, 'conv2', persona.key, day, conv).toString(16).padStart(8, '0')}`;
    let ts = from + rng.weighted(hours) * HOUR_MS + rng.int(HOUR_MS);
    let context = 0;
    for (let turn = 1; turn <= turns; turn++) {
      if (ts >= to || ts < persona.activeFrom || ts >= persona.activeUntil) break;
      const prompt = persona.prompt ? persona.prompt(rng) : turn === 1 ? openingPrompt(rng, topic) : followUp(rng, topic);
      const point = persona.egress.at(rng, ts, session);
      const maxTokens = persona.maxTokens;
      const wanted = Math.round(rng.lognormal(Math.log(260), 0.8));
      const output = Math.max(5, maxTokens ? Math.min(maxTokens, wanted) : wanted);
      const input = tokens(prompt) + tokens(persona.systemPrompt) + context;
      out.push({
        ts: Math.floor(ts),
        ip: point.ip,
        user_agent: client.userAgent,
        client_fingerprint: client.fingerprint,
        asn: point.asn,
        country: point.country,
        model: modelFor(rng, persona, ts),
        input_tokens: input,
        output_tokens: output,
        max_tokens: maxTokens,
        temperature: persona.temperature,
        prompt,
        system_prompt: persona.systemPrompt,
        conversation_id: conversationId,
        turn,
        tools: null,
        status: statusCode(rng),
        session,
      });
      context = input + output;
      made++;
      // People read, think and type between turns.
      ts += 15_000 + rng.exponential(90_000);
    }
    conv++;
  }
  return out;
}

function modelFor(rng: Random, persona: Persona, ts: number): string {
  if (persona.adoption && ts >= persona.adoption.at && rng.chance(persona.adoption.share)) return MODELS.next;
  return rng.chance(persona.liteShare) ? MODELS.lite : MODELS.current;
}

export function statusCode(rng: Random, rateLimited = 0.01): string {
  const x = rng.next();
  if (x < rateLimited) return '429';
  if (x < rateLimited + 0.004) return '500';
  if (x < rateLimited + 0.007) return '400';
  return '200';
}
