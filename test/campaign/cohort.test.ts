import { afterEach, describe, expect, it } from 'vitest';
import { campaignStage } from '../../src/campaign/index.js';
import { campaignSource } from '../../src/campaign/source.js';
import { isCampaign, isCohort, type ClusterFeatures } from '../../src/campaign/decision.js';
import type { Database } from '../../src/db/database.js';
import { contextFor, openWorld, sampleWorld, type World } from './world.js';

let db: Database | undefined;
afterEach(() => db?.close());

/**
 * A course's class as the simulator's medium run shows it: 48 fresh accounts on the course
 * notebook (templating and no-ramp fire on nearly all), coding questions, answers of ~330 tokens
 * at max_tokens 1,024, a third of the exchanges students' follow-ups.
 */
function classroom(over: Partial<ClusterFeatures> = {}): ClusterFeatures {
  return {
    cluster_id: 'K',
    accounts: 48,
    exchanges: 5_600,
    behaviour: 0.62,
    caught: 0.9,
    coordinated: 0.5,
    elicitation: 0,
    specialised: 0.7,
    focus: 0.6,
    top_capability: 'coding',
    breadth: 2,
    extraction: 2,
    median_exchanges: 110,
    answer_ratio: 1.29,
    ceiling: 0,
    churn: 1,
    fresh: 1,
    demand: 0,
    conversing: 0.34,
    ...over,
  };
}

describe('honest cohorts: people, not a harvest', () => {
  it('spares a class of fresh accounts on one template that converses and takes measured answers', () => {
    expect(isCohort(classroom())).toBe(true);
    expect(isCampaign(classroom())).toBe(false);
    // Without its conversation it would be reported: everything else passes.
    expect(isCampaign(classroom({ conversing: 0 }))).toBe(true);
  });

  it('still reports a hydra that harvests: whole answers, elicited reasoning, or the ceiling, whatever its customers say', () => {
    expect(isCampaign(classroom({ demand: 0.8 }))).toBe(true);
    expect(isCampaign(classroom({ elicitation: 0.6 }))).toBe(true);
    expect(isCampaign(classroom({ ceiling: 0.9 }))).toBe(true);
    // The reseller's customers converse on 14 % of its exchanges; its harvest is lone items.
    expect(isCampaign(classroom({ conversing: 0.14, demand: 0.69 }))).toBe(true);
  });
});

/**
 * sampleWorld with token counts (the campaign asks up to the ceiling of 4,096) and a class of
 * twelve accounts opened in one session the day before: the exercise template on half their
 * questions, coding, follow-ups on 40 %, answers of 330 tokens at max_tokens 1,024.
 */
function classWorld(followUps: boolean): World {
  const w = sampleWorld();
  for (const e of w.exchanges) {
    const campaign = /^c\d$/.test(e.account) && e.template.startsWith('T');
    Object.assign(
      e,
      campaign
        ? { model: 'm1', input_tokens: 40, output_tokens: 2_000, max_tokens: 4_096 }
        : { model: 'm1', input_tokens: 60, output_tokens: 330, max_tokens: 1_024 },
    );
  }
  const students = Array.from({ length: 12 }, (_, i) => `k${String(i + 1).padStart(2, '0')}`);
  students.forEach((a, ai) => {
    for (let i = 0; i < 20; i++) {
      // Conversations of two, one and two exchanges: a question and its follow-up, a lone one, another pair.
      const conversation = `${a}-conv-${Math.floor(i / 5)}-${i % 5 < 2 ? 0 : i % 5 === 2 ? 1 : 2}`;
      const reply = followUps && (i % 5 === 1 || i % 5 === 4);
      w.exchanges.push({
        id: `${a}-${i}`,
        account: a,
        ts: new Date(Date.UTC(2026, 1, 2 + (i % 4), 14 + (i % 3), ai * 3 + i)).toISOString(),
        ip: `198.18.5.${10 + ai}`,
        ua: 'ModelAPI/Python 1.41.2',
        prompt: i % 2 ? `Exercise 2.${i % 8}: reverse a string. I am stuck` : `my own question ${a} ${i}`,
        template: i % 2 ? 'EXERCISE' : `K-${a}-${i}`,
        capability: 'coding',
        conversation: followUps ? conversation : `${a}-lone-${i}`,
        turn: reply ? 2 : 1,
        model: 'm1',
        input_tokens: reply ? 600 : 55,
        output_tokens: 330,
        max_tokens: 1_024,
      });
    }
    for (const [d, s] of [
      ['templating', 0.95],
      ['no-ramp', 0.9],
    ] as const)
      w.signals!.push({ account: a, detector: d, strength: s });
    w.accounts!.push({
      account_id: a,
      email_domain: 'students.lakemont.edu',
      org_name: 'Lakemont College',
      plan: 'free',
      created_at: '2026-02-01T19:00:00Z',
    });
  });
  for (let i = 0; i < students.length; i++) {
    for (let j = i + 1; j < students.length; j++) w.edges!.push({ a: students[i]!, b: students[j]!, kind: 'ip_subnet', weight: 0.4 });
  }
  w.clusters!.K6 = students;
  return w;
}

async function run(world: World) {
  db = await openWorld(world);
  const ctx = contextFor(db);
  await campaignStage.run(ctx);
  return { db, campaigns: await campaignSource()(ctx) };
}

describe('campaign stage with a class beside a campaign', () => {
  it('leaves the class out and reports the campaign', async () => {
    const { db, campaigns } = await run(classWorld(true));
    expect(campaigns.map((c) => c.accounts)).toEqual([['c1', 'c2', 'c3', 'c4', 'c5', 'c6']]);
    const unit = await db.one<{ conversing: number; demand: number; fresh: number }>(
      "SELECT round(conversing, 2) AS conversing, round(demand, 2) AS demand, fresh FROM campaign_cluster_features WHERE cluster_id LIKE 'K6%'",
    );
    expect(unit).toEqual({ conversing: 0.4, demand: 0, fresh: 1 });
  });

  it('reports the same accounts when they send lone items instead of conversing (a hydra)', async () => {
    const { campaigns } = await run(classWorld(false));
    expect(campaigns.map((c) => c.accounts)).toContainEqual(students());
  });
});

function students(): string[] {
  return Array.from({ length: 12 }, (_, i) => `k${String(i + 1).padStart(2, '0')}`);
}
