import { afterEach, describe, expect, it } from 'vitest';
import { campaignStage } from '../../src/campaign/index.js';
import { campaignSource } from '../../src/campaign/source.js';
import type { Database } from '../../src/db/database.js';
import { contextFor, openWorld, type Ex, type World } from './world.js';

let db: Database | undefined;
afterEach(() => db?.close());

/**
 * Two operators glued into one cluster. Each runs its own prompts from its own client fingerprint,
 * shared by all six of its accounts (so each edge is weak); two accounts of each also copy a
 * popular SDK's fingerprint that twenty honest accounts use.
 */
function twoOperators(): World {
  const exchanges: Ex[] = [];
  const signals: World['signals'] = [];
  const edges: World['edges'] = [];
  const items: NonNullable<World['items']> = [];
  const ops = { A: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], B: ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'] };
  let k = 0;
  for (const [op, accounts] of Object.entries(ops)) {
    accounts.forEach((a, ai) => {
      for (let i = 0; i < 40; i++) {
        exchanges.push({
          id: `r${++k}`,
          account: a,
          ts: new Date(Date.UTC(2026, 1, 1 + (i % 5), ai, i)).toISOString(),
          prompt: `${op} item ${i}`,
          template: `T${op}${i % 3}`,
          capability: op === 'A' ? 'reasoning' : 'coding',
          elicitation: op === 'A' ? ['cot'] : [],
        });
      }
      for (const d of ['templating', 'cadence', 'no-ramp']) signals.push({ account: a, detector: d, strength: 0.9 });
      items.push({ kind: 'client_fingerprint', value: `fp-${op}`, account: a });
    });
    for (let i = 0; i < accounts.length; i++) {
      for (let j = i + 1; j < accounts.length; j++)
        edges.push({ a: accounts[i]!, b: accounts[j]!, kind: 'client_fingerprint', weight: 0.05 });
    }
  }
  const honest = Array.from({ length: 20 }, (_, i) => `g${String(i).padStart(2, '0')}`);
  for (const [i, g] of honest.entries()) {
    for (let n = 0; n < 5; n++) {
      exchanges.push({
        id: `r${++k}`,
        account: g,
        ts: new Date(Date.UTC(2026, 1, 1 + n, 9, i)).toISOString(),
        prompt: `question ${g} ${n}`,
        template: `G${g}${n}`,
        capability: 'general',
      });
    }
  }
  for (const a of ['a1', 'a2', 'b1', 'b2', ...honest]) items.push({ kind: 'client_fingerprint', value: 'fp-popular-sdk', account: a });
  edges.push(
    { a: 'a1', b: 'b1', kind: 'client_fingerprint', weight: 0.07 },
    { a: 'a2', b: 'b2', kind: 'client_fingerprint', weight: 0.07 },
    { a: 'a1', b: 'b2', kind: 'client_fingerprint', weight: 0.07 },
  );
  return { exchanges, signals, edges, items, clusters: { K1: [...ops.A, ...ops.B] } };
}

async function campaignsOf(world: World) {
  db = await openWorld(world);
  const ctx = contextFor(db);
  await campaignStage.run(ctx);
  return (await campaignSource()(ctx)).map((c) => c.accounts);
}

describe('cutting a glued cluster into operators', () => {
  it('keeps each operator whole through its own client, and apart from the other through a popular one', async () => {
    expect(await campaignsOf(twoOperators())).toEqual([
      ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'],
      ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'],
    ]);
  });

  it('joins them when the shared client is theirs alone', async () => {
    const world = twoOperators();
    for (const it of world.items!) if (it.value === 'fp-popular-sdk' && it.account.startsWith('g')) it.account = 'nobody';
    world.items = world.items!.filter((i) => i.account !== 'nobody');
    expect(await campaignsOf(world)).toEqual([['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']]);
  });
});
