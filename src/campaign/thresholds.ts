/**
 * The numbers the campaign decision turns on, in one place so calibration changes one file. What a
 * detector's signal counts as (extraction, churn) is not here: each detector declares its role in
 * `detectors/registry.ts`, and the decision reads the run's roles from `detector_roles`.
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
  /** Most of a campaign's accounts are caught on their own; a cluster where few are is a mixture to split. */
  minCaught: 0.5,
  /** A campaign shows at least this many behaviours: one detector alone (templating) is a company's app. */
  minBreadth: 2,
  /** A detector counts toward breadth when it fires on at least this share of the accounts. */
  breadthShare: 0.2,
  /** A campaign harvests: at least this share of its traffic in a specific capability or eliciting reasoning. */
  minHarvest: 0.3,
  /** Weights of the cluster score: account behaviour, templates shared across accounts, harvest. */
  weights: { behaviour: 0.5, coordination: 0.2, harvest: 0.3 },
  /**
   * Below this median of exchanges per account (a sampled export, or a hydra spread thin), the
   * per-account detectors have little to go on; the decision then leans on the unit's pooled
   * traffic, and asks for a hydra's size and a clear harvest instead.
   */
  sparseExchanges: 30,
  sparse: {
    weights: { behaviour: 0.2, coordination: 0.4, harvest: 0.4 },
    minAccounts: 10,
    minHarvest: 0.5,
    minCoordinated: 0.3,
    pooledTemplating: 0.5,
  },
  /**
   * Distillation takes answers; a business's batch workload is scripted and templated too (cadence
   * and templating fire on it) but wants short, cheap answers — a label, a field, a summary.
   * A unit shows it wants the answers when they are at least as long as its prompts
   * (`minAnswerRatio`, output/input tokens pooled), when `minCeiling` of its requests ask for the
   * model's whole output ceiling (beyond what the typical account does), or when it elicits
   * reasoning (`minHarvest`). Where the export carries neither token counts nor max_tokens, the
   * test cannot be made and does not block.
   */
  answers: { minAnswerRatio: 1, minCeiling: 0.3 },
  /**
   * Operator marks stand in for the answers' value (a harvest of short labels is still a harvest):
   * a detector whose role is `churn` (`detectors/detector.ts`) on the unit's accounts, or a hydra of fresh
   * accounts — at least `minAccounts` accounts, at least `minShare` of them opened within `days`
   * before their first request. Established customers' accounts are months old; a hydra's are made
   * for the operation.
   */
  freshHydra: { minAccounts: 10, minShare: 0.5, days: 30 },
  /**
   * An honest cohort (isCohort): at least this share of its exchanges are follow-up turns without
   * tools, and its answer demand and share at the max_tokens ceiling (both beyond the typical
   * account's) stay under these.
   */
  cohort: { minConversing: 0.2, maxDemand: 0.1, maxCeiling: 0.1 },
  /** Passing clusters are merged when infrastructure ties of any weight reach at least this many accounts of each… */
  mergeAccounts: 3,
  /** …and at least this share of the smaller: one operator's parts share its gateway, two operators do not. */
  mergeShare: 0.25,
  /** Kept parts are also merged when at least this share of each one's exchanges use the other's templates. */
  mergeTemplates: 0.3,
  /**
   * A unit's client is the fingerprint at least this share of its accounts use; two units on
   * different clients are not joined by their prompts alone (broad harvests share question banks).
   */
  dominantClient: 0.5,
  /** Ties weaker than this are not infrastructure evidence. */
  minTieWeight: 0.1,
  /**
   * Satellites the account's own behaviour cannot vouch for (in a sampled export each account
   * keeps a handful of exchanges, too few for any account-level detector) join on pooled
   * evidence: infrastructure ties to at least `members` of the campaign's accounts (one of them
   * ≥ minTieWeight) — a residential proxy address shared with one member is chance, with several
   * it is the operator's pool — and at least `templateShare` of their exchanges in the campaign's
   * own templates: sent by two or more of its accounts, and by its accounts at least `specificity`
   * of all the accounts that send them (a chat opener everyone uses is nobody's).
   */
  contentSatellite: { members: 3, templateShare: 0.5, specificity: 0.5 },
  /**
   * A caught satellite tied to one member only needs a tie this strong: a shared card or address
   * window weighs 0.5–1, while a client fingerprint thirty accounts use weighs ~0.15 — an ordinary
   * SDK's, which a blending operator's accounts show too, and a busy honest batch job as well.
   */
  singleTieWeight: 0.3,
  /**
   * Whole hydras: an account the campaign holds as firmly as one strong tie joins it whatever its
   * own behaviour (a hydra account with no card of the campaign's, or too light for any detector).
   * `hold`: the noisy-OR over families of its strongest tie to the campaign's accounts — the
   * cluster stage's strong-tie bar (0.6: a card, IP-hours, a footprint, or a system prompt and a
   * network together). Tied to two of its accounts, or to one by `nearProof` (a shared card).
   * The weights carry the rarity guard: an address a carrier or office NAT gives hundreds of
   * people, a popular SDK or a webmail domain weighs next to nothing.
   */
  heldSatellite: { hold: 0.6, nearProof: 0.9 },
  /**
   * Capture–recapture over several sources (tie families and behaviour) needs at least this many
   * that caught something; with two it falls back to Chapman over infrastructure and behaviour.
   */
  captureSources: 3,
  /**
   * An answer this many times as long as its prompt is a whole answer taken (demand.sql). People's
   * short questions get answers a few times longer; a harvest asks a one-line item and takes pages.
   * Only the share beyond the typical account's counts, so a population that writes long answers
   * to short prompts raises the bar itself.
   */
  demandRatio: 10,
  /**
   * A subnet, client fingerprint or card connects the parts of a unit when at least this share of
   * the accounts using it are in the unit: an operator's own infrastructure is used by its accounts
   * (hundreds of them, so each edge is weak); a popular SDK or a residential /24 mostly by others.
   */
  unitSpecificity: 0.5,
  /**
   * A unit per exclusive custom client (`value-units.sql`): a client fingerprint that carries at
   * least `main` of the exchanges of each account it unites, and those accounts are at least
   * `exclusive` of everyone seen with it. With every tactic on (residential exits, aged card-less
   * accounts, paraphrase) an operator's own TLS stack is the one tie its accounts keep; the
   * decision still judges the unit on behaviour and harvest, so a company's in-house client or a
   * class's starter kit forms a unit and is spared like any cluster of theirs. A unit is kept only
   * when it scores as a campaign, at least `minCaught` of its accounts are caught on their own,
   * and they carry an operator's marks (churn detectors, or a hydra of fresh accounts).
   */
  exclusiveClient: { main: 0.5, exclusive: 0.8 },
} as const;

