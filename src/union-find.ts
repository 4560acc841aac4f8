/**
 * Disjoint sets over string keys named up front. The representative of a set is its smallest key,
 * and groups come out with members sorted and ordered by their smallest member, so results never
 * depend on the order of unions. A union naming a key that was not given is ignored: callers say
 * which keys may join (a campaign's considered clusters, a clustering's accounts).
 */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  constructor(keys: Iterable<string>) {
    for (const k of keys) this.parent.set(k, k);
  }

  find(key: string): string {
    let root = key;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = key;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    if (!this.parent.has(a) || !this.parent.has(b)) return;
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  /** Every set of at least `minSize` members. */
  groups(minSize = 1): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const k of [...this.parent.keys()].sort()) {
      const r = this.find(k);
      const members = byRoot.get(r);
      if (members) members.push(k);
      else byRoot.set(r, [k]);
    }
    return [...byRoot.values()].filter((g) => g.length >= minSize);
  }
}
