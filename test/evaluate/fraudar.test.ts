import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { columnWeights, denseBlocks, peel, type BipartiteGraph } from '../../src/evaluate/fraudar.js';
import { PEER, peerCampaigns, peerReport } from '../../src/evaluate/peer.js';
import { scratchDir } from '../helpers/scratch.js';

/**
 * Six accounts (rows 0-5) and five values (cols 0-4). Rows 3, 4, 5 all use cols 2, 3, 4 (a 3 × 3
 * block); every row also uses col 0 (a popular value, degree 6), and row 1 uses col 1 alone.
 */
const edges: [number, number][] = [
  [0, 0],
  [1, 0],
  [2, 0],
  [3, 0],
  [4, 0],
  [5, 0],
  [1, 1],
];
for (const r of [3, 4, 5]) for (const c of [2, 3, 4]) edges.push([r, c]);
const graph: BipartiteGraph = { rows: 6, cols: 5, edges };

/** g(S) of a node set by the paper's definition, for the brute-force check. */
function density(rows: number[], cols: number[]): number {
  const w = columnWeights(graph);
  const R = new Set(rows);
  const C = new Set(cols);
  let f = 0;
  for (const [r, c] of edges) if (R.has(r) && C.has(c)) f += w[c]!;
  return rows.length + cols.length > 0 ? f / (rows.length + cols.length) : 0;
}

describe('FRAUDAR greedy peeling', () => {
  it('weighs a column by 1 / log(degree + 5)', () => {
    const w = columnWeights(graph);
    expect(w[0]).toBeCloseTo(1 / Math.log(11), 12);
    expect(w[1]).toBeCloseTo(1 / Math.log(6), 12);
    expect(w[2]).toBeCloseTo(1 / Math.log(8), 12);
  });

  it('finds the planted block, and it is the densest node set of the graph', () => {
    const block = peel(graph.rows, graph.cols, edges, columnWeights(graph));
    expect(block.rows).toEqual([3, 4, 5]);
    // The popular column joins: its three edges inside add more than the block's density per node.
    expect(block.cols).toEqual([0, 2, 3, 4]);
    expect(block.density).toBeCloseTo((9 / Math.log(8) + 3 / Math.log(11)) / 7, 12);
    // Every one of the 2^11 node sets is at most as dense.
    let best = 0;
    for (let m = 1; m < 1 << 11; m++) {
      const rows = [0, 1, 2, 3, 4, 5].filter((r) => m & (1 << r));
      const cols = [0, 1, 2, 3, 4].filter((c) => m & (1 << (6 + c)));
      best = Math.max(best, density(rows, cols));
    }
    expect(block.density).toBeCloseTo(best, 12);
  });

  it("finds the next block on the graph without the first block's edges, and stops when no edge is left", () => {
    const blocks = denseBlocks(graph, 10);
    expect(blocks[0]!.rows).toEqual([3, 4, 5]);
    // What is left: the popular column with rows 0-2, and row 1's private column.
    expect(blocks[1]!.rows).toEqual([0, 1, 2]);
    expect(blocks[1]!.cols).toEqual([0, 1]);
    expect(blocks[1]!.density).toBeCloseTo((3 / Math.log(11) + 1 / Math.log(6)) / 5, 12);
    expect(blocks.length).toBe(2);
    expect(denseBlocks({ rows: 2, cols: 2, edges: [] }, 5)).toEqual([]);
  });

  it('breaks ties by node index: the same graph in another edge order gives the same blocks', () => {
    const shuffled = { ...graph, edges: [...edges].reverse() };
    expect(denseBlocks(shuffled, 3)).toEqual(denseBlocks(graph, 3));
  });
});

