import { sdoId } from './ids.js';
import { stixString, type Comparison } from './pattern.js';

/**
 * The extension-definition distill-audit's own properties live under: the campaign's exchange
 * estimate and interval (a property-extension of `campaign`) and the client fingerprint of a
 * connection (a property-extension of `network-traffic`, used in patterns). Its id is fixed.
 */
export const EXTENSION_ID = sdoId('extension-definition', { name: 'distill-audit', version: '1' });

const UA_PATH = "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'";
const FINGERPRINT_PATH = `network-traffic:extensions.'${EXTENSION_ID}'.client_fingerprint`;

/** What a shared value is to each format: its STIX pattern, its MISP attribute, its name. */
export interface ShareKind {
  type: 'cidr' | 'asn' | 'user_agent' | 'client_fingerprint' | 'email_domain';
  /** The indicator's name in words. */
  noun: string;
  /**
   * The STIX pattern, or null when the value cannot be written safely (control characters).
   * `regex`: the investigator's `re:` indicator (without the prefix), for user agents only.
   */
  pattern(value: string, regex: boolean): string | null;
  /** The STIX Cyber-observable of an observed-data, when the value is one on its own. */
  observable?(value: string): { type: string; contributing: Record<string, unknown> } | null;
  /** MISP attribute type and category (`null`: shared as an object, see misp.ts). */
  misp(value: string, regex: boolean): { type: string; category: string; value: string } | null;
}

const isV6 = (cidr: string) => cidr.includes(':');
const hasPrefix = (cidr: string) => cidr.includes('/');
const asNumber = (v: string) => Number(v.replace(/^AS/i, ''));

export const SHARE_KINDS: readonly ShareKind[] = [
  {
    type: 'cidr',
    noun: 'network',
    pattern: (v) => {
      const s = stixString(v);
      return s && `[${isV6(v) ? 'ipv6-addr' : 'ipv4-addr'}:value ${hasPrefix(v) ? 'ISSUBSET' : '='} ${s}]`;
    },
    observable: (v) => ({ type: isV6(v) ? 'ipv6-addr' : 'ipv4-addr', contributing: { value: v } }),
    misp: (v) => ({ type: 'ip-src', category: 'Network activity', value: v }),
  },
  {
    type: 'asn',
    noun: 'autonomous system',
    pattern: (v) => `[autonomous-system:number = ${asNumber(v)}]`,
    observable: (v) => ({ type: 'autonomous-system', contributing: { number: asNumber(v) } }),
    misp: (v) => ({ type: 'AS', category: 'Network activity', value: `AS${asNumber(v)}` }),
  },
  {
    type: 'user_agent',
    noun: 'user agent',
    pattern: (v, regex) => {
      const s = stixString(v);
      return s && `[${UA_PATH} ${regex ? 'MATCHES' : '='} ${s}]`;
    },
    // MISP has no regular-expression user agent; a `re:` indicator is shared in STIX only.
    misp: (v, regex) => (regex ? null : { type: 'user-agent', category: 'Network activity', value: v }),
  },
  {
    type: 'client_fingerprint',
    noun: 'client fingerprint',
    pattern: (v) => {
      const s = stixString(v);
      return s && `[${FINGERPRINT_PATH} = ${s}]`;
    },
    // A JA3 hash has its own MISP type; other fingerprints (JA4, header-order hashes) go in a
    // `ja4-plus` object (misp.ts).
    misp: (v) => (/^[0-9a-f]{32}$/i.test(v) ? { type: 'ja3-fingerprint-md5', category: 'Network activity', value: v.toLowerCase() } : null),
  },
  {
    type: 'email_domain',
    noun: 'e-mail domain',
    pattern: (v) => {
      const s = stixString(v);
      return s && `[domain-name:value = ${s}]`;
    },
    observable: (v) => ({ type: 'domain-name', contributing: { value: v } }),
    misp: (v) => ({ type: 'domain', category: 'Network activity', value: v }),
  },
];

export function shareKind(type: string): ShareKind | undefined {
  return SHARE_KINDS.find((k) => k.type === type);
}

/**
 * The indicator a partner's STIX comparison stands for, or why distill-audit cannot evaluate it.
 * The reverse of the patterns above, plus the usual forms other producers write.
 */
export function indicatorOf(c: Comparison): { type: string; value: string } | { skip: string } {
  const path = c.path.map((s) => ('key' in s ? s.key : `[${s.index}]`));
  const str = c.value?.kind === 'string' ? c.value.value : null;
  if (c.negated) return { skip: 'a negated comparison (NOT) cannot name an actor' };
  const is = (...p: string[]) => path.length === p.length && p.every((x, i) => x.toLowerCase() === path[i]!.toLowerCase());
  if (
    (c.objectType === 'ipv4-addr' || c.objectType === 'ipv6-addr') &&
    is('value') &&
    str !== null &&
    (c.op === '=' || c.op === 'ISSUBSET')
  ) {
    return { type: 'cidr', value: str };
  }
  if (c.objectType === 'autonomous-system' && is('number') && c.op === '=' && c.value?.kind === 'int') {
    return { type: 'asn', value: `AS${c.value.value}` };
  }
  if (c.objectType === 'network-traffic' && is('extensions', 'http-request-ext', 'request_header', 'User-Agent') && str !== null) {
    if (c.op === '=') return { type: 'user_agent', value: str.startsWith('re:') ? `re:^${escapeRegex(str)}$` : str };
    if (c.op === 'MATCHES') return { type: 'user_agent', value: `re:${str}` };
  }
  if (c.objectType === 'network-traffic' && is('extensions', EXTENSION_ID, 'client_fingerprint') && c.op === '=' && str !== null) {
    return { type: 'client_fingerprint', value: str };
  }
  if (c.objectType === 'domain-name' && is('value') && c.op === '=' && str !== null) return { type: 'email_domain', value: str };
  if (c.objectType === 'email-addr' && is('value') && c.op === 'LIKE' && str !== null && /^%@[^%_@]+$/.test(str)) {
    return { type: 'email_domain', value: str.slice(2) };
  }
  return { skip: `compares ${c.objectType}:${path.join('.')} with ${c.op}, which distill-audit cannot evaluate on request logs` };
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
