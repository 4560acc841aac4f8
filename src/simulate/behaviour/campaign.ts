import type { SimAccount } from '../account.js';
import { DAY_MS, HOUR_MS, MODELS, dayStart, weekday, type Calendar } from '../calendar.js';
import { campaignClient, type SimCampaign } from '../campaign.js';
import { tokens, type ExchangeDraft } from '../exchange.js';
import { hash32, Random, unit } from '../random.js';
import { tradecraft } from '../evasion.js';
import {
  agenticContinuation,
  agenticRequest,
  codingContinuation,
  codingRequest,
  reasoningFollowUp,
  reasoningRequest,
  type CampaignRequest,
} from '../text/campaign.js';
import { broadFollowUp, broadRequest, referenceRequest, resellerRequest } from '../text/harvest.js';
import { paraphraseFreely } from '../text/paraphrase.js';
import { averageWeekFactor, statusCode, utcHourWeights } from './persona.js';

/** Agent loops run a few turns; the reasoning harvest is one shot per question. */
const LOOP_TURNS_MEAN = 2.6;

export interface CampaignDraft extends ExchangeDraft {
  account: SimAccount;
}

/**
 * One day of a campaign: the operator's daily quota of tasks, spread over the day (24/7 with
 * jitter, or mimicking office hours), dispatched to the accounts active at that moment.
 */
