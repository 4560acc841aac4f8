/** Disjoint sets over string keys; groups come out sorted so results do not depend on insertion order. */
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

  groups(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const k of [...this.parent.keys()].sort()) {
      const r = this.find(k);
      (byRoot.get(r) ?? byRoot.set(r, []).get(r)!).push(k);
    }
    return [...byRoot.values()];
  }
}
