import { scoId, sdoId } from './ids.js';
import { EXTENSION_ID, shareKind } from './kinds.js';
import type { SharedFinding, ShareOptions, Tlp } from './finding.js';

type StixObject = Record<string, unknown> & { type: string; id: string };

/** TLP 2.0 marking definitions as OASIS publishes them (cti-stix-common-objects, TLP 2.0 extension). */
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
export const TLP_MARKINGS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

const EXTENSION_DATE = '2026-12-01T00:00:00.000Z';

/** STIX confidence (0-100, section 3.2 "confidence") for the report's attribution grades. */
const CONFIDENCE = { high: 85, medium: 50, low: 15 } as const;

/** A schema in words for the extension-definition (the specification allows plain text). */
const EXTENSION_SCHEMA = [
  'distill-audit extension, version 1. On campaign (property-extension): exchanges_observed (integer), exchanges_estimate (number),',
  'exchanges_ci95 (two numbers, the 95 % interval of the estimate), disclosure (text), account_count (integer), score (0-1),',
  'level (informational|low|medium|high|critical), focus (list of {capability, share}), and, only when shared on purpose,',
  'hashed_account_id, hashed_api_key_id, hashed_payment_fingerprint, hashed_email (lists of "sha256:" + hex of SHA-256(salt, NUL, value)).',
  'On network-traffic (property-extension): client_fingerprint (text: a TLS or HTTP client fingerprint such as JA3 or JA4).',
].join(' ');

/**
 * A STIX 2.1 bundle of the shared finding. Every id is a UUIDv5 of the content (SCOs in the
 * specification's namespace, the rest in distill-audit's), and every timestamp comes from the
 * report, so sharing the same report twice writes the same bytes.
 */
