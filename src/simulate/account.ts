import type { Persona } from './behaviour/persona.js';
import type { Client } from './client.js';

export type Role = 'genuine' | 'trap' | 'campaign';

/** A row of accounts.csv (ACCOUNT_COLUMNS of src/load/schema.ts). */
export interface AccountProfile {
  created_at: number;
  email: string;
  payment_fingerprint: string | null;
  country: string;
  signup_channel: string;
  org_name: string | null;
  plan: string;
  status: 'active' | 'banned';
  banned_at: number | null;
}

/** A machine workload with a fixed cadence (the enterprise batch trap). */
export interface BatchWorkload {
  perDay: number;
}

/** An evaluation harness: runs of a fixed item bank on some days. */
export interface EvalWorkload {
  itemsPerRun: number;
  runDayProb: number;
}

export interface SimAccount {
  /** Position in the world's account list; seeds the account's randomness. */
  index: number;
  id: string;
  role: Role;
  /** Trap kind or campaign id. */
  group: string | null;
  profile: AccountProfile;
  keys: string[];
  /** Honest traffic the account carries: its owner, or the customers behind a reseller or hydra account. */
  personas: Persona[];
  /** Campaign index when the account is (also) used by an operator, else -1. */
  campaign: number;
  /** When the operator's traffic on the account starts and stops (ban). */
  activeFrom: number;
  activeUntil: number;
  /** Campaign bookkeeping: a standby account that took over after the ban wave, or a freshly registered one. */
  origin: 'initial' | 'standby' | 'reregistered' | null;
  /** Evasive operators only (see evasion.ts): the ordinary client this account shows instead of the operator's own, */
  disguise?: Client;
  /** the local time zone it keeps a person's hours in, */
  tz?: number;
  /** and the days it takes to reach full throughput. */
  rampDays?: number;
  /** `human-timing` tactic: chance that the account rests on a weekday, and on a weekend day. */
  rest?: { weekday: number; weekend: number };
  batch?: BatchWorkload;
  evalRun?: EvalWorkload;
}
