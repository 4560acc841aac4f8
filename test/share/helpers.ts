import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { scoId } from '../../src/share/ids.js';
import { parsePattern } from '../../src/share/pattern.js';
import { runCli, runCommand } from '../helpers/cli.js';

/**
 * Checks of what `distill-audit share` writes: JSON Schemas of our own, one per STIX object type
 * emitted (schemas/stix, written from the STIX 2.1 specification's normative requirements) and
 * one for the MISP event (schemas/misp), run with ajv; plus what a schema cannot say (refs
 * resolve inside the bundle, patterns parse, relationship types fit their ends, SCO ids).
 */
const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;

export const demo = (name: string) => fileURLToPath(new URL(`../../fixtures/demo/${name}`, import.meta.url));
export const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export type Obj = Record<string, any>; // any: test reads of JSON documents, checked by the schemas below

/** Our own schemas, one per STIX object type emitted, written from the specification. */
const STIX_TYPES = [
  'bundle',
  'identity',
  'marking-definition',
  'extension-definition',
  'campaign',
  'intrusion-set',
  'indicator',
  'relationship',
  'sighting',
  'observed-data',
  'note',
  'ipv4-addr',
  'ipv6-addr',
  'autonomous-system',
  'domain-name',
];
export const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
ajv.addSchema(JSON.parse(readFileSync(here('schemas/stix/common.json'), 'utf8')));
const stixSchemas = Object.fromEntries(
  STIX_TYPES.map((t) => [t, ajv.compile(JSON.parse(readFileSync(here(`schemas/stix/${t}.json`), 'utf8')))]),
);
export const mispSchema = ajv.compile(JSON.parse(readFileSync(here('schemas/misp/event.json'), 'utf8')));

/** Relationship types the specification lists for the pairs emitted (sections 4.2, 4.7, 4.11). */
const RELATIONSHIPS: Record<string, { from: string[]; to: string[] }> = {
  indicates: {
    from: ['indicator'],
    to: ['attack-pattern', 'campaign', 'infrastructure', 'intrusion-set', 'malware', 'threat-actor', 'tool'],
  },
  'attributed-to': { from: ['campaign', 'intrusion-set'], to: ['intrusion-set', 'threat-actor'] },
};
/** Published by OASIS for TLP 2.0 and referenced by name only (an extension key, not a _ref). */
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** Every requirement checked on a bundle; returns the problems, empty when valid. */
export function stixProblems(bundle: Obj): string[] {
  const problems: string[] = [];
  if (!stixSchemas.bundle!(bundle)) problems.push(`bundle: ${ajv.errorsText(stixSchemas.bundle!.errors)}`);
  const ids = new Set<string>();
  for (const o of bundle.objects ?? []) {
    const validate = stixSchemas[o.type];
    if (!validate) {
      problems.push(`${o.id}: no schema for type ${o.type}`);
      continue;
    }
    if (!validate(o)) problems.push(`${o.id}: ${ajv.errorsText(validate.errors)}`);
    if (!String(o.id).startsWith(`${o.type}--`)) problems.push(`${o.id}: id does not start with its type ${o.type}`);
    if (ids.has(o.id)) problems.push(`${o.id}: duplicate id`);
    ids.add(o.id);
    if (o.created && o.modified && o.modified < o.created) problems.push(`${o.id}: modified before created`);
    for (const [a, b] of [
      ['first_seen', 'last_seen'],
      ['first_observed', 'last_observed'],
    ] as const) {
      if (o[a] && o[b] && Date.parse(o[b]) < Date.parse(o[a])) problems.push(`${o.id}: ${b} before ${a}`);
    }
  }
  for (const o of bundle.objects ?? []) {
    for (const [key, value] of Object.entries(o)) {
      const refs = key.endsWith('_ref') ? [value] : key.endsWith('_refs') ? (value as unknown[]) : [];
      for (const r of refs) if (!ids.has(r as string)) problems.push(`${o.id}: ${key} ${String(r)} is not in the bundle`);
    }
    for (const key of Object.keys(o.extensions ?? {})) {
      if (key.startsWith('extension-definition--') && key !== TLP2_EXTENSION && !ids.has(key))
        problems.push(`${o.id}: extension ${key} is not defined in the bundle`);
    }
    if (o.type === 'relationship') {
      const allowed = RELATIONSHIPS[o.relationship_type];
      const from = String(o.source_ref).split('--')[0]!;
      const to = String(o.target_ref).split('--')[0]!;
      if (!allowed?.from.includes(from) || !allowed.to.includes(to))
        problems.push(`${o.id}: ${from} ${o.relationship_type} ${to} is not a relationship the specification lists`);
    }
    if (o.type === 'indicator') {
      try {
        parsePattern(o.pattern);
      } catch (err) {
        problems.push(`${o.id}: pattern ${o.pattern} does not parse: ${(err as Error).message}`);
      }
    }
    if (['ipv4-addr', 'ipv6-addr', 'domain-name'].includes(o.type) && o.id !== scoId(o.type, { value: o.value }))
      problems.push(`${o.id}: not the UUIDv5 of its value`);
    if (o.type === 'autonomous-system' && o.id !== scoId(o.type, { number: o.number }))
      problems.push(`${o.id}: not the UUIDv5 of its number`);
  }
  return problems;
}

/** A scan of the demo export with the given --indicators file; returns report.json. */
export function scanDemo(indicators: string, out: string, extra: string[] = []): Report {
  const run = runCli([
    'scan',
    demo('logs'),
    '--accounts',
    demo('accounts.csv'),
    '--indicators',
    indicators,
    '--out',
    out,
    '--quiet',
    ...extra,
  ]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
}

/** `distill-audit share REPORT_DIR ARGS --out FILE`, run in process; returns the text written. */
export async function shareTo(reportDir: string, args: string[], out: string): Promise<string> {
  const run = await runCommand(['share', reportDir, ...args, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  return readFileSync(out, 'utf8');
}

/** Campaigns as account sets with their actor and the sources of their evidence. */
export function attributions(r: Report): { accounts: string; actor: string | null; sources: string[] }[] {
  return r.campaigns
    .map((c) => ({
      accounts: [...c.accounts].sort().join(','),
      actor: c.attribution.actor,
      sources: [...new Set(c.attribution.evidence.map((e) => e.source ?? '(own)'))].sort(),
    }))
    .sort((a, b) => (a.accounts < b.accounts ? -1 : 1));
}
