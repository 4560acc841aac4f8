/**
 * FRAUDAR's greedy peeling (Hooi, Song, Beutel, Shah, Shin, Faloutsos, "FRAUDAR: Bounding Graph
 * Fraud in the Face of Camouflage", KDD 2016), written for this project from the paper's
 * description: on a bipartite graph of rows (accounts) and columns (values they used), the density
 * of a node set S is g(S) = f(S) / |S|, where f sums the weights of the edges inside S and a column
 * j's edges weigh 1 / log(deg(j) + c) (popular values count little: the camouflage-resistant
 * weighting). Starting from the whole graph, the node whose edges inside S weigh least is removed,
 * one at a time, and the densest set met on the way is the block. Further blocks come from the
 * graph without the edges of the blocks already found.
 */

/** The constant c of the column weighting: the paper's choice, keeping log(deg + c) > 1. */
export const COLUMN_WEIGHT_OFFSET = 5;

export interface BipartiteGraph {
  rows: number;
  cols: number;
  /** Edges as [row, col]; duplicates are ignored. */
  edges: readonly (readonly [number, number])[];
}

export interface DenseBlock {
  /** Row and column indexes of the block, ascending. */
  rows: number[];
  cols: number[];
  /** g of the block: weighted edges inside it per node. */
  density: number;
}

/** The column weights 1 / log(deg + c) on the graph's unique edges. */
export function columnWeights(graph: BipartiteGraph): Float64Array {
  const degree = new Float64Array(graph.cols);
  for (const [, j] of uniqueEdges(graph)) degree[j]! += 1;
  return degree.map((d) => 1 / Math.log(d + COLUMN_WEIGHT_OFFSET));
}

/**
 * The k densest blocks, found one after another (each on the graph without the earlier blocks'
 * edges). Stops early when no edge is left. Deterministic: ties go to the lower node index.
 */
export function denseBlocks(graph: BipartiteGraph, k: number): DenseBlock[] {
  const weights = columnWeights(graph);
  let edges = uniqueEdges(graph);
  const blocks: DenseBlock[] = [];
  for (let b = 0; b < k && edges.length > 0; b++) {
    const block = peel(graph.rows, graph.cols, edges, weights);
    blocks.push(block);
    const inRows = new Set(block.rows);
    const inCols = new Set(block.cols);
    edges = edges.filter(([i, j]) => !(inRows.has(i) && inCols.has(j)));
  }
  return blocks;
}

/** One greedy peeling pass: the densest prefix of the removal order's complement. */
export function peel(rows: number, cols: number, edges: readonly (readonly [number, number])[], weights: Float64Array): DenseBlock {
  const n = rows + cols;
  // Node ids: rows first (0..rows-1), then columns (rows..rows+cols-1).
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  const priority = new Float64Array(n);
  let total = 0;
  for (const [i, j] of edges) {
    const w = weights[j]!;
    adjacency[i]!.push(rows + j);
    adjacency[rows + j]!.push(i);
    priority[i]! += w;
    priority[rows + j]! += w;
    total += w;
  }
  // Only nodes with an edge take part: an isolated node would only dilute every set.
  const alive = new Uint8Array(n);
  const heap = new MinHeap();
  let size = 0;
  for (let v = 0; v < n; v++) {
    if (adjacency[v]!.length === 0) continue;
    alive[v] = 1;
    size++;
    heap.push(priority[v]!, v);
  }
  const order: number[] = [];
  let best = size > 0 ? total / size : 0;
  let bestAt = 0;
  while (size > 0) {
    const top = heap.pop()!;
    const v = top.node;
    if (!alive[v] || top.priority !== priority[v]) continue;
    alive[v] = 0;
    size--;
    order.push(v);
    total -= priority[v]!;
    for (const u of adjacency[v]!) {
      if (!alive[u]) continue;
      priority[u]! -= v < rows ? weights[u - rows]! : weights[v - rows]!;
      heap.push(priority[u]!, u);
    }
    if (size > 0 && total / size > best) {
      best = total / size;
      bestAt = order.length;
    }
  }
  const kept = order.slice(bestAt);
  return {
    rows: kept.filter((v) => v < rows).sort((a, b) => a - b),
    cols: kept
      .filter((v) => v >= rows)
      .map((v) => v - rows)
      .sort((a, b) => a - b),
    density: best,
  };
}

function uniqueEdges(graph: BipartiteGraph): [number, number][] {
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (const [i, j] of graph.edges) {
    const key = i * graph.cols + j;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([i, j]);
  }
  // One order whatever the input's: floating-point sums, and so the blocks, do not depend on it.
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** A binary min-heap of (priority, node) with stale entries skipped by the caller; ties by node. */
class MinHeap {
  private readonly prio: number[] = [];
  private readonly node: number[] = [];

  push(priority: number, node: number): void {
    this.prio.push(priority);
    this.node.push(node);
    let i = this.prio.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): { priority: number; node: number } | undefined {
    if (this.prio.length === 0) return undefined;
    const top = { priority: this.prio[0]!, node: this.node[0]! };
    const lastP = this.prio.pop()!;
    const lastN = this.node.pop()!;
    if (this.prio.length > 0) {
      this.prio[0] = lastP;
      this.node[0] = lastN;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.prio.length && this.less(l, m)) m = l;
        if (r < this.prio.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.prio[a]! < this.prio[b]! || (this.prio[a] === this.prio[b] && this.node[a]! < this.node[b]!);
  }

  private swap(a: number, b: number): void {
    [this.prio[a], this.prio[b]] = [this.prio[b]!, this.prio[a]!];
    [this.node[a], this.node[b]] = [this.node[b]!, this.node[a]!];
  }
}
