import type { Random } from '../random.js';
import type { CampaignRequest } from './campaign.js';

/**
 * Broad harvesting (the `broad-harvest` tactic, the reseller and the small campaign): a training set
 * needs expert answers across a distribution of fields, so the operator sends self-contained
 * questions of many kinds on many subjects, asks for long, complete answers and nothing else: no
 * request for reasoning traces, no tools, no follow-up.
 */
const FIELDS: Record<string, readonly string[]> = {
  law: [
    'adverse possession',
    'the doctrine of promissory estoppel',
    'GDPR data-subject access requests',
    'non-compete clauses',
    'force majeure in supply contracts',
    'fair use of copyrighted images',
    'piercing the corporate veil',
    'tenant deposit disputes',
  ],
  medicine: [
    'managing type 2 diabetes in older adults',
    'atrial fibrillation and anticoagulation',
    'antibiotic stewardship in primary care',
    'the diagnosis of iron-deficiency anaemia',
    'migraine prophylaxis',
    'sepsis recognition in emergency triage',
    'postpartum depression screening',
    'hypertension in pregnancy',
  ],
  finance: [
    'duration and convexity of bond portfolios',
    'discounted cash flow valuation of a start-up',
    'currency hedging for an importer',
    'the Basel III liquidity coverage ratio',
    'tax-loss harvesting',
    'working-capital management in retail',
    'venture debt versus equity',
    'interest-rate swaps',
  ],
  history: [
    'the Meiji restoration',
    'the collapse of the Bronze Age Mediterranean',
    'the Hanseatic League',
    'the Congress of Vienna',
    'the Green Revolution in India',
    'the Reformation in Scandinavia',
    'the Haitian revolution',
    'the Marshall Plan',
  ],
  physics: [
    'superconductivity',
    'the photoelectric effect',
    'gravitational lensing',
    'the second law of thermodynamics',
    'laser cooling of atoms',
    'neutrino oscillations',
    'turbulence in pipe flow',
    'semiconductor band gaps',
  ],
  chemistry: [
    'catalytic converters',
    'chirality in drug design',
    'lithium-ion battery degradation',
    'buffer solutions',
    'polymer cross-linking',
    'the Haber-Bosch process',
    'chromatography for purity testing',
    'corrosion of reinforced concrete',
  ],
  biology: [
    'horizontal gene transfer in bacteria',
    'the immune response to mRNA vaccines',
    'coral bleaching',
    'epigenetic inheritance',
    'the gut microbiome and metabolism',
    'circadian clocks in plants',
    'antibiotic resistance mechanisms',
    'keystone species in kelp forests',
  ],
  economics: [
    'minimum-wage effects on employment',
    'the liquidity trap',
    'carbon pricing versus regulation',
    'comparative advantage under tariffs',
    'housing supply elasticity',
    'the Phillips curve after 2020',
    'moral hazard in deposit insurance',
    'platform network effects',
  ],
  software: [
    'eventual consistency in distributed databases',
    'zero-downtime schema migrations',
    'memory safety without garbage collection',
    'designing idempotent payment APIs',
    'observability for microservices',
    'choosing between message queues and logs',
    'threat modelling a mobile app',
    'caching strategies for read-heavy services',
  ],
  engineering: [
    'fatigue failure in welded steel',
    'heat-pump sizing for cold climates',
    'PID controller tuning',
    'foundation design on expansive clay',
    'bridge expansion joints',
    'water hammer in pipelines',
    'gearbox lubrication',
    'solar inverter efficiency',
  ],
  psychology: [
    'cognitive load in instructional design',
    'the replication crisis in social priming',
    'attachment styles in adults',
    'habit formation',
    'decision fatigue',
    'exposure therapy for phobias',
    'motivated reasoning',
    'burnout in healthcare workers',
  ],
  statistics: [
    'multiple-comparison corrections',
    'Bayesian versus frequentist A/B testing',
    'survival analysis with censored data',
    'instrumental variables',
    'bootstrapping confidence intervals',
    'mixed-effects models',
    'propensity-score matching',
    'time-series stationarity',
  ],
  marketing: [
    'pricing a subscription product',
    'customer lifetime value',
    'positioning a challenger brand',
    'B2B lead scoring',
    'brand architecture after a merger',
    'retention cohorts',
    'influencer campaign measurement',
    'localisation of a product launch',
  ],
  philosophy: [
    'the trolley problem and its variants',
    'personal identity over time',
    'the hard problem of consciousness',
    'moral luck',
    'scientific realism',
    'the ethics of algorithmic decisions',
    'free will and determinism',
    "Rawls's veil of ignorance",
  ],
  geography: [
    'monsoon dynamics',
    'urban heat islands',
    'glacial retreat in the Andes',
    'river delta subsidence',
    'desertification in the Sahel',
    'port cities and trade routes',
    'permafrost thaw',
    'megacity water supply',
  ],
  agriculture: [
    'no-till farming',
    'integrated pest management',
    'soil salinity',
    'precision irrigation',
    'rice methane emissions',
    'cover crops',
    'dairy herd genetics',
    'vertical farming economics',
  ],
  linguistics: [
    'language contact and creoles',
    'the evolution of writing systems',
    'tone languages',
    'code-switching in bilinguals',
    'historical sound change',
    'sign language grammar',
    'language acquisition in infants',
    'machine translation of idioms',
  ],
  education: [
    'formative assessment',
    'mastery learning',
    'teaching fractions',
    'inclusive classrooms',
    'spaced repetition',
    'project-based learning',
    'grading for equity',
    'early literacy interventions',
  ],
};

