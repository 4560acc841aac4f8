import type { Campaign, Report } from '../report/model.js';
import { saltedHash } from './ids.js';
import { shareKind } from './kinds.js';
import { PRIVATE_KINDS, type ObservablesFile, type PrivateKind } from './observables.js';

export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export interface ShareOptions {
  format: 'stix' | 'misp';
  tlp: Tlp;
  /** Name of the producer identity (STIX) or organisation (MISP). */
  producer: string;
  /** Salt of `--share-hashed-ids`; null leaves private identifiers out. */
  salt: string | null;
}

/** A value a partner can match on, with how much of the campaign it covers. */
export interface SharedIndicator {
  type: 'cidr' | 'asn' | 'user_agent' | 'client_fingerprint' | 'email_domain';
  value: string;
  /** The investigator's `re:` user agent (value without the prefix). */
  regex: boolean;
  accounts: number;
  exchanges: number;
  /** Share of the value's traffic that is the campaign's; null for the investigator's own indicators. */
  specificity: number | null;
  first_seen: string;
  last_seen: string;
  /** `observed`: found in the campaign's traffic; `investigator`: an indicator of the named actor that matched. */
  origin: 'observed' | 'investigator';
}

/** What leaves about one campaign, already stripped of what must not. */
export interface SharedCampaign {
  campaign: Campaign;
  /** Account set digest: the same accounts give the same campaign object in any later share. */
  key: string;
  indicators: SharedIndicator[];
  /** Salted hashes of private identifiers, only with `--share-hashed-ids`. */
  hashed: Partial<Record<PrivateKind, string[]>> | null;
  /** Evidence sentences, private values withheld (or hashed). */
  notes: { abstract: string; content: string }[];
}

export interface SharedFinding {
  report: Report;
  campaigns: SharedCampaign[];
  /** Why some kinds of value are missing (no observables.json, or a scan of partials). */
  missing: string | null;
}

/** Evidence types that name the operator's own instruments or text: never shared in clear. */
const PRIVATE_EVIDENCE: Record<string, PrivateKind | 'prompt'> = {
  account_id: 'account_id',
  payment_fingerprint: 'payment_fingerprint',
  prompt: 'prompt',
};

