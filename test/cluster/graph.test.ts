import { describe, expect, it } from 'vitest';
import { clusterTies, firmMembers, joinGroups, wholeAttachments, type Tie } from '../../src/cluster/graph.js';
import { DEFAULT_CLUSTER_PARAMS } from '../../src/cluster/index.js';
import { clusterId } from '../../src/cluster/ids.js';

function clique(prefix: string, n: number, strength: number, parts?: Record<string, number>): Tie[] {
  const ties: Tie[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const tie: Tie = { a: `${prefix}${i}`, b: `${prefix}${j}`, strength };
      if (parts) Object.assign(tie, { families: Object.keys(parts), weights: Object.values(parts) });
      ties.push(tie);
    }
  }
  return ties;
}

/**
 * A hydra: each pair shares one weak hint, some pairs IP-hours and others their timing, so each
 * account is held by two independent kinds of evidence, none of its ties strong.
 */
function hydra(prefix: string, n: number): Tie[] {
  return clique(prefix, n, 0.4).map((t, k) => ({ ...t, families: [k % 2 === 0 ? 'network' : 'timing'], weights: [0.4] }));
}

describe('clustering the tie graph', () => {
  it('keeps strong components whole', () => {
    const ties: Tie[] = [
      { a: 'a1', b: 'a2', strength: 0.9 },
      { a: 'a2', b: 'a3', strength: 0.7 },
      { a: 'b1', b: 'b2', strength: 0.95 },
    ];
    expect(clusterTies(ties, DEFAULT_CLUSTER_PARAMS)).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ]);
  });

  it('joins a loose hydra through many weak ties but not across one weak bridge', () => {
    const ties = [...hydra('h', 12), ...hydra('g', 12), { a: 'g0', b: 'h0', strength: 0.45 }];
    const groups = clusterTies(ties, DEFAULT_CLUSTER_PARAMS);
    expect(groups).toHaveLength(2);
    expect(groups.map((g) => g.length)).toEqual([12, 12]);
    expect(groups[0]!.every((m) => m.startsWith('g'))).toBe(true);
  });

  it('does not join an account to a community through one weak hint', () => {
    // A campaign held by strong ties, and a mobile user who shares one browser user agent with
    // one of its accounts: Louvain puts a one-tie account in its partner's community regardless.
    const ties = [...clique('c', 10, 0.9, { billing: 0.9 }), { a: 'c3', b: 'nat1', strength: 0.34, families: ['client'], weights: [0.34] }];
    expect(clusterTies(ties, DEFAULT_CLUSTER_PARAMS)).toEqual([['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']]);
  });

  it('counts one kind of evidence once, however many members share it', () => {
    // x shares one numbered e-mail pattern with four campaign accounts: four ties, one hint.
    const campaign = clique('c', 10, 0.9, { billing: 0.9 });
    const stem = ['c1', 'c2', 'c3', 'c4'].map((c) => ({ a: c, b: 'x', strength: 0.5, families: ['signup'], weights: [0.5] }));
    expect(clusterTies([...campaign, ...stem], DEFAULT_CLUSTER_PARAMS)).toHaveLength(1);
    expect(clusterTies([...campaign, ...stem], DEFAULT_CLUSTER_PARAMS)[0]).not.toContain('x');
    // The same account also in the campaign's IP-hours: two independent hints, and it joins.
    const both = ['c1', 'c2', 'c3', 'c4'].map((c) => ({
      a: c,
      b: 'x',
      strength: 0.7,
      families: ['network', 'signup'],
      weights: [0.4, 0.5],
    }));
    const joined = clusterTies([...campaign, ...both.map((t) => ({ ...t, strength: 0.55 }))], DEFAULT_CLUSTER_PARAMS);
    expect(joined).toHaveLength(1);
    expect(joined[0]).toContain('x');
  });

  it('does not keep an outsider in on the strength of another outsider', () => {
    // x shares a name+number e-mail with three campaign accounts and a home /24 with y, which has
    // nothing else. Even where the community takes in both, y is not held by it, so the /24 holds
    // x to nothing.
    const ties = [
      ...clique('c', 6, 0.9, { billing: 0.9 }),
      ...['c1', 'c2', 'c3'].map((c) => ({ a: c, b: 'x', strength: 0.5, families: ['signup'], weights: [0.5] })),
      { a: 'x', b: 'y', strength: 0.35, families: ['network'], weights: [0.35] },
    ];
    const one = Object.fromEntries(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'x', 'y'].map((a) => [a, 0]));
    expect([...firmMembers(ties, one, DEFAULT_CLUSTER_PARAMS.strong)].sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    // With a second hint of its own into the campaign (its IP-hours), x is held.
    const more = [...ties, { a: 'c4', b: 'x', strength: 0.35, families: ['network'], weights: [0.35] }];
    expect(firmMembers(more, one, DEFAULT_CLUSTER_PARAMS.strong).has('x')).toBe(true);
  });

  it('ignores ties below the weak threshold, however isolated', () => {
    expect(clusterTies(clique('n', 30, 0.2), DEFAULT_CLUSTER_PARAMS)).toEqual([]);
  });

  it('gives the same clusters whatever the order of the ties', () => {
    const ties = [
      ...clique('h', 10, 0.35),
      ...clique('g', 8, 0.5),
      { a: 'g0', b: 'h0', strength: 0.3 },
      { a: 'g3', b: 'h5', strength: 0.32 },
    ];
    const reversed = [...ties].reverse().map((t) => ({ a: t.a, b: t.b, strength: t.strength }));
    expect(clusterTies(reversed, DEFAULT_CLUSTER_PARAMS)).toEqual(clusterTies(ties, DEFAULT_CLUSTER_PARAMS));
  });

  it('lets a cluster join another through its addresses only when half its members do', () => {
    const groups = [
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3', 'b4'],
    ];
    // One member of b also went through a's pool: b stays apart; the lone x joins a.
    expect(
      wholeAttachments(groups, [
        ['b1', 'a2'],
        ['x', 'a3'],
      ]),
    ).toEqual([['x', 'a3']]);
    expect(
      joinGroups(
        groups,
        wholeAttachments(groups, [
          ['b1', 'a2'],
          ['x', 'a3'],
        ]),
      ),
    ).toEqual([
      ['a1', 'a2', 'a3', 'x'],
      ['b1', 'b2', 'b3', 'b4'],
    ]);
    // Half of b leaves from a's addresses: b is a's standby pool, and joins it.
    expect(
      joinGroups(
        groups,
        wholeAttachments(groups, [
          ['b1', 'a2'],
          ['b3', 'a1'],
        ]),
      ),
    ).toEqual([['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4']]);
  });

  it('names a cluster after its smallest member, hashed', () => {
    expect(clusterId(['b', 'a', 'c'])).toBe(clusterId(['a', 'z']));
    expect(clusterId(['b', 'c'])).not.toBe(clusterId(['a', 'c']));
    expect(clusterId(['acct_1'])).toMatch(/^K[0-9a-f]{10}$/);
  });
});
