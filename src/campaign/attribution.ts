/**
 * Grading an attribution from what the investigator's indicators cover. The tool never guesses:
 * an actor is named only when its indicators cover a real part of the campaign, and a rival
 * actor with comparable support lowers the confidence or, on a tie, withholds the name.
 */
export type Confidence = 'high' | 'medium' | 'low';

export interface IndicatorMatch {
  actor: string;
  type: string;
  value: string;
  ordinal: number;
  /** The partner that shared the indicator; null or absent for the investigator's own. */
  source?: string | null;
  /** Campaign accounts and campaign exchanges the indicator covers. */
  accounts: number;
  exchanges: number;
}

export interface ActorCoverage {
  actor: string;
  /** Campaign accounts and exchanges covered by any of the actor's indicators. */
  accounts: number;
  exchanges: number;
}

export interface Evidence {
  indicator: string;
  accounts: number;
  exchanges: number;
  /** The partner whose shared indicator this is (corroboration); absent for the investigator's own. */
  source?: string;
}

export interface Attribution {
  actor: string | null;
  confidence: Confidence | null;
  evidence: Evidence[];
  /** Share of the campaign the named actor covers (max of account and exchange share). */
  coverage: number;
  /** Independent indicator kinds behind the named actor. */
  kinds: number;
  /** Another actor's indicators also cover the campaign substantially. */
  conflict: boolean;
}

/**
 * Indicator types grouped into independent kinds: a CIDR and an ASN both describe the network,
 * so they count once; an email domain and a card both come from billing and sign-up.
 */
export const INDICATOR_KIND: Record<string, string> = {
  cidr: 'network',
  asn: 'network',
  email_domain: 'billing',
  payment_fingerprint: 'billing',
  user_agent: 'client',
  client_fingerprint: 'client',
  prompt: 'content',
  account_id: 'account',
};

/** Below this share an overlap is what chance gives (a busy hosting ASN), not support… */
export const MIN_SUPPORT = 0.05;
/** …unless the indicator names the operator's own instruments: its accounts or its cards. */
export const SPECIFIC_TYPES: readonly string[] = ['account_id', 'payment_fingerprint'];
const BROAD = 0.5;
const PARTIAL = 0.2;
/** A rival covering at least this fraction of the leader's coverage makes the call contested. */
const RIVAL = 0.5;

export function gradeAttribution(
  campaign: { accounts: number; exchanges: number },
  matches: readonly IndicatorMatch[],
  coverage: readonly ActorCoverage[],
): Attribution {
  const share = (c: { accounts: number; exchanges: number }) =>
    Math.max(campaign.accounts > 0 ? c.accounts / campaign.accounts : 0, campaign.exchanges > 0 ? c.exchanges / campaign.exchanges : 0);
  const kindsOf = (actor: string) =>
    new Set(matches.filter((m) => m.actor === actor && m.accounts > 0).map((m) => INDICATOR_KIND[m.type] ?? m.type)).size;

  const ranked = coverage
    .filter((c) => c.accounts > 0)
    .map((c) => ({
      actor: c.actor,
      share: share(c),
      kinds: kindsOf(c.actor),
      specific: matches.some((m) => m.actor === c.actor && m.accounts > 0 && SPECIFIC_TYPES.includes(m.type)),
    }))
    .sort((x, y) => y.share - x.share || y.kinds - x.kinds || compare(x.actor, y.actor));
  const supported = ranked.filter((r) => r.share >= MIN_SUPPORT || r.specific);
  const leader = supported[0];
  const rival = supported[1];
  const tie = leader && rival && rival.share === leader.share && rival.kinds === leader.kinds;
  const named = leader && !tie ? leader : undefined;
  const conflict = Boolean(leader && rival && rival.share >= RIVAL * leader.share);

  let confidence: Confidence | null = null;
  if (named) {
    if (conflict) confidence = 'low';
    else if (named.share >= BROAD && named.kinds >= 2) confidence = 'high';
    else if (named.share >= BROAD || (named.share >= PARTIAL && named.kinds >= 2)) confidence = 'medium';
    else confidence = 'low';
  }

  const order = new Map(ranked.map((r, i) => [r.actor, i]));
  const evidence = matches
    .filter((m) => m.accounts > 0)
    .slice()
    .sort(
      (x, y) =>
        (x.actor === named?.actor ? -1 : 0) - (y.actor === named?.actor ? -1 : 0) ||
        (order.get(x.actor) ?? 0) - (order.get(y.actor) ?? 0) ||
        y.accounts - x.accounts ||
        y.exchanges - x.exchanges ||
        x.ordinal - y.ordinal,
    )
    .map((m) => ({
      indicator: `${m.type} ${m.value}` + (m.actor === named?.actor ? '' : ` (indicator of ${m.actor})`),
      accounts: m.accounts,
      exchanges: m.exchanges,
      ...(m.source ? { source: m.source } : {}),
    }));
  return {
    actor: named?.actor ?? null,
    confidence,
    evidence,
    coverage: named?.share ?? 0,
    kinds: named?.kinds ?? 0,
    conflict,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
