import { sqlDetector, type Detector } from './detector.js';

/** Every account-behaviour detector, in run order. Adding one is a `.sql` file and one entry. */
export const DETECTORS: readonly Detector[] = [
  sqlDetector({
    name: 'volume', version: '1', sql: 'volume.sql', needs: [],
    description: 'exchanges and tokens per active day far above the population (robust z on log scale)',
    guard: 'capped at 0.5: heavy genuine users exist, volume alone never makes a strong signal',
  }),
  sqlDetector({
    name: 'cadence', version: '1', sql: 'cadence.sql', needs: [],
    description: 'activity round the clock without diurnal rest, with machine-regular inter-arrival times',
    guard: 'batch jobs rest between runs (low hour-of-day entropy); regularity alone scores nothing',
  }),
  sqlDetector({
    name: 'templating', version: '1', sql: 'templating.sql', needs: ['prompt'],
    description: 'most prompts fall in prompt frames (masked opening and closing words) that several other accounts also send',
    guard: 'private template sets (eval harnesses, form apps) share nothing; frames sent by over a fifth of accounts are common, not shared',
  }),
  sqlDetector({
    name: 'elicitation', version: '1', sql: 'elicitation.sql', needs: ['prompt'],
    description: 'prompts asking for reasoning traces, rubric grades or safe rewrites (rule packs, weighted)',
    guard: '"step by step" weighs 0.2, so tutors and students stay weak',
  }),
  sqlDetector({
    name: 'capability-focus', version: '1', sql: 'capability-focus.sql', needs: ['prompt'],
    description: 'traffic concentrated on one or two capabilities (coding, agentic, computer use, vision, math, reasoning)',
    guard: 'conversations at human pace (a product with real users) keep a third of the strength; agent loops do not',
  }),
  sqlDetector({
    name: 'single-turn', version: '1', sql: 'single-turn.sql', needs: ['conversation'],
    description: 'one-turn conversations, long outputs for short inputs, max_tokens at the ceiling',
    guard: 'the ceiling part is discounted by how often the typical account sits at the ceiling (SDK defaults)',
  }),
  sqlDetector({
    name: 'release-pivot', version: '1', sql: 'release-pivot.sql', needs: ['model', 'model_releases'],
    description: 'part of the traffic moved to a newly released model within 24 h, inside a wave of accounts doing the same',
    guard: 'full switches (people, harnesses) fade out; a pivot outside a wave of 5+ splitting accounts scores nothing',
  }),
  sqlDetector({
    name: 're-registration', version: '1', sql: 're-registration.sql', needs: ['enforcement'],
    description: 'new account within 24 h of a ban carrying the banned accounts\' fingerprints',
    guard: 'only rare values count (held by at most 10 % of accounts)',
  }),
  sqlDetector({
    name: 'no-ramp', version: '1', sql: 'no-ramp.sql', needs: [],
    description: 'new account at full throughput from its first day, far above its plan\'s norm',
    guard: 'the norm is the plan\'s own, so a company on a plan sized for its workload is spared',
  }),
  sqlDetector({
    name: 'key-sprawl', version: '1', sql: 'key-sprawl.sql', needs: ['ip'],
    description: 'one account or key used from many IPs, ASNs and user agents on the same day',
    guard: 'network spread counts only with many user agents or countries, sparing roaming mobile users',
  }),
];
