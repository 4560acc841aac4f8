import type { Client } from './client.js';
import type { Egress } from './egress.js';
import type { SimAccount } from './account.js';

/** What an operator harvests: the three disclosed kinds, broad expert answers, the reseller's wrapped items, reference answers. */
export type CampaignStyle = 'reasoning' | 'agentic' | 'coding' | 'broad' | 'reseller' | 'reference';

/** One operator's harvesting campaign: who runs it, through what, and how hard. */
export interface SimCampaign {
  index: number;
  id: string;
  actor: string;
  style: CampaignStyle;
  /** Every account the operator used or kept ready, replacements and dormant standby included. */
  accounts: SimAccount[];
  /** User agents the operator's scripts send (one per account, from this list). */
  agents: string[];
  /** TLS fingerprint of the operator's client or gateway: the same everywhere it goes. */
  fingerprint: string;
  egress: Egress;
  expectedExchanges: number;
  /** Mimic human working hours in this offset instead of running 24/7. */
  diurnal: { tz: number; weekendFactor: number } | null;
  /** Dispatch tasks over accounts in rotation (a hydra gateway's load balancer). */
  roundRobin: boolean;
  /** Share of traffic moved to the new model within a day of its release (0 = stays). */
  pivotShare: number;
  maxTokens: number;
  temperature: number;
  /** Whether honest customers ride on the same accounts. */
  hydra: boolean;
  /** Every prompt and system prompt rewritten by a paraphrasing model (the `paraphrase` tactic). */
  paraphrase?: boolean;
}

/** A labelled false-positive trap: honest accounts that look suspicious on one axis. */
export interface TrapGroup {
  kind: TrapKind;
  description: string;
  accounts: SimAccount[];
}

export type TrapKind =
  | 'carrier_nat'
  | 'corporate_nat'
  | 'batch_job'
  | 'eval_harness'
  | 'genuine_reseller'
  | 'release_day_switchers'
  | 'hackathon_cohort'
  | 'classroom_cohort';

/** A client as a campaign account shows it. */
export function campaignClient(campaign: SimCampaign, account: SimAccount): Client {
  return account.disguise ?? { userAgent: campaign.agents[account.index % campaign.agents.length]!, fingerprint: campaign.fingerprint };
}
