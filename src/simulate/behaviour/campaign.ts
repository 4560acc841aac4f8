import type { SimAccount } from '../account.js';
import { DAY_MS, HOUR_MS, MODELS, dayStart, weekday, type Calendar } from '../calendar.js';
import { campaignClient, type SimCampaign } from '../campaign.js';
import { tokens, type ExchangeDraft } from '../exchange.js';
import { hash32, Random } from '../random.js';
import {
  agenticContinuation, agenticRequest, codingContinuation, codingRequest, reasoningRequest, type CampaignRequest,
} from '../text/campaign.js';
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
  const live = c.accounts.filter((a) => a.activeFrom < to && a.activeUntil > from);
  if (live.length === 0) return [];
  const rng = new Random(seed, 'campaign', c.index, day);
  const turnsMean = c.style === 'reasoning' ? 1 : 1 + (LOOP_TURNS_MEAN - 1) * 0.85;
  let volume = (c.expectedExchanges / cal.days) * rng.uniform(0.93, 1.07);
  if (c.diurnal) {
    const wd = weekday(cal, day);
    volume *= (wd >= 5 ? c.diurnal.weekendFactor : 1) / averageWeekFactor(c.diurnal.weekendFactor);
  }
  const tasks = rng.round(volume / turnsMean);
  const starts: number[] = [];
  if (c.diurnal) {
    const hours = utcHourWeights(c.diurnal.tz);
    for (let i = 0; i < tasks; i++) starts.push(from + rng.weighted(hours) * HOUR_MS + rng.int(HOUR_MS));
  } else {
    // Machine pacing: even spacing, blurred more the harder the operator tries to hide.
    const step = DAY_MS / Math.max(1, tasks);
    for (let i = 0; i < tasks; i++) {
      const t = from + (i + 0.5) * step + rng.normal(0, step * (0.05 + 0.6 * evasion));
      starts.push(Math.min(to - 1, Math.max(from, Math.floor(t))));
    }
  }
  // An account put into service during the day gets its first task at once: bought accounts are used immediately.
  const forced = new Map<number, SimAccount>();
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
    const account = forced.get(original) ?? pickAccount(rng, c, live, start, rotation, load);
    if (!forced.has(original)) rotation++;
    if (!account) continue;
    load.set(account, (load.get(account) ?? 0) + 1);
    const request = firstRequest(rng, c, evasion);
    const turns = request.loop ? 1 + Math.floor(rng.exponential(LOOP_TURNS_MEAN - 1)) : 1;
    const model = pivoted(rng, c, cal, start) ? MODELS.next : MODELS.current;
    const maxTokens = model === MODELS.next ? 16384 : c.maxTokens;
    const session = hash32(seed, 'task', c.index, day, task);
    const conversationId = `conv_${session.toString(16).padStart(8, '0')}${hash32(seed, 'task2', c.index, day, task).toString(16).padStart(8, '0')}`;
    const client = campaignClient(c, account);
    let ts = start;
    let context = 0;
    for (let turn = 1; turn <= turns && ts < to && ts < account.activeUntil; turn++) {
      const prompt = turn === 1 ? request.prompt
        : c.style === 'coding' ? codingContinuation(rng, evasion) : agenticContinuation(rng, evasion);
      const point = c.egress.at(rng, ts, session);
      const output = c.style === 'reasoning'
        ? Math.round(maxTokens * rng.uniform(0.3, 0.95))
        : Math.round(rng.uniform(300, c.style === 'coding' ? 3000 : 1500));
      const input = tokens(prompt) + tokens(request.system) + context;
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
        system_prompt: request.system,
        conversation_id: conversationId,
        turn,
        tools: request.tools,
        status: statusCode(rng, 0.02),
      });
      context = input + output;
      // A script answers its tool calls in seconds.
      ts += 2_000 + rng.exponential(9_000);
    }
  }
  return out;
}

function firstRequest(rng: Random, c: SimCampaign, evasion: number): CampaignRequest {
  switch (c.style) {
    case 'reasoning':
      return reasoningRequest(rng, evasion);
    case 'agentic':
      return agenticRequest(rng, evasion);
    default:
      return codingRequest(rng, evasion);
  }
}

/**
 * Account for a task: the next in rotation (a gateway's load balancer), or the less used of two
 * live ones (a script spreading load so no account stands out; a fresh account is used at once).
 * Banned and not yet active accounts are skipped.
 */
function pickAccount(rng: Random, c: SimCampaign, live: SimAccount[], ts: number, rotation: number, load: Map<SimAccount, number>): SimAccount | null {
  const usable = (a: SimAccount) => a.activeFrom <= ts && ts < a.activeUntil;
  if (c.roundRobin) {
    for (let tries = 0; tries < live.length; tries++) {
      const a = live[(rotation + tries) % live.length]!;
      if (usable(a)) return a;
    }
    return null;
  }
  let best: SimAccount | null = null;
  for (let tries = 0, found = 0; tries < 4 * live.length && found < 2; tries++) {
    const a = live[rng.int(live.length)]!;
    if (!usable(a)) continue;
    found++;
    if (!best || (load.get(a) ?? 0) < (load.get(best) ?? 0)) best = a;
  }
  return best ?? live.find(usable) ?? null;
}

/** The disclosed pivot: about half the traffic on the new model within a day, ramping over the first hours. */
function pivoted(rng: Random, c: SimCampaign, cal: Calendar, ts: number): boolean {
  if (c.pivotShare <= 0 || ts < cal.releaseAt) return false;
  const ramp = Math.min(1, (ts - cal.releaseAt) / (6 * HOUR_MS));
  return rng.chance(c.pivotShare * ramp);
}