describe('the peer as campaigns', () => {
  const items = edges.map(([r, c]) => ({ account_id: `acct_${r}`, kind: c === 0 ? 'ua' : 'ip', value: `v${c}` }));
  const exchanges = new Map([0, 1, 2, 3, 4, 5].map((r) => [`acct_${r}`, 10 * (r + 1)]));

  it('reports each block of three accounts or more with its exchanges scaled by the sampling rate, and no interval of its own', () => {
    expect(PEER.minAccounts).toBe(3);
    expect(peerCampaigns(items, exchanges, 0.5)).toEqual([
      {
        id: 'P1',
        score: 0.797,
        accounts: ['acct_3', 'acct_4', 'acct_5'],
        account_count: 3,
        exchanges: { observed: 150, estimate: 300, ci95: [300, 300] },
        attribution: { actor: null },
        values: { ip: 3, ua: 1 },
      },
      {
        id: 'P2',
        score: 0.3618,
        accounts: ['acct_0', 'acct_1', 'acct_2'],
        account_count: 3,
        exchanges: { observed: 60, estimate: 120, ci95: [120, 120] },
        attribution: { actor: null },
        values: { ip: 1, ua: 1 },
      },
    ]);
  });

  it("drops a block under a quarter of the first one's density, and one of fewer than three accounts", () => {
    // An 8 × 8 block (density 64 / log(13) / 16 = 1.56), three accounts sharing one value (3 / log(8) / 4 = 0.36), a pair sharing another.
    const more: { account_id: string; kind: string; value: string }[] = [];
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) more.push({ account_id: `a${r}`, kind: 'ip', value: `x${c}` });
    for (const r of [8, 9, 10]) more.push({ account_id: `a${r}`, kind: 'tls', value: 'shared' });
    for (const r of [11, 12]) more.push({ account_id: `a${r}`, kind: 'ua', value: 'pair' });
    const campaigns = peerCampaigns(more, new Map(), 1);
    expect(campaigns.map((c) => c.accounts.length)).toEqual([8]);
  });
});

describe('the peer on a kept scan database', () => {
  it('links accounts by IP, /24 (IPv6 /64), user agent, client fingerprint and card, and reports the dense block', async () => {
    const path = join(scratchDir('peer-db-'), 'scan.duckdb');
    const db = await Database.open({ path });
    try {
      await db.run('CREATE TABLE loaded_exchanges (account_id VARCHAR, ip VARCHAR, user_agent VARCHAR, client_fingerprint VARCHAR)');
      await db.run('CREATE TABLE accounts (account_id VARCHAR, payment_fingerprint VARCHAR)');
      await db.run('CREATE TABLE settings (name VARCHAR, value VARCHAR)');
      await db.run('CREATE TABLE inputs (path VARCHAR, records BIGINT, loaded BIGINT, rejected BIGINT, duplicates BIGINT)');
      // Three operator accounts: addresses of one /24 and one IPv6 /64, one client, one card; two requests each.
      for (const [a, n] of [
        ['op_1', 1],
        ['op_2', 2],
        ['op_3', 3],
      ] as const) {
        await db.run('INSERT INTO loaded_exchanges VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [
          a,
          `198.51.100.${n}`,
          'harvester/1.0',
          'fp_op',
          a,
          `2001:db8:0:7::${n}`,
          'harvester/1.0',
          'fp_op',
        ]);
        await db.run('INSERT INTO accounts VALUES (?, ?)', [a, 'pf_shared']);
      }
      // Five honest accounts, each on its own network, with a popular SDK.
      for (let i = 1; i <= 5; i++) {
        await db.run('INSERT INTO loaded_exchanges VALUES (?, ?, ?, ?)', [`h_${i}`, `203.0.${i}.7`, 'ModelAPI/Python 1.41.2', 'fp_sdk']);
        await db.run('INSERT INTO accounts VALUES (?, ?)', [`h_${i}`, `pf_${i}`]);
      }
      await db.run("INSERT INTO settings VALUES ('sampling_rate', '0.5')");
      await db.run("INSERT INTO inputs VALUES ('logs/a.jsonl', 13, 11, 1, 1)");
    } finally {
      db.close();
    }
    const report = await peerReport(path);
    expect(report.schema).toBe('distill-audit/report@2');
    expect(report.inputs).toEqual([{ path: 'logs/a.jsonl', records: 13, loaded: 11, rejected: 1, duplicates: 1 }]);
    expect(report.campaigns.map((c) => ({ accounts: c.accounts, exchanges: c.exchanges, values: c.values }))).toEqual([
      {
        accounts: ['op_1', 'op_2', 'op_3'],
        exchanges: { observed: 6, estimate: 12, ci95: [12, 12] },
        values: { card: 1, net: 2, tls: 1, ua: 1 },
      },
      // No behaviour and only 1 / log(deg + 5) against popularity: five of eight accounts sharing an SDK are a block too.
      {
        accounts: ['h_1', 'h_2', 'h_3', 'h_4', 'h_5'],
        exchanges: { observed: 5, estimate: 10, ci95: [10, 10] },
        values: { tls: 1, ua: 1 },
      },
    ]);
  });
});
