import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISCLOSED_EVASION, tradecraft } from '../../src/simulate/evasion.js';
import { makePlan } from '../../src/simulate/preset.js';
import { simulate } from '../../src/simulate/index.js';
import type { Truth } from '../../src/simulate/truth.js';
import { scratchDir } from '../helpers/scratch.js';
import { readExport, type ReadExchange } from './read-export.js';

/** The same world at the presets' default evasion and at the strongest: what the operator changes. */
interface Run {
  truth: Truth;
  /** Exchanges of each campaign's pure (unmixed) accounts. */
  campaign: Map<string, ReadExchange[]>;
  genuine: ReadExchange[];
}

async function run(evasion: number): Promise<Run> {
  const dir = scratchDir('sim-evasion-');
  await simulate(makePlan({ preset: 'small', seed: 23, evasion, days: 8 }), { out: dir, force: false });
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  const all = readExport(dir).flatMap((f) => f.exchanges);
  const owner = new Map<string, string>();
  for (const c of truth.campaigns) {
    const mixed = new Set(c.mixed_accounts.map((m) => m.account_id));
    for (const a of c.accounts) if (!mixed.has(a)) owner.set(a, c.id);
  }
  const inCampaign = new Set(truth.campaigns.flatMap((c) => c.accounts));
  const campaign = new Map<string, ReadExchange[]>();
  for (const e of all) {
    const c = owner.get(e.account_id);
    if (c) campaign.set(c, [...(campaign.get(c) ?? []), e]);
  }
  return { truth, campaign, genuine: all.filter((e) => !inCampaign.has(e.account_id)) };
}

let low: Run;
let high: Run;

beforeAll(async () => {
  low = await run(DISCLOSED_EVASION);
  high = await run(1);
}, 120_000);

const share = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length / xs.length;
const topShare = (xs: string[]) => {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return Math.max(...n.values()) / xs.length;
};
const headOf = (prompt: string) => prompt.split(/\s+/).slice(0, 4).join(' ').toLowerCase();

describe('the evasion knob', () => {
  it('adds tradecraft only beyond the disclosed level, on all of it at 1', () => {
    expect(tradecraft(0)).toBe(0);
    expect(tradecraft(DISCLOSED_EVASION)).toBe(0);
    expect(tradecraft(0.65)).toBeCloseTo(0.5, 5);
    expect(tradecraft(1)).toBe(1);
  });

  it("hides the operator's own client behind ordinary SDKs", () => {
    for (const id of ['saltmarsh', 'meridian']) {
      const fp = (r: Run) => topShare(r.campaign.get(id)!.map((e) => e.client_fingerprint));
      expect(fp(low), id).toBeGreaterThan(0.9);
      expect(fp(high), id).toBeLessThan(0.5);
    }
  });

  it('sends traffic through many residential addresses instead of a few hosts', () => {
    const spread = (r: Run) => {
      const xs = r.campaign.get('meridian')!;
      return new Set(xs.map((e) => e.ip)).size / xs.length;
    };
    expect(spread(high)).toBeGreaterThan(5 * spread(low));
  });

  it('rewrites its prompts so that no opening dominates', () => {
    for (const id of ['saltmarsh', 'quarry', 'meridian']) {
      const top = (r: Run) =>
        topShare(
          r.campaign
            .get(id)!
            .filter((e) => e.turn === 1)
            .map((e) => headOf(e.prompt)),
        );
      expect(top(high), id).toBeLessThan(0.5 * top(low));
    }
  });

  it("wraps reasoning questions in conversations answered at a person's pace", () => {
    const followUps = (r: Run) => share(r.campaign.get('saltmarsh')!, (e) => e.turn > 1);
    expect(followUps(low)).toBe(0);
    expect(followUps(high)).toBeGreaterThan(0.3);
    const gaps = (r: Run, id: string) => {
      const byConv = new Map<string, number[]>();
      for (const e of r.campaign.get(id)!) byConv.set(e.conversation_id, [...(byConv.get(e.conversation_id) ?? []), e.ts]);
      const out: number[] = [];
      for (const ts of byConv.values()) {
        ts.sort((a, b) => a - b);
        for (let i = 1; i < ts.length; i++) out.push(ts[i]! - ts[i - 1]!);
      }
      return out.sort((a, b) => a - b)[Math.floor(out.length / 2)]!;
    };
    expect(gaps(low, 'meridian')).toBeLessThan(20_000);
    expect(gaps(high, 'meridian')).toBeGreaterThan(30_000);
  });

  it("keeps a person's hours on each account: its traffic gathers around a time of day", () => {
    // Mean resultant length of each account's hours on the 24-hour circle: near 0 round the clock, larger for a day rhythm.
    const rhythm = (r: Run) => {
      const byAccount = new Map<string, number[]>();
      for (const e of r.campaign.get('quarry')!) {
        const d = new Date(e.ts);
        byAccount.set(e.account_id, [
          ...(byAccount.get(e.account_id) ?? []),
          ((d.getUTCHours() + d.getUTCMinutes() / 60) / 24) * 2 * Math.PI,
        ]);
      }
      const r2 = [...byAccount.values()]
        .filter((xs) => xs.length >= 20)
        .map(
          (xs) =>
            Math.hypot(
              xs.reduce((a, x) => a + Math.cos(x), 0),
              xs.reduce((a, x) => a + Math.sin(x), 0),
            ) / xs.length,
        );
      return r2.sort((a, b) => a - b)[Math.floor(r2.length / 2)]!;
    };
    expect(rhythm(low)).toBeLessThan(0.25);
    expect(rhythm(high)).toBeGreaterThan(0.35);
  });

  it('leaves the honest population as it was', () => {
    expect(high.genuine.length).toBe(low.genuine.length);
    expect(high.genuine.map((e) => e.request_id).sort()).toEqual(low.genuine.map((e) => e.request_id).sort());
  });
});
