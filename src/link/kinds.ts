import type { Evidence } from '../load/evidence.js';

/**
 * The kinds of tie between two accounts. `base` is the most a kind can weigh on its own: a
 * payment instrument or an IP used in the same hours is near proof of one operator, a shared
 * hosting ASN is only a hint. A kind's weight never exceeds its base, so a hint alone stays
 * below the clustering threshold and only adds to other evidence.
 *
 * Modes:
 * - `overlap`: each account has a set of values; the tie is the rarity-weighted Jaccard of the
 *   two sets (SynchroTrap's similarity, with FRAUDAR's down-weighting of popular values).
 * - `single`: one value per account (accounts export); the tie is the value's rarity.
 * - `minhash`: sets too large to intersect pairwise (active time slots); the tie is the share of
 *   MinHash signatures two accounts have in common, an unbiased estimate of their Jaccard.
 */
export type TieMode = 'overlap' | 'single' | 'minhash';

export interface TieKind {
  kind: string;
  /**
   * Kinds of one family say much the same thing (one browser gives both its user agent and its
   * TLS fingerprint; one network gives the /24 and the ASN), so a pair's strength takes the
   * strongest kind of each family and combines only across families.
   */
  family: 'network' | 'client' | 'content' | 'billing' | 'signup' | 'timing' | 'footprint';
  mode: TieMode;
  base: number;
  /** Shared values needed before a pair is a tie at all (one shared IP-hour is coincidence). */
  minShared: number;
  /** How the evidence sentence names the shared values. */
  noun: string;
  /**
   * Whether sharing by more accounts weighs less. Not for bursts (their size is the signal), nor
   * for numbered e-mail patterns (a longer counter is more telling), nor for payment
   * instruments: one card paying for forty accounts is one payer, however many.
   */
  rarity: boolean;
  /**
   * For kinds without rarity: how many accounts must share a value for it to weigh its full base;
   * fewer weigh base x accounts / fullAt. A card paying for two accounts is one payer (1); a name
   * and a number shared by two addresses is a common coincidence (noahrossi12@ and noahrossi88@
   * are two people), while a counter run up over four accounts is not (4).
   */
  fullAt: number;
  /** Evidence without which the kind cannot form a tie (report: evidence coverage). */
  needs: readonly Evidence[];
}

export const TIE_KINDS: readonly TieKind[] = [
  {
    kind: 'ip_window',
    family: 'network',
    mode: 'overlap',
    base: 1.0,
    minShared: 2,
    noun: 'IP-hour slots',
    rarity: true,
    fullAt: 1,
    needs: ['ip'],
  },
  {
    kind: 'ip_subnet',
    family: 'network',
    mode: 'overlap',
    base: 0.5,
    minShared: 1,
    noun: 'IPv4 /24 or IPv6 /64 networks',
    rarity: true,
    fullAt: 1,
    needs: ['ip'],
  },
  {
    kind: 'asn',
    family: 'network',
    mode: 'overlap',
    base: 0.25,
    minShared: 1,
    noun: 'autonomous systems',
    rarity: true,
    fullAt: 1,
    needs: ['asn'],
  },
  {
    kind: 'client_fingerprint',
    family: 'client',
    mode: 'overlap',
    base: 0.5,
    minShared: 1,
    noun: 'client fingerprints',
    rarity: true,
    fullAt: 1,
    needs: ['client_fingerprint'],
  },
  {
    kind: 'user_agent',
    family: 'client',
    mode: 'overlap',
    base: 0.35,
    minShared: 1,
    noun: 'user agents',
    rarity: true,
    fullAt: 1,
    needs: ['user_agent'],
  },
  {
    kind: 'template',
    family: 'content',
    mode: 'overlap',
    base: 0.7,
    minShared: 2,
    noun: 'prompt templates',
    rarity: true,
    fullAt: 1,
    needs: ['prompt'],
  },
  {
    kind: 'system_prompt',
    family: 'content',
    mode: 'overlap',
    base: 0.6,
    minShared: 1,
    noun: 'system prompts',
    rarity: true,
    fullAt: 1,
    needs: ['system_prompt'],
  },
  {
    kind: 'payment_fingerprint',
    family: 'billing',
    mode: 'single',
    base: 1.0,
    minShared: 1,
    noun: 'payment fingerprint',
    rarity: false,
    fullAt: 1,
    needs: ['payment'],
  },
  {
    kind: 'email_stem',
    family: 'signup',
    mode: 'single',
    base: 0.5,
    minShared: 1,
    noun: 'numbered e-mail address pattern',
    rarity: false,
    fullAt: 4,
    needs: ['email'],
  },
  {
    kind: 'email_domain',
    family: 'signup',
    mode: 'single',
    base: 0.5,
    minShared: 1,
    noun: 'e-mail domain',
    rarity: true,
    fullAt: 1,
    needs: ['email'],
  },
  {
    kind: 'signup_burst',
    family: 'signup',
    mode: 'single',
    base: 0.4,
    minShared: 1,
    noun: 'sign-up burst',
    rarity: false,
    fullAt: 1,
    needs: ['signup'],
  },
  // Near proof: the same accounts, and hardly any others, use both values (items-footprint.sql).
  {
    kind: 'footprint',
    family: 'footprint',
    mode: 'single',
    base: 0.7,
    minShared: 1,
    noun: 'footprint (values of two kinds used by nearly the same accounts):',
    rarity: false,
    fullAt: 1,
    needs: [],
  },
  {
    kind: 'lockstep',
    family: 'timing',
    mode: 'minhash',
    base: 0.8,
    minShared: 6,
    noun: '10-minute activity slots',
    rarity: true,
    fullAt: 1,
    needs: [],
  },
];

/** Edges lighter than this are not kept: they could never move a clustering decision. */
export const MIN_EDGE_WEIGHT = 0.05;