const WITHHELD = '[withheld]';
/** Anything that looks like an e-mail address in a sentence (a value the private lists may miss). */
const EMAIL = /[^\s@,;:()'"<>[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Chooses what of a report leaves, campaign by campaign. */
export function shareFinding(report: Report, observables: ObservablesFile | null, options: ShareOptions): SharedFinding {
  const privateValues = new Set<string>();
  for (const c of report.campaigns) for (const a of c.accounts) privateValues.add(a);
  for (const c of Object.values(observables?.campaigns ?? {})) {
    for (const k of PRIVATE_KINDS) for (const v of c.private?.[k] ?? []) privateValues.add(v);
  }
  for (const c of report.campaigns) {
    for (const e of c.attribution.evidence) {
      const ev = parseEvidence(e.indicator);
      if (ev && PRIVATE_EVIDENCE[ev.type]) privateValues.add(ev.value.replace(/^re:/, ''));
    }
  }
  // Longest first, so a value that contains another is withheld whole.
  const secrets = [...privateValues].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const scrub = (text: string) => {
    let out = text;
    for (const s of secrets) out = out.split(s).join(WITHHELD);
    return out.replace(EMAIL, WITHHELD);
  };
  const hash = (v: string) => `sha256:${saltedHash(options.salt!, v)}`;

  const campaigns = report.campaigns.map((c): SharedCampaign => {
    const own = observables?.campaigns[c.id];
    const indicators = new Map<string, SharedIndicator>();
    for (const o of own?.observables ?? []) {
      indicators.set(`${o.kind}\u0000${o.value}`, {
        type: o.kind,
        value: o.value,
        regex: false,
        accounts: o.accounts,
        exchanges: o.exchanges,
        specificity: o.specificity,
        first_seen: o.first_seen ?? c.first_seen,
        last_seen: o.last_seen ?? c.last_seen,
        origin: 'observed',
      });
    }
    const notes: { abstract: string; content: string }[] = [];
    const lines: string[] = [];
    for (const e of c.attribution.evidence) {
      const ev = parseEvidence(e.indicator);
      const counts = `${e.accounts} account(s), ${e.exchanges} exchange(s)`;
      if (!ev) continue;
      const secret = PRIVATE_EVIDENCE[ev.type];
      if (secret) {
        const shown = secret !== 'prompt' && options.salt !== null ? hash(ev.value) : WITHHELD;
        lines.push(`${ev.type} ${shown}${ev.rival ? ` (indicator of ${ev.rival})` : ''}: ${counts}`);
        continue;
      }
      lines.push(`${ev.type} ${scrub(ev.value)}${ev.rival ? ` (indicator of ${ev.rival})` : ''}: ${counts}`);
      // Another actor's indicator in this campaign is not evidence for the campaign's actor.
      if (ev.rival || !c.attribution.actor || !shareKind(ev.type)) continue;
      const regex = ev.value.startsWith('re:');
      const value = regex ? ev.value.slice(3) : ev.value;
      const key = `${ev.type}\u0000${value}`;
      if (!regex && indicators.has(key)) {
        indicators.get(key)!.origin = 'investigator';
        continue;
      }
      indicators.set(key, {
        type: ev.type as SharedIndicator['type'],
        value,
        regex,
        accounts: e.accounts,
        exchanges: e.exchanges,
        specificity: null,
        first_seen: c.first_seen,
        last_seen: c.last_seen,
        origin: 'investigator',
      });
    }
    if (c.attribution.actor) {
      notes.push({
        abstract: `Attribution of ${c.id}: ${c.attribution.actor} (${c.attribution.confidence ?? 'unstated'} confidence)`,
        content:
          `${c.id} is attributed to ${c.attribution.actor} with ${c.attribution.confidence ?? 'unstated'} confidence.` +
          (lines.length > 0 ? ` Indicators that cover it: ${lines.join('; ')}.` : ''),
      });
    } else if (lines.length > 0) {
      notes.push({
        abstract: `Attribution of ${c.id}: none`,
        content: `${c.id} is attributed to no actor. Indicators that cover part of it: ${lines.join('; ')}.`,
      });
    }
    for (const s of c.signals) {
      notes.push({ abstract: `Signal ${s.detector} on ${c.id} (strength ${s.strength})`, content: scrub(s.detail) });
    }
    let hashed: SharedCampaign['hashed'] = null;
    if (options.salt !== null) {
      hashed = {};
      const values: Record<PrivateKind, string[]> = { account_id: [...c.accounts], api_key_id: [], payment_fingerprint: [], email: [] };
      for (const k of PRIVATE_KINDS) for (const v of own?.private?.[k] ?? []) if (!values[k].includes(v)) values[k].push(v);
      for (const k of PRIVATE_KINDS) if (values[k].length > 0) hashed[k] = values[k].map(hash).sort();
    }
    return {
      campaign: c,
      key: saltedHash('distill-audit campaign', [...c.accounts].sort().join('\n')),
      indicators: [...indicators.values()].sort(
        (a, b) => order(a.type) - order(b.type) || b.exchanges - a.exchanges || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
      ),
      hashed,
      notes,
    };
  });
  return {
    report,
    campaigns,
    missing: observables
      ? observables.missing
      : "the report directory has no observables.json (written by scans since this version), so only the investigator's indicators that matched are shared",
  };
}

const TYPE_ORDER = ['cidr', 'asn', 'user_agent', 'client_fingerprint', 'email_domain'];
const order = (t: string) => TYPE_ORDER.indexOf(t);

/** `cidr 203.0.113.0/24` or `asn AS64500 (indicator of Actor B)`, as attribution.ts writes them. */
export function parseEvidence(text: string): { type: string; value: string; rival: string | null } | null {
  const m = /^([a-z_]+) (.+?)(?: \(indicator of (.+)\))?$/s.exec(text);
  return m ? { type: m[1]!, value: m[2]!, rival: m[3] ?? null } : null;
}
