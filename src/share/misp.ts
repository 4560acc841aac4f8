import { canonicalJson, SDO_NAMESPACE, uuidV5 } from './ids.js';
import { shareKind } from './kinds.js';
import type { SharedFinding, ShareOptions, Tlp } from './finding.js';

/**
 * MISP distribution per TLP level: red and amber+strict stay in the receiving organisation (0),
 * amber and green in its sharing community (1), clear may go to all communities (3).
 */
const DISTRIBUTION: Record<Tlp, string> = { red: '0', 'amber+strict': '0', amber: '1', green: '1', clear: '3' };
/** MISP's object template for JA4+ fingerprints (misp-objects, `ja4-plus`). */
const JA4_PLUS_TEMPLATE = '2c15c75e-e7db-4b62-8d17-633e7571818f';
/** Attributes inherit the event's distribution. */
const INHERIT = '5';

type MispAttribute = Record<string, unknown> & { uuid: string; type: string; category: string; value: string; to_ids: boolean };

/** The galaxy tag MISP gives a threat-actor cluster. */
export function actorTag(actor: string): string {
  return `misp-galaxy:threat-actor="${actor}"`;
}

/**
 * One MISP event (core format: `{"Event": {…}}`) for the shared finding. Attributes are tagged
 * with the threat-actor galaxy of their campaign's actor, so one event carries several actors;
 * unattributed campaigns' values carry no actor tag. Uuids are UUIDv5 of the content and the
 * timestamps the report's, so the same report gives the same bytes.
 */
export function mispEvent(finding: SharedFinding, options: ShareOptions): { Event: Record<string, unknown> } {
  const report = finding.report;
  const epoch = String(Math.floor(Date.parse(report.generated_at) / 1000));
  const uuid = (content: Record<string, unknown>) =>
    uuidV5(SDO_NAMESPACE, canonicalJson({ misp: true, producer: options.producer, ...content }));
  const attributes: MispAttribute[] = [];
  const objects: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  type AttributeInput = {
    campaign: string;
    type: string;
    category: string;
    value: string;
    to_ids: boolean;
    object_relation?: string;
  } & Record<string, unknown>;
  const attribute = (a: AttributeInput): MispAttribute => {
    const { campaign, ...rest } = a;
    return {
      uuid: uuid({ campaign, type: a.type, value: a.value, relation: a.object_relation ?? null }),
      ...rest,
      distribution: INHERIT,
      timestamp: epoch,
    };
  };
  const actors = [...new Set(finding.campaigns.map((c) => c.campaign.attribution.actor).filter((a): a is string => a !== null))].sort();

  for (const shared of finding.campaigns) {
    const c = shared.campaign;
    const tags = c.attribution.actor ? [{ name: actorTag(c.attribution.actor) }] : [];
    const campaignName = `Distillation campaign ${c.id} of ${report.generated_at.slice(0, 10)}`;
    attributes.push(
      attribute({
        campaign: shared.key,
        type: 'campaign-name',
        category: 'Attribution',
        value: campaignName,
        to_ids: false,
        comment:
          `${c.account_count} account(s), ${c.exchanges.observed} exchanges observed, ${Math.round(c.exchanges.estimate)} estimated (95 % interval ${Math.round(c.exchanges.ci95[0])}-${Math.round(c.exchanges.ci95[1])}), ${c.first_seen} to ${c.last_seen}` +
          (c.attribution.actor
            ? `; attributed to ${c.attribution.actor} with ${c.attribution.confidence ?? 'unstated'} confidence`
            : '; no actor named'),
        first_seen: c.first_seen,
        last_seen: c.last_seen,
        Tag: tags,
      }),
    );
    for (const ind of shared.indicators) {
      const kind = shareKind(ind.type)!;
      const comment =
        `${c.id}: ${ind.accounts} account(s), ${ind.exchanges} exchange(s)` +
        (ind.specificity !== null
          ? `, ${Math.round(ind.specificity * 100)} % of this value's exchanges in the logs`
          : ', an indicator of the named actor in the investigation');
      const plain = kind.misp(ind.value, ind.regex);
      if (plain) {
        if (seen.has(`${plain.type}\u0000${plain.value}`)) continue;
        seen.add(`${plain.type}\u0000${plain.value}`);
        attributes.push(
          attribute({
            campaign: shared.key,
            ...plain,
            to_ids: true,
            comment,
            first_seen: ind.first_seen,
            last_seen: ind.last_seen,
            Tag: tags,
          }),
        );
      } else if (ind.type === 'client_fingerprint') {
        objects.push({
          name: 'ja4-plus',
          template_uuid: JA4_PLUS_TEMPLATE,
          'meta-category': 'network',
          description: 'A client fingerprint (JA4 family or header-order hash)',
          uuid: uuid({ campaign: shared.key, object: 'ja4-plus', value: ind.value }),
          distribution: INHERIT,
          timestamp: epoch,
          comment,
          Attribute: [
            attribute({
              campaign: shared.key,
              object_relation: 'ja4-fingerprint',
              type: 'text',
              category: 'Network activity',
              value: ind.value,
              to_ids: true,
              comment,
              Tag: tags,
            }),
          ],
        });
      }
    }
    for (const [kind, values] of Object.entries(shared.hashed ?? {})) {
      for (const v of values) {
        attributes.push(
          attribute({
            campaign: shared.key,
            type: 'text',
            category: 'Other',
            value: v,
            to_ids: false,
            comment: `${c.id}: salted SHA-256 of ${/^[ae]/.test(kind) ? 'an' : 'a'} ${kind === 'email' ? 'e-mail address' : kind.replace(/_/g, ' ')} (salt agreed out of band)`,
            Tag: tags,
          }),
        );
      }
    }
    for (const n of shared.notes) {
      attributes.push(
        attribute({
          campaign: shared.key,
          type: 'text',
          category: 'Other',
          value: n.content,
          to_ids: false,
          comment: n.abstract,
          Tag: tags,
        }),
      );
    }
  }

  return {
    Event: {
      uuid: uuid({ event: finding.campaigns.map((c) => c.key), generated_at: report.generated_at }),
      info: `distill-audit: ${finding.campaigns.length} distillation campaign(s) in logs from ${report.totals.start?.slice(0, 10) ?? '?'} to ${report.totals.end?.slice(0, 10) ?? '?'}`,
      date: report.generated_at.slice(0, 10),
      timestamp: epoch,
      published: false,
      analysis: '2',
      threat_level_id: '2',
      distribution: DISTRIBUTION[options.tlp],
      Orgc: { name: options.producer, uuid: uuidV5(SDO_NAMESPACE, `misp-org:${options.producer}`) },
      Tag: [{ name: `tlp:${options.tlp}` }, ...actors.map((a) => ({ name: actorTag(a) }))],
      Galaxy:
        actors.length === 0
          ? []
          : [
              {
                type: 'threat-actor',
                name: 'Threat Actor',
                namespace: 'misp',
                GalaxyCluster: actors.map((a) => ({
                  type: 'threat-actor',
                  value: a,
                  tag_name: actorTag(a),
                  uuid: uuidV5(SDO_NAMESPACE, `misp-threat-actor:${a}`),
                })),
              },
            ],
      Attribute: attributes,
      Object: objects,
    },
  };
}
