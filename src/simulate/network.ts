import { hash32, type Random } from './random.js';

export type AsnKind = 'residential' | 'mobile' | 'hosting' | 'corporate' | 'education';

export interface Asn {
  asn: string;
  kind: AsnKind;
  country: string;
  /** First two octets of the /16 blocks the AS announces, as numbers (a * 256 + b). */
  blocks: number[];
  /** An IPv6 /32 for residential and mobile networks. */
  v6?: string;
}

/** Countries the simulated customers live in, with a UTC offset and a weight of the population. */
export const COUNTRIES: readonly { code: string; tz: number; weight: number }[] = [
  { code: 'US', tz: -5, weight: 22 },
  { code: 'US', tz: -8, weight: 14 },
  { code: 'CA', tz: -5, weight: 4 },
  { code: 'BR', tz: -3, weight: 5 },
  { code: 'MX', tz: -6, weight: 3 },
  { code: 'GB', tz: 0, weight: 8 },
  { code: 'DE', tz: 1, weight: 7 },
  { code: 'FR', tz: 1, weight: 6 },
  { code: 'NL', tz: 1, weight: 3 },
  { code: 'ES', tz: 1, weight: 3 },
  { code: 'PL', tz: 1, weight: 2 },
  { code: 'IN', tz: 5, weight: 9 },
  { code: 'SG', tz: 8, weight: 2 },
  { code: 'JP', tz: 9, weight: 5 },
  { code: 'KR', tz: 9, weight: 4 },
  { code: 'AU', tz: 10, weight: 3 },
  { code: 'ZA', tz: 2, weight: 1 },
  { code: 'NG', tz: 1, weight: 1 },
];

const FORBIDDEN_FIRST_OCTETS = new Set([0, 10, 100, 127, 169, 172, 192, 198, 203]);

/**
 * The simulated internet: autonomous systems with address blocks. Fixed for a preset and seed;
 * private-use AS numbers (RFC 6996) so no real network is named.
 */
export class Network {
  readonly asns: Asn[] = [];
  private readonly byKind = new Map<string, Asn[]>();
  private readonly usedBlocks = new Set<number>();
  private readonly usedAsns = new Set<number>();

  constructor(seed: number) {
    const countries = [...new Set(COUNTRIES.map((c) => c.code))];
    for (const country of countries) {
      for (let i = 0; i < 3; i++) this.add(seed, 'residential', country, 6);
      for (let i = 0; i < 2; i++) this.add(seed, 'mobile', country, 4);
    }
    for (const country of ['US', 'US', 'DE', 'NL', 'SG', 'JP', 'GB', 'FR', 'US', 'DE']) this.add(seed, 'hosting', country, 8);
    for (const country of ['US', 'GB', 'DE']) this.add(seed, 'corporate', country, 1);
    for (const country of ['US', 'GB']) this.add(seed, 'education', country, 2);
  }

  private add(seed: number, kind: AsnKind, country: string, blockCount: number): void {
    const n = this.asns.length;
    let number = 64512 + (hash32(seed, 'asn', n) % 1000);
    while (this.usedAsns.has(number)) number = number === 65534 ? 64512 : number + 1;
    this.usedAsns.add(number);
    const blocks: number[] = [];
    for (let b = 0; blocks.length < blockCount; b++) {
      const h = hash32(seed, 'block', n, b);
      const first = 11 + (h % 212);
      if (FORBIDDEN_FIRST_OCTETS.has(first)) continue;
      const block = first * 256 + ((h >>> 8) & 255);
      if (this.usedBlocks.has(block)) continue;
      this.usedBlocks.add(block);
      blocks.push(block);
    }
    const asn: Asn = { asn: `AS${number}`, kind, country, blocks };
    if (kind === 'residential' || kind === 'mobile') {
      asn.v6 = `2a0${hash32(seed, 'v6', n) % 10}:${(hash32(seed, 'v6b', n) & 0xffff).toString(16)}`;
    }
    this.asns.push(asn);
    const key = `${kind}/${country}`;
    for (const k of [kind, key]) {
      const list = this.byKind.get(k) ?? [];
      list.push(asn);
      this.byKind.set(k, list);
    }
  }

  of(kind: AsnKind, country?: string): Asn[] {
    return (country && this.byKind.get(`${kind}/${country}`)) || this.byKind.get(kind) || [];
  }

  pick(rng: Random, kind: AsnKind, country?: string): Asn {
    return rng.pick(this.of(kind, country));
  }

  /** A host address of the AS chosen by key: the same key gives the same address. */
  ipv4(asn: Asn, key: number): string {
    const h = hash32(asn.asn, key);
    const block = asn.blocks[h % asn.blocks.length]!;
    return `${block >> 8}.${block & 255}.${(h >>> 8) & 255}.${1 + ((h >>> 16) % 254)}`;
  }

  /** An address inside one /24 of the AS (an operator's rented subnet, a corporate egress block). */
  ipv4InSubnet(asn: Asn, subnet: number, host: number): string {
    const block = asn.blocks[subnet % asn.blocks.length]!;
    return `${block >> 8}.${block & 255}.${(hash32(asn.asn, 'subnet', subnet) >>> 4) & 255}.${1 + (host % 254)}`;
  }

  /** The /24 that ipv4InSubnet fills, in CIDR notation. */
  subnetCidr(asn: Asn, subnet: number): string {
    const block = asn.blocks[subnet % asn.blocks.length]!;
    return `${block >> 8}.${block & 255}.${(hash32(asn.asn, 'subnet', subnet) >>> 4) & 255}.0/24`;
  }

  /** A subscriber address in the AS's IPv6 space: one /64 per key. */
  ipv6(asn: Asn, key: number): string {
    const h = hash32(asn.asn, 'v6', key);
    const g = hash32(asn.asn, 'v6host', key);
    return `${asn.v6}:${((h >>> 16) & 0xffff).toString(16)}:${(h & 0xffff).toString(16)}::${(g & 0xffff).toString(16)}`;
  }
}
