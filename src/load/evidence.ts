import type { Context } from '../context.js';
import { presentTables, tableExists } from '../db/tables.js';
import type { Stage } from '../pipeline.js';

/**
 * The kinds of evidence an investigation can rest on, each with where it is counted and what
 * its absence means for the findings. Detectors (`needs` in `detectors/registry.ts`) and tie
 * kinds (`needs` in `link/kinds.ts`) name the kinds they cannot work without; the report derives
 * from those lists which of them could not run on the inputs given.
 */
export const EVIDENCE = [
  {
    kind: 'prompt',
    label: 'prompt text',
    of: 'exchanges',
    present: `nullif(trim(prompt), '') IS NOT NULL`,
    without:
      'what the accounts asked cannot be read: elicitation of reasoning, shared prompt templates and capability focus are invisible, and a campaign shows only through its behaviour and its ties',
  },
  {
    kind: 'system_prompt',
    label: 'system prompt',
    of: 'exchanges',
    present: `nullif(trim(system_prompt), '') IS NOT NULL`,
    without: 'shared system prompts cannot tie accounts together',
  },
  {
    kind: 'response',
    label: 'answer text',
    of: 'exchanges',
    present: `nullif(trim(response), '') IS NOT NULL`,
    without: 'the findings do not change (no detector reads it), but the answers harvested cannot be quoted',
  },
  {
    kind: 'ip',
    label: 'client IP',
    of: 'exchanges',
    present: `nullif(trim(ip), '') IS NOT NULL`,
    without:
      'shared addresses and networks cannot tie accounts and key sprawl cannot be seen: accounts run from one place are joined only by other evidence',
  },
  {
    kind: 'asn',
    label: 'autonomous system',
    of: 'exchanges',
    present: `nullif(trim(asn), '') IS NOT NULL`,
    without: 'shared hosting networks cannot tie accounts together',
  },
  {
    kind: 'country',
    label: 'country of the IP',
    of: 'exchanges',
    present: `nullif(trim(country), '') IS NOT NULL`,
    without: 'key sprawl cannot count countries',
  },
  {
    kind: 'user_agent',
    label: 'user agent',
    of: 'exchanges',
    present: `nullif(trim(user_agent), '') IS NOT NULL`,
    without: 'shared client software cannot tie accounts together',
  },
  {
    kind: 'client_fingerprint',
    label: 'client fingerprint',
    of: 'exchanges',
    present: `nullif(trim(client_fingerprint), '') IS NOT NULL`,
    without: 'shared TLS or HTTP fingerprints cannot tie accounts together',
  },
  {
    kind: 'api_key',
    label: 'API key id',
    of: 'exchanges',
    present: `nullif(trim(api_key_id), '') IS NOT NULL`,
    without: 'key sprawl sees accounts, not the keys inside them',
  },
  {
    kind: 'model',
    label: 'model name',
    of: 'exchanges',
    present: `nullif(trim(model), '') IS NOT NULL`,
    without: 'pivots to a newly released model cannot be seen',
  },
  {
    kind: 'tokens',
    label: 'token counts',
    of: 'exchanges',
    present: `coalesce(input_tokens, output_tokens) IS NOT NULL`,
    without: 'volume counts exchanges, not tokens, and long answers to short prompts cannot be seen',
  },
  {
    kind: 'max_tokens',
    label: 'max_tokens',
    of: 'exchanges',
    present: `max_tokens IS NOT NULL`,
    without: "requests at the model's output ceiling cannot be seen",
  },
  {
    kind: 'conversation',
    label: 'conversation ids or turns',
    of: 'exchanges',
    present: `nullif(trim(conversation_id), '') IS NOT NULL OR turn IS NOT NULL`,
    without: 'one-turn harvesting cannot be told from dialogue, and conversations at human pace cannot be spared by capability focus',
  },
  {
    kind: 'accounts',
    label: 'accounts export',
    of: 'accounts',
    present: 'true',
    without:
      "sign-up dates, plans, payment instruments and e-mail addresses are unknown: no-ramp takes an account's first exchange as its sign-up and everyone's rate as its plan's",
  },
  {
    kind: 'signup',
    label: 'sign-up time',
    of: 'accounts',
    present: 'created_at IS NOT NULL',
    without: 'bursts of sign-ups cannot tie accounts together',
  },
  {
    kind: 'payment',
    label: 'payment fingerprint',
    of: 'accounts',
    present: `nullif(trim(payment_fingerprint), '') IS NOT NULL`,
    without: 'a payment instrument shared by several accounts cannot tie them together',
  },
  {
    kind: 'email',
    label: 'e-mail address or domain',
    of: 'accounts',
    present: `nullif(trim(coalesce(email, email_domain)), '') IS NOT NULL`,
    without: 'shared e-mail domains and numbered address patterns cannot tie accounts together',
  },
  {
    kind: 'indicators',
    label: 'indicators of actors',
    of: 'indicators',
    present: 'true',
    without: 'no campaign can be attributed to an actor',
  },
  {
    kind: 'model_releases',
    label: 'model release times',
    of: 'model_releases',
    present: 'true',
    without: 'pivots to a newly released model cannot be seen',
  },
  // A ban is known from the investigation file's enforcement actions or from the accounts export's
  // banned_at; re-registration reads both, so either is the evidence.
  {
    kind: 'enforcement',
    label: 'enforcement actions (bans)',
    of: 'enforcement',
    present: 'true',
    also: { of: 'accounts', present: 'banned_at IS NOT NULL' },
    without: 're-registration after a ban cannot be seen',
  },
] as const;

