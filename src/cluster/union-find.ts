/** Disjoint sets over string ids; the representative of a set is its smallest id. */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root === x) {
      this.parent.set(x, x);
      return x;
    }
    while (root !== (this.parent.get(root) ?? root)) root = this.parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  /** Every set of two or more members, members sorted, sets ordered by their smallest member. */
  groups(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const x of [...this.parent.keys()].sort()) {
      const root = this.find(x);
      const members = byRoot.get(root);
      if (members) members.push(x);
      else byRoot.set(root, [x]);
    }
    return [...byRoot.values()].filter((g) => g.length > 1).sort((p, q) => (p[0]! < q[0]! ? -1 : 1));
  }
}
