/**
 * The numbers the campaign decision turns on, in one place so calibration changes one file.
 * Calibrated on simulator presets (small, several seeds); see README.md for the figures.
 */
export const DECISION = {
  /** A campaign is coordinated: fewer accounts than this is a user or a team, not a hydra. */
  minAccounts: 3,
  /** Cluster score at or above which a cluster is a campaign. */
  minScore: 0.5,
  /** Each detector's strength counts this much in an account's noisy-OR behaviour score. */
  signalWeight: 0.6,
  /** Signals weaker than this are noise every account carries a little of. */
  signalFloor: 0.3,
  /** An account with behaviour at or above this is "caught" by the behaviour family. */
  behaviourCaught: 0.5,
  /** Weight of account behaviour vs cross-account coordination in the cluster score. */
  behaviourWeight: 0.6,
  /** Passing clusters are merged when this many infrastructure ties join them. */
  mergeTies: 3,
} as const;

/** Edge kinds that describe infrastructure (network, client, billing); the rest are behaviour. */
export const INFRASTRUCTURE_KINDS = [
  'ip_window', 'ip_subnet', 'asn', 'client_fingerprint', 'user_agent',
  'payment_fingerprint', 'email_stem', 'email_domain', 'signup_burst',
] as const;
