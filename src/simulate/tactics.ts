import { UserError } from '../errors.js';

/**
 * Tradecraft switched on one by one (`simulate --tactics a,b,c`), each written from how such
 * operations are described in public reporting: the February 2026 disclosure of distillation through
 * proxy resellers running "hydra clusters" of light accounts mixed with genuine customers' traffic,
 * and reporting on residential proxy networks and account marketplaces. None is tuned to a detector.
 *
 * `acts` says what a tactic touches: `operators` changes the three disclosed-style operators
 * (saltmarsh, quarry, meridian) and nothing else; `actor` adds an actor with its own fixed
 * tradecraft (the operator tactics leave it as it is); `trap` adds honest look-alikes. Every tactic
 * draws from random streams of its own, so with none the output is byte-identical to a simulator
 * without them, and an operator tactic leaves the honest population's exchanges as they were.
 */
export const TACTICS = [
  {
    name: 'residential-proxy',
    acts: 'operators',
    description:
      'every request through a rotating residential proxy: a fresh consumer-ISP address each time, from consumer ASNs, no /24 twice on an account',
  },
  {
    name: 'aged-accounts',
    acts: 'operators',
    description:
      'accounts bought on a marketplace or aged in advance: created months to years before use, varied sign-up channels, countries and e-mail providers',
  },
  {
    name: 'human-timing',
    acts: 'operators',
    description:
      "each account keeps a person's hours in a time zone of its own, rests on some days (more at weekends), minutes between turns",
  },
  {
    name: 'paraphrase',
    acts: 'operators',
    description: 'every prompt and system prompt rewritten by a paraphrasing model: no frame, opening or template repeats',
  },
  {
    name: 'broad-harvest',
    acts: 'operators',
    description:
      'broad expert questions across many fields, long answers, no chain-of-thought elicitation, no tools, no single capability focus',
  },
  {
    name: 'cardless',
    acts: 'operators',
    description: 'accounts without a payment instrument (free tier, credits, vouchers): no payment fingerprint',
  },
  {
    name: 'reseller-mix',
    acts: 'actor',
    description:
      "a commercial proxy reseller whose operators harvest broad answers mixed with its genuine customers' traffic, on rotating cloud IPs, one TLS fingerprint, four cards of which the indicators name two",
  },
  {
    name: 'small-campaign',
    acts: 'actor',
    description:
      'a 3-account campaign of 40-80 exchanges, named in the indicators by an account id, its /24, its user agent and a prompt pattern',
  },
  {
    name: 'honest-cohort',
    acts: 'trap',
    description:
      'honest look-alikes: a hackathon and a classroom of freshly opened accounts sharing a starter template (traps, not campaigns)',
  },
] as const;

export type Tactic = (typeof TACTICS)[number]['name'];

export const TACTIC_NAMES: readonly Tactic[] = TACTICS.map((t) => t.name);

/** Parses `--tactics`: comma-separated names, `all`, or `none`; returned in TACTICS order without repeats. */
export function parseTactics(value: string | undefined): Tactic[] {
  if (value === undefined) return [];
  const wanted = new Set<string>();
  for (const part of value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    if (part === 'all') for (const t of TACTIC_NAMES) wanted.add(t);
    else if (part === 'none') continue;
    else if ((TACTIC_NAMES as readonly string[]).includes(part)) wanted.add(part);
    else throw new UserError(`--tactics: "${part}" is not one of ${TACTIC_NAMES.join(', ')}, all, none`);
  }
  return TACTIC_NAMES.filter((t) => wanted.has(t));
}