export type Evidence = (typeof EVIDENCE)[number]['kind'];

/** One row of `evidence_coverage`: how many of the rows it is counted on carry the evidence. */
export interface EvidenceCount {
  kind: Evidence;
  present: number;
  total: number;
}

/**
 * Counts, over the run's window, the exchanges carrying each kind of exchange evidence, and the
 * rows of each side input (`evidence_coverage`, TEMP). One pass over `exchanges`. A scan of
 * partials holds no prompt text (the partials keep features, not prompts): there, prompt text
 * counts where the features pass found a prompt (a template).
 */
export const evidenceStage: Stage = {
  name: 'evidence',
  async run(ctx: Context): Promise<void> {
    await ctx.db.run(`CREATE OR REPLACE TEMP TABLE evidence_coverage (kind VARCHAR, present BIGINT, total BIGINT)`);
    const tables = await presentTables(ctx.db);
    const onExchanges = EVIDENCE.filter((e) => e.of === 'exchanges');
    const counts = (await ctx.db.one<Record<string, number>>(
      `SELECT count(*) AS total, ${onExchanges.map((e) => `count(*) FILTER (WHERE ${e.present}) AS "${e.kind}"`).join(', ')} FROM exchanges`,
    ))!;
    if (tables.has('partial_features')) {
      counts.prompt = await ctx.db.value<number>(
        `SELECT count(*) FROM partial_features f JOIN exchanges e USING (request_id) WHERE f.template_id IS NOT NULL`,
      );
    }
    for (const e of EVIDENCE) {
      let present: number;
      let total: number;
      if (e.of === 'exchanges') {
        present = counts[e.kind] ?? 0;
        total = counts.total ?? 0;
      } else if (tables.has(e.of)) {
        // `present` and `of` are constants of this file, never user text.
        const row = (await ctx.db.one<{ present: number; total: number }>(
          `SELECT count(*) FILTER (WHERE ${e.present}) AS present, count(*) AS total FROM ${e.of}`,
        ))!;
        ({ present, total } = row);
      } else {
        present = 0;
        total = 0;
      }
      if ('also' in e && tables.has(e.also.of)) {
        // Two sources of one kind (bans): counted as the distinct accounts either names, so a ban
        // listed in both is one.
        const sources = [
          tables.has(e.of) ? `SELECT account_id FROM ${e.of} WHERE ${e.present}` : null,
          `SELECT account_id FROM ${e.also.of} WHERE ${e.also.present}`,
        ].filter((q) => q !== null);
        present = Number(await ctx.db.value<number>(`SELECT count(DISTINCT account_id) FROM (${sources.join(' UNION ALL ')})`));
        total = present;
      }
      await ctx.db.run('INSERT INTO evidence_coverage VALUES ($kind, $present, $total)', { kind: e.kind, present, total });
    }
  },
};

/** The evidence the run's inputs carried, by kind; empty when the evidence stage has not run. */
export async function evidenceCounts(ctx: Context): Promise<Map<Evidence, EvidenceCount>> {
  if (!(await tableExists(ctx.db, 'evidence_coverage'))) return new Map();
  const rows = await ctx.db.all<EvidenceCount & Record<string, unknown>>('SELECT kind, present, total FROM evidence_coverage');
  return new Map(rows.map((r) => [r.kind, { kind: r.kind, present: r.present, total: r.total }]));
}

/** The kinds of `needs` that the inputs did not carry at all (an empty map means nothing is known: none missing). */
export function missingEvidence(needs: readonly Evidence[], counts: Map<Evidence, EvidenceCount>): Evidence[] {
  if (counts.size === 0) return [];
  return needs.filter((k) => (counts.get(k)?.present ?? 0) === 0);
}
