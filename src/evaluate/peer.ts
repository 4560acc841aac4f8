import { writeFileSync } from 'node:fs';
import { Database } from '../db/database.js';
import { sqlFile } from '../db/sql.js';
import { runScript } from '../db/script.js';
import { denseBlocks, type BipartiteGraph } from './fraudar.js';
import { REPORT_SCHEMA } from '../report/model.js';
import type { ScoredReport } from './inputs.js';

/**
 * The peer baseline of the quality bench: FRAUDAR (fraudar.ts) on the account × value graph of a
 * scan's kept database, where the values are what an export's metadata carries and nothing of the
 * content: IP addresses, their /24 (IPv6 /64), user agents, client fingerprints and the accounts
 * file's payment fingerprints. Each dense block of at least PEER.minAccounts accounts becomes a
 * campaign of a report-shaped file (the fields `evaluate` reads) that it scores beside the scan.
 */
export const PEER = {
  /** Blocks peeled at most: more than the campaigns a world holds, so the stopping rules decide. */
  maxBlocks: 10,
  /** The scan's own campaign minimum: a pair sharing an address is not a campaign for either method. */
  minAccounts: 3,
  /**
   * A block counts while its density is at least this share of the first (densest) block's: past
   * it, peeling finds the background's ordinary overlaps. FRAUDAR itself returns k blocks; this is
   * the bench's stopping rule, fixed before any tactic was measured.
   */
  relativeDensity: 0.25,
} as const;

/** The value kinds the peer links accounts by, as SQL over `loaded_exchanges` and `accounts`. */
const VALUES_SQL = `
WITH x AS (SELECT DISTINCT account_id, link_ip(ip) AS ip, user_agent, client_fingerprint FROM loaded_exchanges)
SELECT account_id, 'ip' AS kind, ip AS value FROM x WHERE ip IS NOT NULL
UNION SELECT account_id, 'net', link_network(ip) FROM x WHERE link_network(ip) IS NOT NULL
UNION SELECT account_id, 'ua', user_agent FROM x WHERE user_agent IS NOT NULL AND user_agent <> ''
UNION SELECT account_id, 'tls', client_fingerprint FROM x WHERE client_fingerprint IS NOT NULL AND client_fingerprint <> ''
UNION SELECT a.account_id, 'card', a.payment_fingerprint FROM accounts a
  WHERE a.payment_fingerprint IS NOT NULL AND a.payment_fingerprint <> '' AND a.account_id IN (SELECT account_id FROM x)
ORDER BY account_id, kind, value`;

export interface PeerCampaign {
  id: string;
  score: number;
  accounts: string[];
  account_count: number;
  exchanges: { observed: number; estimate: number; ci95: [number, number] };
  attribution: { actor: null };
  /** The values the block holds, by kind: what the peer's evidence is. */
  values: Record<string, number>;
}

export interface PeerReport extends ScoredReport {
  schema: typeof REPORT_SCHEMA;
  tool: { name: string; version: string };
  generated_at: string;
  campaigns: PeerCampaign[];
}

/** Runs the peer on a DuckDB database a scan kept (`scan --db`) and returns its report-shaped result. */
export async function peerReport(dbPath: string): Promise<PeerReport> {
  const db = await Database.open({ path: dbPath });
  try {
    await runScript(db, sqlFile(new URL('../link/network.sql', import.meta.url).href, 'network.sql'));
    const items = await db.all<{ account_id: string; kind: string; value: string }>(VALUES_SQL);
    const counts = new Map(
      (
        await db.all<{ account_id: string; n: number }>(
          'SELECT account_id, count(*) AS n FROM loaded_exchanges GROUP BY account_id ORDER BY account_id',
        )
      ).map((r) => [r.account_id, r.n]),
    );
    const rate = Number((await db.value<string | null>("SELECT max(value) FROM settings WHERE name = 'sampling_rate'")) ?? 1) || 1;
    const inputs = await db.all<ScoredReport['inputs'][number]>(
      'SELECT path, records, loaded, rejected, duplicates FROM inputs ORDER BY path',
    );
    return {
      schema: REPORT_SCHEMA,
      tool: { name: 'fraudar-peer', version: '1' },
      generated_at: new Date().toISOString(),
      inputs,
      campaigns: peerCampaigns(items, counts, rate),
    };
  } finally {
    db.close();
  }
}

/** Dense blocks of the account × value graph as campaigns, largest estimate first (ids P1, P2, ...). */
export function peerCampaigns(
  items: readonly { account_id: string; kind: string; value: string }[],
  exchanges: ReadonlyMap<string, number>,
  samplingRate: number,
): PeerCampaign[] {
  const accountIndex = new Map<string, number>();
  const valueIndex = new Map<string, number>();
  const accounts: string[] = [];
  const values: string[] = [];
  const edges: [number, number][] = [];
  for (const it of items) {
    let i = accountIndex.get(it.account_id);
    if (i === undefined) accountIndex.set(it.account_id, (i = accounts.push(it.account_id) - 1));
    const key = `${it.kind}\u0000${it.value}`;
    let j = valueIndex.get(key);
    if (j === undefined) valueIndex.set(key, (j = values.push(key) - 1));
    edges.push([i, j]);
  }
  const graph: BipartiteGraph = { rows: accounts.length, cols: values.length, edges };
  const blocks = denseBlocks(graph, PEER.maxBlocks);
  const taken = new Set<number>();
  const found: Omit<PeerCampaign, 'id'>[] = [];
  const first = blocks[0]?.density ?? 0;
  for (const block of blocks) {
    if (block.density < PEER.relativeDensity * first) break;
    // An account goes to the first block that holds it.
    const members = block.rows.filter((r) => !taken.has(r));
    if (members.length < PEER.minAccounts) continue;
    for (const r of members) taken.add(r);
    const ids = members.map((r) => accounts[r]!).sort();
    const observed = ids.reduce((s, a) => s + (exchanges.get(a) ?? 0), 0);
    // The peer separates no customer traffic and measures no uncertainty: its interval is its point.
    const estimate = Math.round(observed / samplingRate);
    const kinds: Record<string, number> = {};
    for (const c of block.cols) {
      const kind = values[c]!.split('\u0000')[0]!;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    found.push({
      score: round(block.density),
      accounts: ids,
      account_count: ids.length,
      exchanges: { observed, estimate, ci95: [estimate, estimate] },
      attribution: { actor: null },
      values: kinds,
    });
  }
  found.sort((a, b) => b.exchanges.estimate - a.exchanges.estimate || (a.accounts[0]! < b.accounts[0]! ? -1 : 1));
  return found.map((c, i) => ({ id: `P${i + 1}`, ...c }));
}

/** Writes the peer's report.json into `out` (a file path). */
export async function writePeerReport(dbPath: string, out: string): Promise<PeerReport> {
  const report = await peerReport(dbPath);
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  return report;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