/** Edges along which a failing cluster is split: ties only one operator's accounts share. */
export const SPLIT_KINDS = ['ip_window', 'ip_subnet', 'client_fingerprint', 'payment_fingerprint'] as const;

/**
 * Of those, the kinds whose values are judged one by one when parts of a unit connect: a value
 * joins the accounts using it when at least `unitSpecificity` of all its users are in the unit.
 * Not subnets: two operators renting the same residential proxy network share its /24s, which
 * honest residents, scattered over the whole address space, rarely touch.
 */
export const VALUE_SPLIT_KINDS = ['client_fingerprint', 'payment_fingerprint'] as const;

/** Content and timing ties also split a cluster, but only between two accounts whose own behaviour is caught. */
export const BEHAVIOUR_TIE_KINDS = ['template', 'system_prompt', 'lockstep'] as const;

/**
 * Edge kinds specific enough to say two accounts share an operator's infrastructure: addresses in
 * the same hours, one /24, one client fingerprint, one card, numbered e-mail addresses. Hosting
 * ASNs, popular user agents, webmail domains and sign-up bursts are hints every population shares,
 * so they neither join campaigns nor count as an infrastructure capture.
 */
export const INFRASTRUCTURE_KINDS = ['ip_window', 'ip_subnet', 'client_fingerprint', 'payment_fingerprint', 'email_stem'] as const;
