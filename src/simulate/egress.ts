import type { Asn, Network } from './network.js';
import { hash32, type Random } from './random.js';
import { DAY_MS } from './calendar.js';

/** Where a client's requests leave the internet from. */
export interface EgressPoint {
  ip: string;
  asn: string;
  country: string;
}

export interface Egress {
  /**
   * The address a request at `ts` leaves from; `session` keeps one conversation on one address
   * (except through a proxy that rotates per request); `account` is the sending account's index.
   */
  at(rng: Random, ts: number, session: number, account?: number): EgressPoint;
}

/**
 * A household or office line: a home AS whose lease changes every few days (residential churn),
 * sometimes a phone on a mobile network, sometimes an IPv6 /64.
 */
export class HomeEgress implements Egress {
  constructor(
    private readonly net: Network,
    private readonly key: number,
    private readonly home: Asn,
    private readonly mobile: Asn | null,
    private readonly leaseDays: number,
    private readonly v6: boolean,
    private readonly mobileShare: number,
  ) {}

  at(_rng: Random, ts: number, session: number): EgressPoint {
    const lease = Math.floor(ts / (this.leaseDays * DAY_MS));
    if (this.mobile && hash32(this.key, session, 'mobile') / 4294967296 < this.mobileShare) {
      // Mobile carriers hand out a new address nearly every session.
      return { ip: this.net.ipv4(this.mobile, hash32(this.key, session)), asn: this.mobile.asn, country: this.mobile.country };
    }
    const ip = this.v6 ? this.net.ipv6(this.home, hash32(this.key, lease)) : this.net.ipv4(this.home, hash32(this.key, lease));
    return { ip, asn: this.home.asn, country: this.home.country };
  }
}

/** A shared pool of addresses (a NAT, a gateway's exit pool, a proxy network): one per session. */
export class PoolEgress implements Egress {
  constructor(
    private readonly points: readonly EgressPoint[],
    private readonly sticky = true,
  ) {}

  at(rng: Random, _ts: number, session: number): EgressPoint {
    if (this.sticky) return this.points[hash32('pool', session) % this.points.length]!;
    return rng.pick(this.points);
  }
}

/**
 * An operator's own exit with a share of its sessions sent through a residential proxy pool
 * instead (an evasive operator's tradecraft); which sessions is a hash, so one conversation stays
 * on one address either way.
 */
export class BlendedEgress implements Egress {
  constructor(
    private readonly own: Egress,
    private readonly proxies: readonly EgressPoint[],
    private readonly share: number,
    private readonly key: number,
  ) {}

  at(rng: Random, ts: number, session: number): EgressPoint {
    if (hash32(this.key, session, 'proxy') / 4294967296 < this.share)
      return this.proxies[hash32(this.key, session, 'exit') % this.proxies.length]!;
    return this.own.at(rng, ts, session);
  }
}

/** Tries before a rotating proxy gives up on finding an account a /24 it has not used yet. */
const FRESH_SUBNET_TRIES = 64;

/**
 * A rotating residential proxy (the `residential-proxy` tactic): every request leaves from a fresh
 * address on a consumer network (home broadband, some mobile), in the countries of the population,
 * and no account sees the same /24 twice (within FRESH_SUBNET_TRIES draws). Draws are hashes of
 * the account and its request count, so they take nothing from the other random streams.
 */
export class RotatingProxyEgress implements Egress {
  private readonly used = new Map<number, Set<string>>();
  private readonly counts = new Map<number, number>();

  constructor(
    private readonly net: Network,
    private readonly key: number,
    private readonly networks: readonly (readonly [Asn, number])[],
  ) {}

  at(_rng: Random, _ts: number, _session: number, account = -1): EgressPoint {
    const n = this.counts.get(account) ?? 0;
    this.counts.set(account, n + 1);
    const seen = this.used.get(account) ?? new Set<string>();
    this.used.set(account, seen);
    let point: EgressPoint | null = null;
    for (let attempt = 0; attempt < FRESH_SUBNET_TRIES; attempt++) {
      const asn = weightedByHash(this.networks, hash32(this.key, account, n, attempt, 'asn'));
      const ip = this.net.ipv4(asn, hash32(this.key, account, n, attempt, 'ip'));
      point = { ip, asn: asn.asn, country: asn.country };
      const subnet = ip.slice(0, ip.lastIndexOf('.'));
      if (!seen.has(subnet)) {
        seen.add(subnet);
        break;
      }
    }
    return point!;
  }
}

function weightedByHash<T>(items: readonly (readonly [T, number])[], h: number): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = (h / 4294967296) * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}