export function stixBundle(finding: SharedFinding, options: ShareOptions): { type: 'bundle'; id: string; objects: StixObject[] } {
  const report = finding.report;
  const stamp = millis(report.generated_at);
  const identity = sdoId('identity', { name: options.producer });
  const marking = TLP_MARKINGS[options.tlp];
  const common = (type: string, id: string) => ({
    type,
    spec_version: '2.1',
    id,
    created_by_ref: identity,
    created: stamp,
    modified: stamp,
    object_marking_refs: [marking],
  });
  const objects = new Map<string, StixObject>();
  const add = (o: StixObject) => {
    if (!objects.has(o.id)) objects.set(o.id, o);
  };

  add({
    type: 'identity',
    spec_version: '2.1',
    id: identity,
    created: stamp,
    modified: stamp,
    name: options.producer,
    identity_class: 'organization',
    description: `Producer of this bundle (distill-audit ${report.tool.version}).`,
    object_marking_refs: [marking],
  });
  add({
    type: 'marking-definition',
    spec_version: '2.1',
    id: marking,
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${options.tlp.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: options.tlp } },
  });
  // The definition is versioned, not per report: its dates are those of version 1.0.0.
  add({
    ...common('extension-definition', EXTENSION_ID),
    created: EXTENSION_DATE,
    modified: EXTENSION_DATE,
    name: 'distill-audit',
    version: '1.0.0',
    description: 'Distillation campaign estimates and client fingerprints written by distill-audit.',
    schema: EXTENSION_SCHEMA,
    extension_types: ['property-extension'],
  });

  for (const shared of finding.campaigns) {
    const c = shared.campaign;
    const campaignId = sdoId('campaign', { producer: identity, accounts: shared.key });
    const ext: Record<string, unknown> = {
      extension_type: 'property-extension',
      exchanges_observed: c.exchanges.observed,
      exchanges_estimate: c.exchanges.estimate,
      exchanges_ci95: c.exchanges.ci95,
      disclosure: c.exchanges.disclosure,
      account_count: c.account_count,
      score: c.score,
      ...(c.level ? { level: c.level } : {}),
      focus: c.focus,
    };
    for (const [k, v] of Object.entries(shared.hashed ?? {})) ext[`hashed_${k}`] = v;
    add({
      ...common('campaign', campaignId),
      name: `Distillation campaign ${c.id} of ${report.generated_at.slice(0, 10)}`,
      description: `${c.account_count} account(s) harvested model answers from ${day(c.first_seen)} to ${day(c.last_seen)}: ${c.exchanges.observed} exchanges observed, ${Math.round(c.exchanges.estimate)} estimated (95 % interval ${Math.round(c.exchanges.ci95[0])}-${Math.round(c.exchanges.ci95[1])}).`,
      objective: `Collect model outputs to train another model${c.focus.length ? ` (${c.focus.map((f) => `${f.capability} ${Math.round(f.share * 100)} %`).join(', ')})` : ''}.`,
      first_seen: c.first_seen,
      last_seen: c.last_seen,
      extensions: { [EXTENSION_ID]: ext },
    });

    if (c.attribution.actor) {
      const actorId = sdoId('intrusion-set', { name: c.attribution.actor });
      add({ ...common('intrusion-set', actorId), name: c.attribution.actor, description: "Actor named by the investigator's indicators." });
      add({
        ...common(
          'relationship',
          sdoId('relationship', { relationship_type: 'attributed-to', source_ref: campaignId, target_ref: actorId }),
        ),
        relationship_type: 'attributed-to',
        source_ref: campaignId,
        target_ref: actorId,
        ...(c.attribution.confidence ? { confidence: CONFIDENCE[c.attribution.confidence] } : {}),
        description: `Attributed with ${c.attribution.confidence ?? 'unstated'} confidence.`,
      });
    }

    for (const ind of shared.indicators) {
      const kind = shareKind(ind.type)!;
      const pattern = kind.pattern(ind.value, ind.regex);
      if (pattern === null) continue;
      const indicatorId = sdoId('indicator', { producer: identity, pattern });
      add({
        ...common('indicator', indicatorId),
        name: `${kind.noun} ${ind.regex ? `matching /${ind.value}/` : ind.value}`,
        description:
          ind.origin === 'investigator'
            ? `An indicator of ${c.attribution.actor} in the investigation that covers part of the campaign.`
            : `A ${kind.noun} the campaign's accounts used, and hardly anyone else in the same logs.`,
        indicator_types: ['attribution'],
        pattern,
        pattern_type: 'stix',
        pattern_version: '2.1',
        valid_from: millis(ind.first_seen),
      });
      add({
        ...common(
          'relationship',
          sdoId('relationship', { relationship_type: 'indicates', source_ref: indicatorId, target_ref: campaignId }),
        ),
        relationship_type: 'indicates',
        source_ref: indicatorId,
        target_ref: campaignId,
      });
      const made = kind.observable?.(ind.value);
      let observedId: string | undefined;
      if (made && !ind.regex) {
        const sco = scoId(made.type, made.contributing);
        add({ type: made.type, spec_version: '2.1', id: sco, ...made.contributing });
        observedId = sdoId('observed-data', { producer: identity, campaign: campaignId, object: sco });
        add({
          ...common('observed-data', observedId),
          first_observed: ind.first_seen,
          last_observed: ind.last_seen,
          number_observed: Math.max(1, Math.min(ind.exchanges, 999_999_999)),
          object_refs: [sco],
        });
      }
      add({
        ...common('sighting', sdoId('sighting', { producer: identity, indicator: indicatorId, campaign: campaignId })),
        sighting_of_ref: indicatorId,
        ...(observedId ? { observed_data_refs: [observedId] } : {}),
        where_sighted_refs: [identity],
        first_seen: ind.first_seen,
        last_seen: ind.last_seen,
        count: Math.min(ind.exchanges, 999_999_999),
        description:
          `${c.id}: ${ind.accounts} account(s), ${ind.exchanges} exchange(s)` +
          (ind.specificity !== null
            ? `; ${Math.round(ind.specificity * 100)} % of the exchanges with this value in the logs are the campaign's.`
            : '.'),
      });
    }

    for (const n of shared.notes) {
      add({
        ...common('note', sdoId('note', { producer: identity, campaign: campaignId, abstract: n.abstract, content: n.content })),
        abstract: n.abstract,
        content: n.content,
        object_refs: [campaignId],
      });
    }
  }

  const list = [...objects.values()];
  return { type: 'bundle', id: sdoId('bundle', { producer: identity, ids: list.map((o) => o.id), modified: stamp }), objects: list };
}

/** A STIX timestamp with milliseconds, as `created` and `modified` need. */
function millis(iso: string): string {
  return new Date(iso).toISOString();
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
