import { EXTENSION_ID, indicatorOf } from './kinds.js';
import { parsePattern, PatternError, type ComparisonExpr, type Comparison } from './pattern.js';

/** A partner's indicator distill-audit can evaluate, with the actor and the source that named it. */
export interface PartnerIndicator {
  actor: string;
  type: string;
  value: string;
  /** The producer: the STIX identity of `created_by_ref`, or the MISP event's Orgc. */
  source: string;
  /** Where in the file, for messages: the STIX id or the MISP attribute uuid. */
  ref: string;
}

export interface PartnerFile {
  format: 'stix' | 'misp';
  indicators: PartnerIndicator[];
  /** What was not taken, and why. */
  skipped: { ref: string; reason: string }[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Which partner format a parsed JSON document is, if any (detected from content, not the name). */
export function partnerFormat(doc: unknown): 'stix' | 'misp' | null {
  if (!isObj(doc)) return null;
  if (doc.type === 'bundle' && Array.isArray(doc.objects)) return 'stix';
  if (isObj(doc.Event) || (Array.isArray(doc.response) && doc.response.some((r) => isObj(r) && isObj(r.Event)))) return 'misp';
  return null;
}

export function readPartner(doc: unknown): PartnerFile {
  return partnerFormat(doc) === 'stix' ? readStix(doc as Obj) : readMisp(doc as Obj);
}

/**
 * A STIX 2.1 bundle: each indicator names the actors it `indicates` (an intrusion-set or
 * threat-actor directly, or a campaign `attributed-to` one, following intrusion-set →
 * threat-actor too); the source is its `created_by_ref` identity.
 */
export function readStix(bundle: Obj): PartnerFile {
  const out: PartnerFile = { format: 'stix', indicators: [], skipped: [] };
  const byId = new Map<string, Obj>();
  (bundle.objects as unknown[]).forEach((o, i) => {
    if (!isObj(o) || !str(o.id) || !str(o.type)) {
      out.skipped.push({ ref: `objects[${i}]`, reason: 'not a STIX object with a type and an id' });
      return;
    }
    byId.set(o.id as string, o);
  });
  const targets = new Map<string, string[]>();
  for (const o of byId.values()) {
    if (o.type !== 'relationship' || o.revoked === true) continue;
    const rt = str(o.relationship_type);
    const from = str(o.source_ref);
    const to = str(o.target_ref);
    if (!from || !to || (rt !== 'indicates' && rt !== 'attributed-to')) continue;
    targets.set(`${rt} ${from}`, [...(targets.get(`${rt} ${from}`) ?? []), to]);
  }
  const actorNames = (id: string, depth = 0): string[] => {
    const o = byId.get(id);
    if (!o || depth > 3) return [];
    const name = str(o.name);
    if ((o.type === 'intrusion-set' || o.type === 'threat-actor') && name) {
      const further = (targets.get(`attributed-to ${id}`) ?? []).flatMap((t) => actorNames(t, depth + 1));
      // An intrusion set attributed to a threat actor is that actor's: name the actor.
      return further.length > 0 ? further : [name];
    }
    if (o.type === 'campaign') return (targets.get(`attributed-to ${id}`) ?? []).flatMap((t) => actorNames(t, depth + 1));
    return [];
  };

  for (const o of byId.values()) {
    if (o.type !== 'campaign') continue;
    const hashed = hashedIds(o);
    if (hashed.length === 0) continue;
    const ref = o.id as string;
    const actors = [...new Set(actorNames(ref))].sort();
    if (actors.length === 0) {
      out.skipped.push({ ref, reason: 'salted hashes of a campaign attributed to no intrusion-set or threat-actor' });
      continue;
    }
    const creator = byId.get(str(o.created_by_ref) ?? '');
    const source = str(creator?.name) ?? (str(o.created_by_ref) ? `STIX identity ${str(o.created_by_ref)}` : 'unnamed STIX producer');
    for (const h of hashed) {
      if ('skip' in h) {
        out.skipped.push({ ref, reason: h.skip });
        continue;
      }
      for (const actor of actors) out.indicators.push({ actor, type: h.type, value: h.value, source, ref });
    }
  }

  for (const o of byId.values()) {
    if (o.type !== 'indicator') continue;
    const ref = o.id as string;
    if (o.revoked === true) {
      out.skipped.push({ ref, reason: 'revoked' });
      continue;
    }
    if (o.pattern_type !== 'stix') {
      out.skipped.push({ ref, reason: `pattern_type ${JSON.stringify(o.pattern_type ?? null)} is not "stix"` });
      continue;
    }
    const actors = [...new Set((targets.get(`indicates ${ref}`) ?? []).flatMap((t) => actorNames(t)))].sort();
    if (actors.length === 0) {
      out.skipped.push({ ref, reason: 'indicates no intrusion-set or threat-actor (directly or through a campaign attributed to one)' });
      continue;
    }
    const creator = byId.get(str(o.created_by_ref) ?? '');
    const source = str(creator?.name) ?? (str(o.created_by_ref) ? `STIX identity ${str(o.created_by_ref)}` : 'unnamed STIX producer');
    const found = evaluable(str(o.pattern) ?? '');
    for (const reason of found.skipped) out.skipped.push({ ref, reason });
    for (const ind of found.indicators) for (const actor of actors) out.indicators.push({ actor, ...ind, source, ref });
  }
  return out;
}

/** Salted identifiers `share --share-hashed-ids` writes, and the indicator type each is read as. */
const HASHED_KINDS: Record<string, string | null> = {
  account_id: 'account_id',
  payment_fingerprint: 'payment_fingerprint',
  api_key_id: null,
  email: null,
};
const HASH = /^sha256:[0-9a-f]{64}$/;

/** The `hashed_*` lists of a campaign's distill-audit extension. */
function hashedIds(campaign: Obj): ({ type: string; value: string } | { skip: string })[] {
  const ext = isObj(campaign.extensions) ? campaign.extensions[EXTENSION_ID] : undefined;
  if (!isObj(ext)) return [];
  const out: ({ type: string; value: string } | { skip: string })[] = [];
  for (const [kind, type] of Object.entries(HASHED_KINDS)) {
    const values = ext[`hashed_${kind}`];
    if (!Array.isArray(values)) continue;
    if (type === null) {
      out.push({
        skip: `${values.length} salted hash(es) of ${kind === 'email' ? 'e-mail addresse' : kind.replace(/_/g, ' ')}s: not an indicator type distill-audit matches`,
      });
      continue;
    }
    for (const v of values)
      out.push(
        typeof v === 'string' && HASH.test(v)
          ? { type, value: v }
          : { skip: `hashed_${kind}: ${JSON.stringify(v)} is not "sha256:" and 64 hex digits` },
      );
  }
  return out;
}

/** The comparisons of a pattern distill-audit can test: an observation of OR-ed comparisons. */
function evaluable(pattern: string): { indicators: { type: string; value: string }[]; skipped: string[] } {
  if (pattern === '') return { indicators: [], skipped: ['no pattern'] };
  let expr: ReturnType<typeof parsePattern>;
  try {
    expr = parsePattern(pattern);
  } catch (err) {
    if (err instanceof PatternError) return { indicators: [], skipped: [`pattern does not parse: ${err.message}`] };
    throw err;
  }
  if (expr.kind !== 'observation')
    return {
      indicators: [],
      skipped: [`pattern combines observations with ${expr.kind.toUpperCase()}, which distill-audit cannot evaluate`],
    };
  if (expr.qualifiers.length > 0)
    return { indicators: [], skipped: [`pattern has a ${expr.qualifiers[0]!.kind} qualifier, which distill-audit cannot evaluate`] };
  const leaves: Comparison[] = [];
  const walk = (e: ComparisonExpr): string | null => {
    if (e.kind === 'comparison') {
      leaves.push(e);
      return null;
    }
    if (e.kind === 'and') return 'pattern joins comparisons with AND, which distill-audit cannot evaluate as one indicator';
    for (const p of e.parts) {
      const bad = walk(p);
      if (bad) return bad;
    }
    return null;
  };
  const bad = walk(expr.test);
  if (bad) return { indicators: [], skipped: [bad] };
  const indicators: { type: string; value: string }[] = [];
  const skipped: string[] = [];
  for (const c of leaves) {
    const r = indicatorOf(c);
    if ('skip' in r) skipped.push(r.skip);
    else indicators.push(r);
  }
  return { indicators, skipped };
}

const MISP_TYPES: Record<string, string> = {
  'ip-src': 'cidr',
  'ip-dst': 'cidr',
  AS: 'asn',
  'user-agent': 'user_agent',
  'ja3-fingerprint-md5': 'client_fingerprint',
  domain: 'email_domain',
};

/**
 * A MISP event (`{"Event": …}`, or several in `{"response": [{"Event": …}]}`). An attribute names
 * its actor through its own threat-actor galaxy tag; when no attribute of the event carries one,
 * the event's threat-actor galaxy (one cluster) or else its `info` names the actor of all. The
 * source is the event's Orgc (or Org).
 */
export function readMisp(doc: Obj): PartnerFile {
  const out: PartnerFile = { format: 'misp', indicators: [], skipped: [] };
  const events = isObj(doc.Event)
    ? [doc.Event]
    : (doc.response as unknown[])
        .filter(isObj)
        .map((r) => r.Event)
        .filter(isObj);
  events.forEach((event, e) => {
    const where = events.length > 1 ? `response[${e}].Event` : 'Event';
    const source =
      str(isObj(event.Orgc) ? event.Orgc.name : null) ??
      str(isObj(event.Org) ? event.Org.name : null) ??
      `MISP event ${str(event.uuid) ?? where}`;
    const rows: { a: Obj; ref: string; relation: string | null; objectTags: string[] }[] = [];
    list(event.Attribute).forEach((a, i) =>
      rows.push({ a, ref: str(a.uuid) ?? `${where}.Attribute[${i}]`, relation: null, objectTags: [] }),
    );
    list(event.Object).forEach((o, i) => {
      list(o.Attribute).forEach((a, j) =>
        rows.push({
          a,
          ref: str(a.uuid) ?? `${where}.Object[${i}].Attribute[${j}]`,
          relation: `${str(o.name) ?? ''}/${str(a.object_relation) ?? ''}`,
          objectTags: actorTags(o),
        }),
      );
    });
    const tagged = rows.some((r) => actorTags(r.a).length > 0 || r.objectTags.length > 0);
    const eventActors = [...new Set([...galaxyActors(event), ...actorTags(event)])];
    const fallback = eventActors.length === 1 ? eventActors : eventActors.length === 0 && str(event.info) ? [str(event.info)!] : [];
    for (const { a, ref, relation, objectTags } of rows) {
      const mispType = str(a.type) ?? '';
      const hashedAs = mispType === 'text' && HASH.test(str(a.value) ?? '') ? hashedKind(str(a.comment) ?? '') : undefined;
      const type = hashedAs ?? (relation === 'ja4-plus/ja4-fingerprint' ? 'client_fingerprint' : MISP_TYPES[mispType]);
      if (a.deleted === true) {
        out.skipped.push({ ref, reason: 'deleted' });
        continue;
      }
      if (!type) {
        if (a.to_ids === true)
          out.skipped.push({
            ref,
            reason: `MISP type ${JSON.stringify(mispType)}${relation ? ` (${relation})` : ''} is not one distill-audit can evaluate on request logs`,
          });
        continue;
      }
      // Salted hashes are written with to_ids false (they are not detection signatures) and still read.
      if (a.to_ids === false && !hashedAs) {
        out.skipped.push({ ref, reason: 'to_ids is false (not meant for detection)' });
        continue;
      }
      const value = str(a.value);
      if (!value) {
        out.skipped.push({ ref, reason: 'empty value' });
        continue;
      }
      const own = [...new Set([...actorTags(a), ...objectTags])];
      const actors = own.length > 0 ? own : tagged ? [] : fallback;
      if (actors.length === 0) {
        out.skipped.push({
          ref,
          reason: tagged
            ? 'no threat-actor tag on this attribute, while others of the event have one'
            : 'the event names no single threat actor (galaxy or info)',
        });
        continue;
      }
      for (const actor of actors.sort()) {
        out.indicators.push({
          actor,
          type,
          value: type === 'user_agent' && value.startsWith('re:') ? `re:^${value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$` : value,
          source,
          ref,
        });
      }
    }
  });
  return out;
}

/** The identifier a `text` attribute's comment says it is the salted hash of (misp.ts writes it so). */
function hashedKind(comment: string): string | undefined {
  const m = /salted SHA-256 of an? (account id|payment fingerprint)\b/.exec(comment);
  return m ? m[1]!.replace(' ', '_') : undefined;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** Actor names in `misp-galaxy:threat-actor="…"` tags of an event, object or attribute. */
function actorTags(o: Obj): string[] {
  const names: string[] = [];
  for (const t of list(o.Tag)) {
    const m = /^misp-galaxy:threat-actor="(.+)"$/s.exec(str(t.name) ?? '');
    if (m) names.push(m[1]!);
  }
  for (const n of galaxyActors(o)) names.push(n);
  return names;
}

function galaxyActors(o: Obj): string[] {
  return list(o.Galaxy)
    .filter((g) => g.type === 'threat-actor')
    .flatMap((g) =>
      list(g.GalaxyCluster)
        .map((c) => str(c.value))
        .filter((v): v is string => v !== null),
    );
}
