import { UndirectedGraph } from 'graphology';
import { louvain } from './louvain.js';
import { seededRandom } from './random.js';
import { UnionFind } from './union-find.js';

/** The combined tie between two accounts, over all kinds. */
export interface Tie {
  a: string;
  b: string;
  strength: number;
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
 * Louvain over the whole graph decides which weak ties sit inside a community; only those count.
 * Modularity ignores how weak an isolated group's ties are, so ties below `weak` never enter.
 */
export function clusterTies(ties: readonly Tie[], params: ClusterParams): string[][] {
  const sorted = [...ties]
    .filter((t) => t.strength >= params.weak && t.a !== t.b)
    .sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  const sets = new UnionFind();
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  const nodes = [...new Set(sorted.flatMap((t) => [t.a, t.b]))].sort();
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
    for (const t of sorted) {
      if (t.strength < params.strong && community[t.a] === community[t.b]) sets.union(t.a, t.b);
    }
  }
  return sets.groups();
}
