import type { SimAccount } from '../account.js';
import { DAY_MS, HOUR_MS, MODELS, dayStart, type Calendar } from '../calendar.js';
import { tokens } from '../exchange.js';
import { hash32, Random } from '../random.js';
import { batchPrompt, evalPrompt } from '../text/trap.js';
import { statusCode, type PersonaExchange } from './persona.js';

/** The enterprise batch job: one request every few minutes, day and night, same template. */
export function batchDay(seed: number, account: SimAccount, cal: Calendar, day: number): PersonaExchange[] {
  const spec = account.batch!;
  const p = account.personas[0]!;
  const rng = new Random(seed, 'batch', account.index, day);
  const from = dayStart(cal, day);
  const count = Math.max(1, Math.round(spec.perDay));
  const step = DAY_MS / count;
  const out: PersonaExchange[] = [];
  for (let i = 0; i < count; i++) {
    const ts = Math.floor(from + i * step + rng.uniform(0, step * 0.02));
    const prompt = batchPrompt(rng);
    const session = hash32(account.index, day, i);
    const point = p.egress.at(rng, ts, session);
    out.push({
      ts,
      ip: point.ip,
      asn: point.asn,
      country: point.country,
      user_agent: p.clients[0]!.userAgent,
      client_fingerprint: p.clients[0]!.fingerprint,
      model: MODELS.lite,
      input_tokens: tokens(prompt) + tokens(p.systemPrompt),
      output_tokens: rng.range(12, 22),
      max_tokens: p.maxTokens,
      temperature: p.temperature,
      prompt,
      system_prompt: p.systemPrompt,
      conversation_id: `conv_${hash32(seed, 'batch', account.index, day, i).toString(16).padStart(8, '0')}${hash32(seed, 'batch2', account.index, day, i).toString(16).padStart(8, '0')}`,
      turn: 1,
      tools: null,
      status: statusCode(rng, 0.002),
      session,
    });
  }
  return out;
}

/**
 * The evaluation harness: on some days one run of the item bank, a few seconds per item; on the
 * release day the lab runs the new model too.
 */
export function evalDay(seed: number, account: SimAccount, cal: Calendar, day: number): PersonaExchange[] {
  const spec = account.evalRun!;
  const p = account.personas[0]!;
  const rng = new Random(seed, 'eval', account.index, day);
  const from = dayStart(cal, day);
  const releaseDay = Math.floor((cal.releaseAt - cal.start) / DAY_MS);
  const onRelease = day === releaseDay;
  if (!onRelease && !rng.chance(spec.runDayProb)) return [];
  const out: PersonaExchange[] = [];
  const model = onRelease ? MODELS.next : MODELS.current;
  let ts = onRelease ? Math.max(from, cal.releaseAt + rng.uniform(0.5, 3) * HOUR_MS) : from + rng.uniform(13, 20) * HOUR_MS;
  const offset = rng.int(500);
  for (let i = 0; i < spec.itemsPerRun && ts < from + DAY_MS; i++) {
    const prompt = evalPrompt(offset + i);
    const session = hash32(account.index, day, i);
    const point = p.egress.at(rng, ts, session);
    out.push({
      ts: Math.floor(ts),
      ip: point.ip,
      asn: point.asn,
      country: point.country,
      user_agent: p.clients[0]!.userAgent,
      client_fingerprint: p.clients[0]!.fingerprint,
      model,
      input_tokens: tokens(prompt),
      output_tokens: rng.range(120, 700),
      max_tokens: p.maxTokens,
      temperature: p.temperature,
      prompt,
      system_prompt: null,
      conversation_id: `conv_${hash32(seed, 'eval', account.index, day, i).toString(16).padStart(8, '0')}${hash32(seed, 'eval2', account.index, day, i).toString(16).padStart(8, '0')}`,
      turn: 1,
      tools: null,
      status: statusCode(rng, 0.01),
      session,
    });
    ts += rng.uniform(1_500, 4_000);
  }
  return out;
}
