import { describe, expect, it } from 'vitest';
import { clusterTies, type Tie } from '../../src/cluster/graph.js';
import { DEFAULT_CLUSTER_PARAMS } from '../../src/cluster/index.js';
import { clusterId } from '../../src/cluster/ids.js';

function clique(prefix: string, n: number, strength: number): Tie[] {
  const ties: Tie[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) ties.push({ a: `${prefix}${i}`, b: `${prefix}${j}`, strength });
  return ties;
}

describe('clustering the tie graph', () => {
  it('keeps strong components whole', () => {
    const ties: Tie[] = [{ a: 'a1', b: 'a2', strength: 0.9 }, { a: 'a2', b: 'a3', strength: 0.7 }, { a: 'b1', b: 'b2', strength: 0.95 }];
    expect(clusterTies(ties, DEFAULT_CLUSTER_PARAMS)).toEqual([['a1', 'a2', 'a3'], ['b1', 'b2']]);
  });

  it('joins a loose hydra through many weak ties but not across one weak bridge', () => {
    const ties = [...clique('h', 12, 0.4), ...clique('g', 12, 0.4), { a: 'g0', b: 'h0', strength: 0.45 }];
    const groups = clusterTies(ties, DEFAULT_CLUSTER_PARAMS);
    expect(groups).toHaveLength(2);
    expect(groups.map((g) => g.length)).toEqual([12, 12]);
    expect(groups[0]!.every((m) => m.startsWith('g'))).toBe(true);
  });

  it('ignores ties below the weak threshold, however isolated', () => {
    expect(clusterTies(clique('n', 30, 0.2), DEFAULT_CLUSTER_PARAMS)).toEqual([]);
  });

  it('gives the same clusters whatever the order of the ties', () => {
    const ties = [...clique('h', 10, 0.35), ...clique('g', 8, 0.5), { a: 'g0', b: 'h0', strength: 0.3 }, { a: 'g3', b: 'h5', strength: 0.32 }];
    const reversed = [...ties].reverse().map((t) => ({ a: t.a, b: t.b, strength: t.strength }));
    expect(clusterTies(reversed, DEFAULT_CLUSTER_PARAMS)).toEqual(clusterTies(ties, DEFAULT_CLUSTER_PARAMS));
  });

  it('names a cluster after its smallest member, hashed', () => {
    expect(clusterId(['b', 'a', 'c'])).toBe(clusterId(['a', 'z']));
    expect(clusterId(['b', 'c'])).not.toBe(clusterId(['a', 'c']));
    expect(clusterId(['acct_1'])).toMatch(/^K[0-9a-f]{10}$/);
  });
});
