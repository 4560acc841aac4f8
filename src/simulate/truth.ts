import type { SimAccount } from './account.js';
import type { CampaignStyle } from './campaign.js';
import { DAY_MS, MODELS, isoTime } from './calendar.js';
import type { SimExchange } from './exchange.js';
import type { FileTruth } from './output/day-file.js';
import type { World } from './world.js';

export const TRUTH_SCHEMA = 'distill-audit/truth@1';
export const LABELS_FILE = 'truth_labels.csv.gz';

export interface CampaignTruth {
  id: string;
  actor: string;
  /** What the campaign harvests, in the features stage's capability words. */
  focus: string[];
  /** Whether indicators.json holds indicators of this actor (null attribution expected when not). */
  covered_by_indicators: boolean;
  /** Accounts with at least one exported campaign exchange, sorted. */
  accounts: string[];
  account_count: number;
  /** Unique, loadable campaign exchanges in the export. */
  exchanges: number;
  /** Campaign exchanges before the export was sampled. */
  exchanges_unsampled: number;
  first_seen: string | null;
  last_seen: string | null;
  /** Accounts that also carry honest customers, with the split of their exported exchanges. */
  mixed_accounts: { account_id: string; campaign_exchanges: number; honest_exchanges: number }[];
  banned_accounts: string[];
  /** Accounts that took over after the ban wave: standby pool or fresh registrations. */
  replacement_accounts: {
    account_id: string;
    origin: string;
    created_at: string;
    first_exchange: string | null;
    hours_after_ban: number | null;
  }[];
  /** Standby accounts registered but never used (present in accounts.csv only). */
  dormant_accounts: string[];
  /** Share of the campaign's exchanges on the new model in the first day after its release, and after. */
  pivot: { model: string; share_first_24h: number; share_after_24h: number } | null;
}

/** What each kind of campaign harvests, in the features stage's capability words (broad harvesting has no focus). */
const FOCUS: Record<CampaignStyle, string[]> = {
  reasoning: ['reasoning'],
  agentic: ['agentic', 'computer_use', 'vision'],
  coding: ['coding', 'agentic'],
  broad: ['general'],
  reseller: ['general'],
  reference: ['general'],
};

export interface TrapTruth {
  kind: string;
  description: string;
  accounts: string[];
  exchanges: number;
}

export interface Truth {
  schema: typeof TRUTH_SCHEMA;
  /** `tactics` is present only when some were switched on (tactics.ts). */
  generator: {
    preset: string;
    seed: number;
    days: number;
    evasion: number;
    campaign_share: number;
    sampling_rate: number;
    tactics?: string[];
  };
  period: { start: string; end: string };
  model_release: { model: string; released_at: string };
  ban_wave: { at: string };
  totals: {
    exchanges: number;
    exchanges_unsampled: number;
    campaign_exchanges: number;
    honest_exchanges: number;
    accounts_with_exchanges: number;
    accounts_listed: number;
  };
  input: { files: number; records: number; malformed: number; duplicates: number };
  campaigns: CampaignTruth[];
  traps: TrapTruth[];
  files: FileTruth[];
  labels: { file: string; covers: string };
}

interface AccountTally {
  campaign: number;
  honest: number;
  unsampled: number;
  first: number;
  last: number;
}

interface PivotTally {
  first: number;
  firstNew: number;
  after: number;
  afterNew: number;
}

/** Counts what was exported, exchange by exchange, so truth.json states exactly what the files hold. */
export class TruthTally {
  private readonly accounts: AccountTally[];
  private readonly unsampledByCampaign: number[];
  private readonly pivots: PivotTally[];
  private unsampled = 0;

  constructor(private readonly world: World) {
    this.accounts = world.accounts.map(() => ({ campaign: 0, honest: 0, unsampled: 0, first: Infinity, last: -Infinity }));
    this.unsampledByCampaign = world.campaigns.map(() => 0);
    this.pivots = world.campaigns.map(() => ({ first: 0, firstNew: 0, after: 0, afterNew: 0 }));
  }

  generated(e: SimExchange, accountIndex: number): void {
    this.unsampled++;
    if (e.label >= 0) {
      this.unsampledByCampaign[e.label]!++;
      this.accounts[accountIndex]!.unsampled++;
    }
  }

  exported(e: SimExchange, accountIndex: number): void {
    const t = this.accounts[accountIndex]!;
    if (e.label < 0) {
      t.honest++;
      return;
    }
    t.campaign++;
    if (e.ts < t.first) t.first = e.ts;
    if (e.ts > t.last) t.last = e.ts;
    const rel = e.ts - this.world.cal.releaseAt;
    if (rel >= 0) {
      const p = this.pivots[e.label]!;
      const isNew = e.model === MODELS.next ? 1 : 0;
      if (rel < DAY_MS) {
        p.first++;
        p.firstNew += isNew;
      } else {
        p.after++;
        p.afterNew += isNew;
      }
    }
  }

