import { UndirectedGraph } from 'graphology';
import { louvain } from './louvain.js';
import { seededRandom } from '../random.js';
import { UnionFind } from '../union-find.js';

/** The combined tie between two accounts, over all kinds. */
export interface Tie {
  a: string;
  b: string;
  strength: number;
  /** The families of kinds behind the tie (kinds.ts) and the weight of each, in one order. */
  families?: string[];
  weights?: number[];
}

export interface ClusterParams {
  /** Ties at least this strong always hold their two accounts together. */
  strong: number;
  /** Ties this strong hold only inside one Louvain community; weaker ones are ignored. */
  weak: number;
  resolution: number;
  seed: number;
}

/**
 * Strong ties are near proof (same payment instrument, same IPs in the same hours), so their
 * connected components are never cut. Weaker ties are hints: a hydra of accounts that each share
 * a little with the others holds together through many of them, while a single weak bridge
 * between two groups (one shared residential proxy, one reused template) should not merge them.
 * Louvain over the whole graph decides which weak ties sit inside a community; only those count,
 * and only for accounts the community holds firmly (`firmMembers`). Modularity ignores how
 * weak an isolated group's ties are, so ties below `weak` never enter.
 */
export function clusterTies(ties: readonly Tie[], params: ClusterParams): string[][] {
  const sorted = [...ties]
    .filter((t) => t.strength >= params.weak && t.a !== t.b)
    .sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  const nodes = [...new Set(sorted.flatMap((t) => [t.a, t.b]))].sort();
  const sets = new UnionFind(nodes);
  for (const n of nodes) graph.addNode(n);
  for (const t of sorted) {
    if (graph.hasEdge(t.a, t.b)) continue;
    graph.addUndirectedEdge(t.a, t.b, { weight: t.strength });
    if (t.strength >= params.strong) sets.union(t.a, t.b);
  }
  if (graph.size > 0) {
    const community = louvain(graph, {
      getEdgeWeight: 'weight',
      resolution: params.resolution,
      rng: seededRandom(params.seed),
    });
    const firm = firmMembers(sorted, community, params.strong);
    for (const t of sorted) {
      if (t.strength >= params.strong || community[t.a] !== community[t.b]) continue;
      if (firm.has(t.a) && firm.has(t.b)) sets.union(t.a, t.b);
    }
  }
  return sets.groups(2);
}

/**
 * The accounts their community holds firmly: for each family of evidence, the account's strongest
 * tie to another firm member; the families combined as a noisy-or must reach `strong`, as much as
 * one strong tie. Louvain always puts an account with a single tie in its partner's community, so
 * one hint (a shared user agent, a name and a number like a campaign account's) would be enough to
 * join it; one value shared with several members is still one piece of evidence. Accounts short of
 * it are peeled off until none is left, so two outsiders that hold each other up with one hint
 * each (a shared home /24) do not stay in on the strength of each other.
 */
export function firmMembers(ties: readonly Tie[], community: Record<string, number>, strong: number): Set<string> {
  const inside = ties.filter((t) => community[t.a] === community[t.b]);
  const firm = new Set(inside.flatMap((t) => [t.a, t.b]));
  for (;;) {
    const best = new Map<string, Map<string, number>>();
    const note = (x: string, family: string, weight: number) => {
      const families = best.get(x) ?? new Map<string, number>();
      families.set(family, Math.max(families.get(family) ?? 0, weight));
      best.set(x, families);
    };
    for (const t of inside) {
      if (!firm.has(t.a) || !firm.has(t.b)) continue;
      const families = t.families ?? [''];
      const weights = t.weights ?? [t.strength];
      families.forEach((f, i) => {
        note(t.a, f, weights[i]!);
        note(t.b, f, weights[i]!);
      });
    }
    const loose = [...firm].filter((x) => {
      const families = best.get(x);
      const held = families ? 1 - [...families.values()].reduce((m, w) => m * (1 - Math.min(w, 0.999)), 1) : 0;
      return held < strong;
    });
    if (loose.length === 0) return firm;
    for (const x of loose) firm.delete(x);
  }
}

/** The groups with each pair's two accounts (and so their groups) joined; same order rules as `clusterTies`. */
export function joinGroups(groups: readonly string[][], pairs: readonly (readonly [string, string])[]): string[][] {
  const sets = new UnionFind([...groups.flat(), ...pairs.flat()]);
  for (const g of groups) for (const m of g) sets.union(g[0]!, m);
  for (const [a, b] of pairs) sets.union(a, b);
  return sets.groups(2);
}

/**
 * Attachments (account → a member of the cluster whose addresses it uses) that may join: an
 * account in no cluster joins alone; a cluster joins another only when at least half its members
 * attach to that one, so a single member that also went through another operation's pool does
 * not bridge the two.
 */
export function wholeAttachments(groups: readonly string[][], pairs: readonly (readonly [string, string])[]): [string, string][] {
  const groupOf = new Map<string, readonly string[]>();
  for (const g of groups) for (const m of g) groupOf.set(m, g);
  const votes = new Map<readonly string[], Map<string, number>>();
  const kept: [string, string][] = [];
  for (const [account, member] of pairs) {
    const own = groupOf.get(account);
    if (!own) {
      kept.push([account, member]);
      continue;
    }
    const target = groupOf.get(member)?.[0] ?? member;
    const tally = votes.get(own) ?? new Map<string, number>();
    tally.set(target, (tally.get(target) ?? 0) + 1);
    votes.set(own, tally);
  }
  for (const [own, tally] of votes) {
    for (const [target, n] of [...tally].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      if (n >= own.length / 2) kept.push([own[0]!, target]);
    }
  }
  return kept;
}
