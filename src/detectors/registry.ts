import { param, sqlDetector, type Detector } from './detector.js';

/**
 * Every account-behaviour detector, in run order. Adding one is a `.sql` file and one entry here
 * (README.md): its role decides what it counts as in the campaign decision, its params are the
 * thresholds its SQL reads as `$name`, and both are part of the config hash.
 */
export const DETECTORS: readonly Detector[] = [
  sqlDetector({
    name: 'volume', version: '1', role: 'usage', sql: 'volume.sql', needs: [],
    description: 'exchanges and tokens per active day far above the population (robust z on log scale)',
    guard: 'capped at 0.5: heavy genuine users exist, volume alone never makes a strong signal',
    params: [
      param('z_from', 2, 'robust z (log scale) at which the signal starts'),
      param('z_full', 5, 'robust z at which it reaches its cap'),
      param('cap', 0.5, 'strongest volume signal: heavy genuine users exist, so volume alone is never strong'),
      param('min_spread', 0.7, 'floor of the log-scale spread (a factor of 2), so a uniform population does not turn modest differences into huge z-scores'),
    ],
  }),
  sqlDetector({
    name: 'cadence', version: '1', role: 'extraction', sql: 'cadence.sql', needs: [],
    description: 'activity round the clock without diurnal rest, with machine-regular inter-arrival times',
    guard: 'batch jobs rest between runs (low hour-of-day entropy); regularity alone scores nothing',
    params: [
      param('min_exchanges', 50, 'fewer exchanges cannot show a daily rhythm'),
      param('min_days', 2, 'active days needed to show a daily rhythm'),
      param('entropy_from', 0.75, 'hour-of-day entropy (share of its maximum) where "no rest" starts; people sit near 0.65'),
      param('entropy_full', 0.95, 'hour-of-day entropy share where "no rest" is full'),
      param('round_clock_from', 0.2, 'share of active days with 20+ active hours where "no rest" starts'),
      param('round_clock_full', 0.8, 'share of such days where it is full'),
      param('irregular_cv', 1.2, 'coefficient of variation of the gaps between requests at or above which timing is a person\'s'),
      param('regular_range', 0.8, 'how far below irregular_cv the timing is fully machine-regular'),
      param('regular_weight', 0.4, 'share of the strength that regular timing adds to the missing rest (regularity alone scores nothing)'),
    ],
  }),
  sqlDetector({
    name: 'templating', version: '1', role: 'extraction', sql: 'templating.sql', needs: ['prompt'],
    description: 'most prompts fall in prompt frames (masked opening and closing words) that several other accounts also send',
    guard: 'private template sets (eval harnesses, form apps) share nothing; frames sent by over a fifth of accounts are common, not shared',
    params: [
      param('min_prompts', 30, 'fewer prompts cannot show a share'),
      param('shared_accounts', 5, 'a frame is shared when at least this many accounts send it (the account and 4 others)'),
      param('common_share', 0.2, 'a frame sent by more than this share of all accounts is a popular app\'s or a common phrase, not shared'),
      param('share_from', 0.6, 'share of the account\'s prompts in shared frames where the signal starts'),
      param('share_full', 0.95, 'share where it is full'),
    ],
  }),
  sqlDetector({
    name: 'elicitation', version: '1', role: 'extraction', sql: 'elicitation.sql', needs: ['prompt'],
    description: 'prompts asking for reasoning traces, rubric grades or safe rewrites (rule packs, weighted)',
    guard: '"step by step" weighs 0.2, so tutors and students stay weak',
    params: [
      param('min_prompts', 10, 'fewer prompts cannot show a share'),
      param('share_from', 0.2, 'rule-weighted share of prompts where the signal starts: one "step by step" rule (weight 0.2) on every prompt stays below'),
      param('share_full', 0.6, 'weighted share where it is full'),
    ],
  }),
  sqlDetector({
    name: 'capability-focus', version: '1', role: 'usage', sql: 'capability-focus.sql', needs: ['prompt'],
    description: 'traffic concentrated on one or two capabilities (coding, agentic, computer use, vision, math, reasoning)',
    guard: 'conversations at human pace (a product with real users) keep a third of the strength; agent loops do not',
    params: [
      param('min_exchanges', 30, 'fewer exchanges cannot show a focus'),
      param('share_from', 0.6, 'share of exchanges in the top one or two specific capabilities where the signal starts'),
      param('share_full', 0.95, 'share where it is full'),
      param('entropy_weight', 0.3, 'share of the strength that low capability entropy adds'),
      param('entropy_from', 1.4, 'capability entropy (nats) below which the low-entropy part starts'),
      param('entropy_full', 0.4, 'entropy at which it is full'),
      param('human_gap_s', 30, 'median seconds between turns at or above which conversations run at human pace (a product\'s users)'),
      param('human_factor', 0.33, 'what a human-paced account keeps of its strength'),
    ],
  }),
  sqlDetector({
    name: 'single-turn', version: '1', role: 'usage', sql: 'single-turn.sql', needs: ['conversation'],
    description: 'one-turn conversations, long outputs for short inputs, max_tokens at the ceiling',
    guard: 'the ceiling part is discounted by how often the typical account sits at the ceiling (SDK defaults)',
    params: [
      param('min_exchanges', 30, 'fewer exchanges cannot show a share'),
      param('one_turn_from', 0.7, 'share of one-turn conversations where that third starts'),
      param('one_turn_full', 0.98, 'share where it is full'),
      param('ratio_from', 3, 'output/input tokens where that third starts'),
      param('ratio_full', 10, 'ratio where it is full'),
      param('ceiling_from', 0.3, 'share of requests asking max_tokens at the model\'s ceiling where that third starts'),
      param('ceiling_full', 0.9, 'share where it is full (before the discount for the typical account\'s share)'),
    ],
  }),
  sqlDetector({
    name: 'release-pivot', version: '1', role: 'usage', sql: 'release-pivot.sql', needs: ['model', 'model_releases'],
    description: 'part of the traffic moved to a newly released model within 24 h, inside a wave of accounts doing the same',
    guard: 'full switches (people, harnesses) fade out; a pivot outside a wave of 5+ splitting accounts scores nothing',
    params: [
      param('window_hours', 24, 'hours after a release in which a pivot counts: the disclosed pivot moved about half its traffic within a day'),
      param('lookback_days', 7, 'the account must have been active in these days before the release'),
      param('first_seen_days', 1, 'a model without a release time first seen at least this far into the data is taken as released then'),
      param('min_before', 5, 'exchanges needed before the release'),
      param('min_after', 5, 'exchanges needed in the window after it'),
      param('split_from', 0.15, 'share moved to the new model where the split starts'),
      param('split_full', 0.35, 'share where the split is full'),
      param('switch_from', 0.85, 'share at which a full switch (a person, a harness) starts fading the signal out'),
      param('switch_full', 1, 'share at which it is gone'),
      param('wave_from', 5, 'other accounts splitting to the same model in the same window at or below which nothing counts'),
      param('wave_full', 30, 'wave size at which the signal is full'),
    ],
  }),
  sqlDetector({
    name: 're-registration', version: '1', role: 'churn', sql: 're-registration.sql', needs: ['enforcement'],
    description: 'new account within 24 h of a ban carrying the banned accounts\' fingerprints',
    guard: 'only rare values count (held by at most 10 % of accounts)',
    params: [
      param('window_hours', 24, 'hours after a ban in which a registration or first exchange counts as a replacement'),
      param('rare_accounts', 5, 'a value held by at most this many accounts is rare whatever the population'),
      param('rare_share', 0.1, 'or by at most this share of accounts: a popular SDK\'s user agent or a carrier NAT block ties nobody to a ban'),
      param('full_kinds', 2, 'kinds of shared values (a payment fingerprint counts twice) for a full signal'),
    ],
  }),
  sqlDetector({
    name: 'no-ramp', version: '1', role: 'churn', sql: 'no-ramp.sql', needs: [],
    description: 'new account at full throughput from its first day, far above its plan\'s norm',
    guard: 'the norm is the plan\'s own, so a company on a plan sized for its workload is spared',
    params: [
      param('new_after_days', 1, 'an account is new when it signed up (or first appears) at least this many days into the data'),
      param('min_days', 2, 'active days needed to compare the first day with the rest'),
      param('first_hours', 24, 'length of the first period compared with the later daily rate'),
      param('first_from', 0.5, 'first-period exchanges over the later daily rate where the signal starts'),
      param('first_full', 0.9, 'that ratio where it is full'),
      param('min_plan_accounts', 5, 'a plan with fewer accounts has no norm of its own; everyone\'s median is used'),
      param('norm_from', 2, 'daily rate over the plan\'s median where the signal starts'),
      param('norm_full', 10, 'that multiple where it is full'),
    ],
  }),
  sqlDetector({
    name: 'key-sprawl', version: '1', role: 'churn', sql: 'key-sprawl.sql', needs: ['ip'],
    description: 'one account or key used from many IPs, ASNs and user agents on the same day',
    guard: 'network spread counts only with many user agents or countries, sparing roaming mobile users',
    params: [
      param('asns_from', 2, 'ASNs in one day where the network spread starts'),
      param('asns_full', 10, 'ASNs where it is full'),
      param('ips_from', 4, 'IPs in one day where the network spread starts'),
      param('ips_full', 40, 'IPs where it is full'),
      param('agents_from', 2, 'user agents in one day where the client spread starts (a roaming phone keeps one or two)'),
      param('agents_full', 6, 'user agents where it is full'),
      param('countries_from', 1, 'countries in one day where the client spread starts'),
      param('countries_full', 4, 'countries where it is full'),
    ],
  }),
];