export function campaignDay(seed: number, c: SimCampaign, cal: Calendar, day: number, evasion: number): CampaignDraft[] {
  const from = dayStart(cal, day);
  const to = from + DAY_MS;
  const active = c.accounts.filter((a) => a.activeFrom < to && a.activeUntil > from);
  // Accounts keeping a person's hours (human-timing) take some days off; the rest carry the day's quota.
  const awake = active.filter((a) => !resting(seed, a, cal, day));
  const live = awake.length > 0 ? awake : active;
  if (live.length === 0) return [];
  const rng = new Random(seed, 'campaign', c.index, day);
  const craft = tradecraft(evasion);
  const turnsMean = c.style === 'reasoning' || LONG_ANSWERS.has(c.style) ? 1 : 1 + (LOOP_TURNS_MEAN - 1) * 0.85;
  let volume = (c.expectedExchanges / cal.days) * rng.uniform(0.93, 1.07);
  if (c.diurnal) {
    const wd = weekday(cal, day);
    volume *= (wd >= 5 ? c.diurnal.weekendFactor : 1) / averageWeekFactor(c.diurnal.weekendFactor);
  }
  const tasks = rng.round(volume / turnsMean);
  const starts: number[] = [];
  const forced = new Map<number, SimAccount>();
  // Accounts keeping a person's hours (evasion.ts) take their share of the tasks at their own local
  // hours; the rest are dispatched by the operator's clock as before.
  const human = live.filter((a) => a.tz !== undefined);
  const machine = human.length > 0 ? live.filter((a) => a.tz === undefined) : live;
  let machineTasks = tasks;
  if (human.length > 0) {
    machineTasks = 0;
    for (let i = 0; i < tasks; i++) {
      const a = machine.length > 0 && !rng.chance(human.length / live.length) ? null : humanAccount(rng, human, from);
      if (!a) {
        machineTasks++;
        continue;
      }
      starts.push(from + rng.weighted(utcHourWeights(a.tz!)) * HOUR_MS + rng.int(HOUR_MS));
      forced.set(starts.length - 1, a);
    }
  }
  if (c.diurnal) {
    const hours = utcHourWeights(c.diurnal.tz);
    for (let i = 0; i < machineTasks; i++) starts.push(from + rng.weighted(hours) * HOUR_MS + rng.int(HOUR_MS));
  } else {
    // Machine pacing: even spacing, blurred more the harder the operator tries to hide.
    const step = DAY_MS / Math.max(1, machineTasks);
    for (let i = 0; i < machineTasks; i++) {
      const t = from + (i + 0.5) * step + rng.normal(0, step * (0.05 + 0.6 * evasion));
      starts.push(Math.min(to - 1, Math.max(from, Math.floor(t))));
    }
  }
  // An account put into service during the day gets its first task at once: bought accounts are used immediately.
  for (const a of live) {
    if (a.activeFrom >= from && a.activeFrom < to) {
      const t = Math.min(to - 1, a.activeFrom + Math.floor(rng.uniform(1, 30) * 60_000));
      starts.push(t);
      forced.set(starts.length - 1, a);
    }
  }
  const order = starts.map((t, i) => [t, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: CampaignDraft[] = [];
  const load = new Map<SimAccount, number>();
  let rotation = rng.int(live.length);
  for (let task = 0; task < order.length; task++) {
    const [start, original] = order[task]!;
    const own = forced.get(original);
    const account = own && usable(own, start) ? own : pickAccount(rng, c, machine.length > 0 ? machine : live, start, rotation, load);
    if (!forced.has(original)) rotation++;
    if (!account) continue;
    load.set(account, (load.get(account) ?? 0) + 1);
    const request = firstRequest(rng, c, evasion);
    let turns = request.loop ? 1 + Math.floor(rng.exponential(LOOP_TURNS_MEAN - 1)) : 1;
    // A blending operator wraps a share of its questions in a conversation with follow-ups.
    if (!request.loop && craft > 0 && rng.chance(0.7 * craft)) turns += rng.range(1, 2);
    const model = pivoted(rng, c, cal, start) ? MODELS.next : MODELS.current;
    const maxTokens = model === MODELS.next ? 16384 : c.maxTokens;
    const session = hash32(seed, 'task', c.index, day, task);
    const conversationId = `conv_${session.toString(16).padStart(8, '0')}${hash32(seed, 'task2', c.index, day, task).toString(16).padStart(8, '0')}`;
    const client = campaignClient(c, account);
    let ts = start;
    let context = 0;
    for (let turn = 1; turn <= turns && ts < to && ts < account.activeUntil; turn++) {
      let prompt = turn === 1 ? request.prompt : continuation(rng, c, evasion);
      let system = request.system;
      if (c.paraphrase) {
        // Its own stream: the rewrite changes the words, never what else the operator does.
        const words = new Random(seed, 'paraphrase', c.index, day, task, turn);
        prompt = paraphraseFreely(words, prompt);
        if (system !== null) system = paraphraseFreely(words, system);
      }
      const point = c.egress.at(rng, ts, session, account.index);
      const output =
        c.style === 'reasoning'
          ? Math.round(maxTokens * rng.uniform(0.3, 0.95))
          : LONG_ANSWERS.has(c.style)
            ? Math.round(maxTokens * rng.uniform(0.2, 0.6))
            : Math.round(rng.uniform(300, c.style === 'coding' ? 3000 : 1500));
      const input = tokens(prompt) + tokens(system) + context;
      out.push({
        account,
        ts: Math.floor(ts),
        ip: point.ip,
        user_agent: client.userAgent,
        client_fingerprint: client.fingerprint,
        asn: point.asn,
        country: point.country,
        model,
        input_tokens: input,
        output_tokens: output,
        max_tokens: maxTokens,
        temperature: evasion > 0.5 && rng.chance(0.3) ? rng.pick([0.6, 0.8, 0.9]) : c.temperature,
        prompt,
        system_prompt: system,
        conversation_id: conversationId,
        turn,
        tools: request.tools,
        status: statusCode(rng, 0.02),
      });
      context = input + output;
      // A script answers its tool calls in seconds; an account keeping a person's hours takes minutes.
      ts += account.tz === undefined ? 2_000 + rng.exponential(9_000) : 20_000 + rng.exponential(70_000);
    }
  }
  return out;
}

/** Broad harvesting asks for complete expert answers: a good share of the max_tokens ceiling each time. */
const LONG_ANSWERS: ReadonlySet<string> = new Set(['broad', 'reseller', 'reference']);

function firstRequest(rng: Random, c: SimCampaign, evasion: number): CampaignRequest {
  switch (c.style) {
    case 'reasoning':
      return reasoningRequest(rng, evasion);
    case 'agentic':
      return agenticRequest(rng, evasion);
    case 'broad':
      return broadRequest(rng);
    case 'reseller':
      return resellerRequest(rng);
    case 'reference':
      return referenceRequest(rng);
    default:
      return codingRequest(rng, evasion);
  }
}

function continuation(rng: Random, c: SimCampaign, evasion: number): string {
  switch (c.style) {
    case 'coding':
      return codingContinuation(rng, evasion);
    case 'reasoning':
      return reasoningFollowUp(rng, evasion);
    case 'agentic':
      return agenticContinuation(rng, evasion);
    default:
      return broadFollowUp(rng);
  }
}

/** Whether an account keeping a person's hours takes the day off (a hash: no draw from other streams). */
function resting(seed: number, a: SimAccount, cal: Calendar, day: number): boolean {
  if (!a.rest) return false;
  return unit(seed, 'rest', a.index, day) < (weekday(cal, day) >= 5 ? a.rest.weekend : a.rest.weekday);
}

/**
 * Account for a task: the next in rotation (a gateway's load balancer), or the less used of two
 * live ones (a script spreading load so no account stands out; a fresh account is used at once).
 * Banned and not yet active accounts are skipped.
 */
function pickAccount(
  rng: Random,
  c: SimCampaign,
  live: SimAccount[],
  ts: number,
  rotation: number,
  load: Map<SimAccount, number>,
): SimAccount | null {
  const ready = (a: SimAccount) => usable(a, ts) && ramped(rng, a, ts);
  if (c.roundRobin) {
    for (let tries = 0; tries < live.length; tries++) {
      const a = live[(rotation + tries) % live.length]!;
      if (ready(a)) return a;
    }
    return live.find((a) => usable(a, ts)) ?? null;
  }
  let best: SimAccount | null = null;
  for (let tries = 0, found = 0; tries < 4 * live.length && found < 2; tries++) {
    const a = live[rng.int(live.length)]!;
    if (!ready(a)) continue;
    found++;
    if (!best || (load.get(a) ?? 0) < (load.get(best) ?? 0)) best = a;
  }
  return best ?? live.find((a) => usable(a, ts)) ?? null;
}

function usable(a: SimAccount, ts: number): boolean {
  return a.activeFrom <= ts && ts < a.activeUntil;
}

/** An account ramping up (evasion.ts) takes a task with a chance that grows from a tenth to all over its ramp. */
function ramped(rng: Random, a: SimAccount, ts: number): boolean {
  if (a.rampDays === undefined) return true;
  return rng.chance(Math.min(1, 0.1 + (0.9 * (ts - a.activeFrom)) / (a.rampDays * DAY_MS)));
}

/** An account keeping a person's hours for a task today: a few tries, so ramping accounts take fewer. */
function humanAccount(rng: Random, human: SimAccount[], from: number): SimAccount | null {
  for (let tries = 0; tries < 4; tries++) {
    const a = human[rng.int(human.length)]!;
    if (ramped(rng, a, Math.max(from, a.activeFrom))) return a;
  }
  return null;
}

/** The disclosed pivot: about half the traffic on the new model within a day, ramping over the first hours. */
function pivoted(rng: Random, c: SimCampaign, cal: Calendar, ts: number): boolean {
  if (c.pivotShare <= 0 || ts < cal.releaseAt) return false;
  const ramp = Math.min(1, (ts - cal.releaseAt) / (6 * HOUR_MS));
  return rng.chance(c.pivotShare * ramp);
}
