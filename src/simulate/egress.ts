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
  /** The address a request at `ts` leaves from; `session` keeps one conversation on one address. */
  at(rng: Random, ts: number, session: number): EgressPoint;
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
  constructor(private readonly points: readonly EgressPoint[], private readonly sticky = true) {}

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
    if (hash32(this.key, session, 'proxy') / 4294967296 < this.share) return this.proxies[hash32(this.key, session, 'exit') % this.proxies.length]!;
    return this.own.at(rng, ts, session);
  }
}
