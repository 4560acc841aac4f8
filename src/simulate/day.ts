import type { SimAccount } from './account.js';
import { campaignDay, type CampaignDraft } from './behaviour/campaign.js';
import { personaDay, type PersonaExchange } from './behaviour/persona.js';
import { batchDay, evalDay } from './behaviour/workload.js';
import type { ExchangeDraft, SimExchange } from './exchange.js';
import { hash32 } from './random.js';
import type { World } from './world.js';

/**
 * Every exchange of one day, in no particular order: each account's honest traffic and the
 * campaign traffic dispatched to it. Request ids are hashes, so they say nothing of the label.
 */
export function generateDay(world: World, day: number): SimExchange[] {
  const { seed, evasion } = world.plan;
  const byAccount = new Map<number, CampaignDraft[]>();
  for (const c of world.campaigns) {
    for (const d of campaignDay(seed, c, world.cal, day, evasion)) {
      const list = byAccount.get(d.account.index);
      if (list) list.push(d);
      else byAccount.set(d.account.index, [d]);
    }
  }
  const out: SimExchange[] = [];
  for (const account of world.accounts) {
    let seq = 0;
    const add = (d: ExchangeDraft, session: number, label: number) => {
      // Built field by field, in the written order: one object shape for every exchange.
      out.push({
        request_id: requestId(seed, account.index, day, seq++),
        ts: d.ts,
        account_id: account.id,
        api_key_id: account.keys[hash32(session, 'key') % account.keys.length]!,
        ip: d.ip,
        user_agent: d.user_agent,
        client_fingerprint: d.client_fingerprint,
        asn: d.asn,
        country: d.country,
        model: d.model,
        input_tokens: d.input_tokens,
        output_tokens: d.output_tokens,
        max_tokens: d.max_tokens,
        temperature: d.temperature,
        prompt: d.prompt,
        system_prompt: d.system_prompt,
        conversation_id: d.conversation_id,
        turn: d.turn,
        tools: d.tools,
        status: d.status,
        label,
      });
    };
    for (const draft of honestDrafts(seed, world, account, day)) add(draft, draft.session, -1);
    for (const draft of byAccount.get(account.index) ?? []) add(draft, hash32(draft.conversation_id), account.campaign);
  }
  return out;
}

function honestDrafts(seed: number, world: World, account: SimAccount, day: number): PersonaExchange[] {
  if (account.batch) return batchDay(seed, account, world.cal, day);
  if (account.evalRun) return evalDay(seed, account, world.cal, day);
  if (account.personas.length === 1) return personaDay(seed, account.personas[0]!, world.cal, day);
  const all: PersonaExchange[] = [];
  for (const p of account.personas) all.push(...personaDay(seed, p, world.cal, day));
  return all;
}

function requestId(seed: number, account: number, day: number, seq: number): string {
  const part = (k: string) => hash32(seed, k, account, day, seq).toString(16).padStart(8, '0');
  return `req_${part('r1')}${part('r2')}${part('r3')}`;
}