  finish(files: FileTruth[]): Truth {
    const { world } = this;
    const { plan, cal } = world;
    const id = (a: SimAccount) => a.id;
    const tally = (a: SimAccount) => this.accounts[a.index]!;
    const campaigns: CampaignTruth[] = world.campaigns.map((c) => {
      const seen = c.accounts.filter((a) => tally(a).campaign > 0);
      const first = Math.min(...seen.map((a) => tally(a).first));
      const last = Math.max(...seen.map((a) => tally(a).last));
      const p = this.pivots[c.index]!;
      return {
        id: c.id,
        actor: c.actor,
        focus: FOCUS[c.style],
        covered_by_indicators: world.intel.some((i) => i.actor === c.actor),
        accounts: seen.map(id).sort(),
        account_count: seen.length,
        exchanges: seen.reduce((s, a) => s + tally(a).campaign, 0),
        exchanges_unsampled: this.unsampledByCampaign[c.index]!,
        first_seen: seen.length ? isoTime(first) : null,
        last_seen: seen.length ? isoTime(last) : null,
        mixed_accounts: c.accounts
          .filter((a) => a.personas.length > 0 && tally(a).campaign + tally(a).honest > 0)
          .map((a) => ({ account_id: a.id, campaign_exchanges: tally(a).campaign, honest_exchanges: tally(a).honest }))
          .sort((x, y) => (x.account_id < y.account_id ? -1 : 1)),
        banned_accounts: c.accounts
          .filter((a) => a.profile.status === 'banned')
          .map(id)
          .sort(),
        replacement_accounts: c.accounts
          .filter((a) => a.origin !== 'initial' && a.activeFrom !== Infinity)
          .map((a) => ({
            account_id: a.id,
            origin: a.origin ?? '',
            created_at: isoTime(a.profile.created_at),
            first_exchange: tally(a).campaign > 0 ? isoTime(tally(a).first) : null,
            hours_after_ban: tally(a).campaign > 0 ? round((tally(a).first - cal.banAt) / 3_600_000, 3) : null,
          }))
          .sort((x, y) => (x.account_id < y.account_id ? -1 : 1)),
        dormant_accounts: c.accounts
          .filter((a) => a.activeFrom === Infinity)
          .map(id)
          .sort(),
        pivot:
          c.pivotShare > 0
            ? {
                model: MODELS.next,
                share_first_24h: round(p.first ? p.firstNew / p.first : 0, 4),
                share_after_24h: round(p.after ? p.afterNew / p.after : 0, 4),
              }
            : null,
      };
    });
    const traps: TrapTruth[] = world.traps.map((t) => ({
      kind: t.kind,
      description: t.description,
      accounts: t.accounts
        .filter((a) => tally(a).honest > 0)
        .map(id)
        .sort(),
      exchanges: t.accounts.reduce((s, a) => s + tally(a).honest, 0),
    }));
    const campaignExchanges = campaigns.reduce((s, c) => s + c.exchanges, 0);
    const exchanges = files.reduce((s, f) => s + f.exchanges, 0);
    return {
      schema: TRUTH_SCHEMA,
      generator: {
        preset: plan.preset,
        seed: plan.seed,
        days: plan.days,
        evasion: plan.evasion,
        campaign_share: plan.campaignShare,
        sampling_rate: plan.samplingRate,
        ...(plan.tactics.length > 0 ? { tactics: [...plan.tactics] } : {}),
      },
      period: { start: isoTime(cal.start), end: isoTime(cal.end) },
      model_release: { model: MODELS.next, released_at: isoTime(cal.releaseAt) },
      ban_wave: { at: isoTime(cal.banAt) },
      totals: {
        exchanges,
        exchanges_unsampled: this.unsampled,
        campaign_exchanges: campaignExchanges,
        honest_exchanges: exchanges - campaignExchanges,
        accounts_with_exchanges: this.accounts.filter((t) => t.campaign + t.honest > 0).length,
        accounts_listed: world.accounts.length,
      },
      input: {
        files: files.length,
        records: files.reduce((s, f) => s + f.records, 0),
        malformed: files.reduce((s, f) => s + f.malformed, 0),
        duplicates: files.reduce((s, f) => s + f.duplicates, 0),
      },
      campaigns,
      traps,
      files,
      labels: {
        file: LABELS_FILE,
        covers:
          "every exported exchange of the mixed accounts (request_id,campaign; campaign empty for honest customers); all other exchanges take their account's label",
      },
    };
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
