import { createHash } from 'node:crypto';

/**
 * Namespace of STIX Cyber-observable ids (STIX 2.1 section 2.9): an SCO's id is the UUIDv5 of the
 * canonical JSON of its id-contributing properties in this namespace, so every producer gives the
 * same address the same id.
 */
export const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * Namespace of the domain objects, relationships and sightings distill-audit writes: the UUIDv5 of
 * the URL "https://distill-audit.invalid/share/stix" in the RFC 4122 URL namespace. The same
 * finding shared twice gets the same ids, and no other producer's ids collide with ours.
 */
export const SDO_NAMESPACE = uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://distill-audit.invalid/share/stix');

/** RFC 4122 name-based UUID, version 5 (SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * JSON with object keys sorted at every level (RFC 8785's canonical form for the strings, integers
 * and plain objects ids are made of).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Id of a STIX Cyber-observable from its id-contributing properties. */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${uuidV5(SCO_NAMESPACE, canonicalJson(contributing))}`;
}

/** Id of a domain or relationship object from the content that makes it the same finding. */
export function sdoId(type: string, content: Record<string, unknown>): string {
  return `${type}--${uuidV5(SDO_NAMESPACE, canonicalJson({ type, ...content }))}`;
}

/**
 * A salted hash for `--share-hashed-ids`: SHA-256 of salt, a NUL byte and the value, in hex. A
 * partner who agreed the salt out of band hashes its own identifiers the same way and compares.
 */
export function saltedHash(salt: string, value: string): string {
  return createHash('sha256').update(salt, 'utf8').update('\u0000').update(value, 'utf8').digest('hex');
}