const AUDIENCES = [
  'a graduate student',
  'a practitioner new to the field',
  'a policy maker',
  'a hiring committee',
  'an informed general reader',
  'a senior specialist',
  'a board of directors',
];
const PAIRS = [
  'in the United States and in the European Union',
  'before and after 2000',
  'in theory and in practice',
  'for small and for large organisations',
  'in high-income and in low-income countries',
];

const FORMS: readonly ((r: Random, subject: string, other: string) => string)[] = [
  (_r, s) => `Give a comprehensive expert overview of ${s}.`,
  (r, s) => `Write an authoritative explanation of ${s} for ${r.pick(AUDIENCES)}.`,
  (_r, s, o) => `Compare ${s} with ${o}: similarities, differences and when each matters.`,
  (_r, s) => `What are the most common misconceptions about ${s}, and what is actually the case?`,
  (r, s) =>
    `Summarise the current state of knowledge on ${s}, including open questions, in about ${r.pick(['500', '800', '1,000', '1,200'])} words.`,
  (r, s) => `How does ${s} differ ${r.pick(PAIRS)}?`,
  (_r, s) => `What would an expert check first when assessing a case involving ${s}?`,
  (_r, s) => `Describe the key mechanisms behind ${s} and the evidence for each.`,
  (_r, s) => `Write a detailed reference entry on ${s}: definition, history, main results and practical implications.`,
  (_r, s) => `What are the main trade-offs and risks in ${s}?`,
  (_r, s) => `Explain ${s} with two worked examples and the typical mistakes people make.`,
  (_r, s) => `Draft a thorough briefing note on ${s} covering background, options and a recommendation.`,
  (_r, s) => `Which factors determine the outcome in ${s}, ranked by importance?`,
  (_r, s) => `Produce an exam-quality model answer: discuss ${s}.`,
];

/** A self-contained expert item on a random field and subject. */
export function expertItem(rng: Random): string {
  const fields = Object.keys(FIELDS);
  const field = FIELDS[rng.pick(fields)]!;
  const subject = rng.pick(field);
  let other = rng.pick(field);
  if (other === subject) other = field[(field.indexOf(subject) + 1) % field.length]!;
  return rng.pick(FORMS)(rng, subject, other);
}

/** A broad harvesting request: one expert item, no system prompt (the operator wants the model's own voice). */
export function broadRequest(rng: Random): CampaignRequest {
  return { prompt: expertItem(rng), system: null, tools: null, loop: false };
}

/** The reseller's harvesting wrapper: the dataset's item in a fixed instruction, the proxy's own system prompt. */
const RESELLER_SYSTEM = [
  'You are a panel of domain experts. Answer every question completely and accurately, as for a reference corpus.',
  'You are an expert in every field. Give complete, accurate and well-structured answers.',
];

export function resellerRequest(rng: Random): CampaignRequest {
  return { prompt: expertItem(rng), system: rng.chance(0.85) ? RESELLER_SYSTEM[0]! : RESELLER_SYSTEM[1]!, tools: null, loop: false };
}

/** The small campaign's prompts: reference answers for a grading key (named in the indicators by this phrase). */
export const REFERENCE_PATTERN = 'gold-standard reference answer';

export function referenceRequest(rng: Random): CampaignRequest {
  return {
    prompt: `Write a ${REFERENCE_PATTERN} to the question below, complete enough to grade other answers against.\n\n${expertItem(rng)}`,
    system: null,
    tools: null,
    loop: false,
  };
}

/** Follow-ups a blending operator adds after a broad question (evasion above the disclosed level). */
const FOLLOW_UPS = [
  'Can you expand on the second point?',
  'Add a concrete example for each part.',
  'What are the strongest objections to this?',
  'Summarise that in a table.',
  'Which sources would you cite for this?',
];

export function broadFollowUp(rng: Random): string {
  return rng.pick(FOLLOW_UPS);
}
