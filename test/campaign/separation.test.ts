import { afterEach, describe, expect, it } from 'vitest';
import { campaignStage } from '../../src/campaign/index.js';
import { separateCampaign, traitModel, withSetting } from '../../src/campaign/separation.js';
import type { Database } from '../../src/db/database.js';
import { contextFor, openWorld, sampleWorld, type Ex } from './world.js';

let db: Database | undefined;
afterEach(() => db?.close());

// Cells: template reuse | elicitation | capability | turn | demand | client | operator's setting.
const HARVEST = [
  'own|plain|general|first|demand|common-client|operator-setting',
  'shared|plain|general|first|demand|common-client|operator-setting',
];
const CUSTOMER_LONG = 'own|plain|general|first|demand|common-client|own-setting';
const CUSTOMER_SHORT = 'own|plain|general|first|measured|common-client|own-setting';
const CUSTOMER_TALK = 'shared|plain|general|follow-up|measured|common-client|own-setting';

/** The population outside campaigns: mostly shared templates, a third lone long-answer questions. */
const POPULATION = traitModel([
  { traits: 'shared|plain|general|first|measured|common-client'.split('|'), weight: 6000 },
  { traits: 'shared|plain|general|follow-up|measured|common-client'.split('|'), weight: 5000 },
  { traits: 'shared|plain|general|first|demand|common-client'.split('|'), weight: 4800 },
  { traits: 'own|plain|general|first|measured|common-client'.split('|'), weight: 2000 },
  { traits: 'own|plain|general|first|demand|common-client'.split('|'), weight: 1700 },
  { traits: 'shared|plain|math|first|measured|common-client'.split('|'), weight: 2500 },
]);

/** A proxy reseller: six accounts, each with the operator's harvest and its customers' traffic. */
function reseller(customerLong: number) {
  const rows: { account_id: string; cell: string; n: number }[] = [];
  for (let a = 0; a < 6; a++) {
    const account = `r${a}`;
    rows.push({ account_id: account, cell: HARVEST[0]!, n: 80 }, { account_id: account, cell: HARVEST[1]!, n: 80 });
    rows.push(
      { account_id: account, cell: CUSTOMER_LONG, n: customerLong },
      { account_id: account, cell: CUSTOMER_SHORT, n: 25 },
      { account_id: account, cell: CUSTOMER_TALK, n: 20 },
    );
  }
  return rows;
}

describe("request-level separation: the operator's setting", () => {
  it("leaves a reseller's customers' lone long-answer questions out although they match the harvest on every other trait", () => {
    const { kept, doubt } = separateCampaign(reseller(35), withSetting(POPULATION, 0.5 / 30_000));
    expect(new Set(kept.map((r) => r.cell))).toEqual(new Set(HARVEST));
    expect(kept.reduce((s, r) => s + r.n, 0)).toBe(6 * 160);
    expect(doubt.kept + doubt.left).toBeLessThan(5);
  });

  it("keeps a pure campaign account's requests without the operator's setting (its program goes without it at times)", () => {
    const rows = reseller(35);
    // Two accounts are the operator's alone: a fifth of their requests carry no operator setting.
    for (const account of ['p1', 'p2']) {
      rows.push(
        { account_id: account, cell: HARVEST[0]!, n: 120 },
        { account_id: account, cell: CUSTOMER_LONG.replace('general', 'coding'), n: 30 },
      );
    }
    const { kept } = separateCampaign(rows, withSetting(POPULATION, 0.5 / 30_000));
    const mine = (a: string) => kept.filter((r) => r.account_id === a).reduce((s, r) => s + r.n, 0);
    expect(mine('p1')).toBe(150);
    expect(mine('p2')).toBe(150);
    expect(mine('r0')).toBe(160);
  });

  it("leaves out the customers of a hydra's mixed accounts when they make a few percent of those accounts' traffic", () => {
    // Ten accounts the operator's alone, always on its settings; ten more carry a few customers
    // (12 of 162 exchanges: above 90 % operator settings, as pure as an account is taken to be).
    const rows: { account_id: string; cell: string; n: number }[] = [];
    for (let a = 0; a < 10; a++)
      rows.push({ account_id: `p${a}`, cell: HARVEST[0]!, n: 75 }, { account_id: `p${a}`, cell: HARVEST[1]!, n: 75 });
    for (let a = 0; a < 10; a++) {
      rows.push(
        { account_id: `m${a}`, cell: HARVEST[0]!, n: 75 },
        { account_id: `m${a}`, cell: HARVEST[1]!, n: 75 },
        { account_id: `m${a}`, cell: CUSTOMER_LONG, n: 8 },
        { account_id: `m${a}`, cell: CUSTOMER_TALK, n: 4 },
      );
    }
    const { kept } = separateCampaign(rows, withSetting(POPULATION, 0.5 / 30_000));
    // Pooled with the pure ones, the mixed accounts made the program go without its settings 3.8 %
    // of the time, and the 80 lone long-answer questions joined the campaign.
    expect(kept.filter((r) => r.cell === CUSTOMER_LONG)).toEqual([]);
    expect(kept.reduce((s, r) => s + r.n, 0)).toBe(20 * 150);
  });

  it("is neutral when the campaign has no operator setting (every value everyone's): the other traits decide as before", () => {
    const rows = [
      { account_id: 'a', cell: 'shared|elicits|reasoning|first|demand|rare-client|own-setting', n: 100 },
      { account_id: 'a', cell: 'shared|plain|general|follow-up|measured|common-client|own-setting', n: 20 },
      { account_id: 'b', cell: 'shared|elicits|reasoning|first|demand|rare-client|own-setting', n: 100 },
    ];
    const { kept } = separateCampaign(rows, withSetting(POPULATION, 0.5));
    expect(kept.map((r) => r.cell)).toEqual([
      'shared|elicits|reasoning|first|demand|rare-client|own-setting',
      'shared|elicits|reasoning|first|demand|rare-client|own-setting',
    ]);
  });
});

describe('request-level separation on the campaign stage', () => {
  /**
   * The sample campaign's harvest sent with the operator's settings (its system prompt, 4096 tokens,
   * temperature 0.7) through a popular SDK; c5 and c6 also carry customers asking lone questions
   * that take long answers, through the same SDK, in the campaign's capability, without its settings.
   */
  function resellerWorld(customerSystem: string | undefined) {
    const world = sampleWorld();
    for (const e of world.exchanges) {
      if (/^c\d$/.test(e.account) && e.ua === 'labclient/1.2') {
        Object.assign(e, {
          ua: 'python-sdk/1.0',
          system: 'You are the relay research assistant.',
          max_tokens: 4096,
          temperature: 0.7,
          input_tokens: 40,
          output_tokens: 1800,
        });
      } else {
        Object.assign(e, { max_tokens: 2048, temperature: 1, input_tokens: 60, output_tokens: 300 });
      }
    }
    // People ask for reasoning too (so a customer doing so is plausible), and a popular app's
    // system prompt is everyone's: the population uses it too.
    for (const e of world.exchanges) {
      if (/^g(0\d|1[0-5])$/.test(e.account) && Number(e.id.slice(1)) % 3 === 0)
        Object.assign(e, { capability: 'reasoning', elicitation: ['cot'], turn: 1, output_tokens: 1800, input_tokens: 40 });
    }
    for (const e of world.exchanges) if (/^g0[1-5]$/.test(e.account)) e.system = 'You are a helpful assistant.';
    const customers: Ex[] = [];
    for (const a of ['c5', 'c6']) {
      for (let i = 0; i < 30; i++) {
        customers.push({
          id: `cust-${a}-${i}`,
          account: a,
          ts: `2026-02-0${1 + (i % 5)}T1${i % 10}:30:00.000Z`,
          ip: '203.0.113.99',
          ua: 'python-sdk/1.0',
          prompt: `a customer's own question ${a} ${i}`,
          template: `UQ-${a}-${i}`,
          capability: 'reasoning',
          elicitation: ['cot'],
          conversation: `cust-conv-${a}-${i}`,
          turn: 1,
          max_tokens: 2048,
          temperature: 1,
          input_tokens: 40,
          output_tokens: 1800,
          system: customerSystem,
        });
      }
    }
    world.exchanges.push(...customers);
    return world;
  }

  it("counts the harvest sent with the operator's settings and not the customers' look-alike questions", async () => {
    db = await openWorld(resellerWorld(undefined));
    await campaignStage.run(contextFor(db));
    expect(await db.value<number>("SELECT count(*) FROM exchange_labels WHERE request_id LIKE 'cust-%'")).toBe(0);
    expect(Number(await db.value('SELECT observed FROM estimates'))).toBe(240);
    const settings = await db.all<{ value: string }>('SELECT value FROM separation_operator_settings ORDER BY value');
    expect(settings.map((s) => s.value)).toEqual(['p:4096|0.7', expect.stringMatching(/^s:\d+\|4096\|0\.7$/)]);
  });

  it("does not take a popular app's system prompt for the operator's when its customers all use it", async () => {
    db = await openWorld(resellerWorld('You are a helpful assistant.'));
    await campaignStage.run(contextFor(db));
    // The app's prompt sits on c5 and c6 (a third of the accounts) and on five genuine accounts: not the operator's.
    const settings = await db.all<{ value: string }>('SELECT value FROM separation_operator_settings ORDER BY value');
    expect(settings).toHaveLength(2);
    expect(await db.value<number>("SELECT count(*) FROM exchange_labels WHERE request_id LIKE 'cust-%'")).toBe(0);
  });

  it("makes room above for accounts the decision left out that send with the operator's settings", async () => {
    const world = resellerWorld(undefined);
    // m1 runs the harvest with the operator's settings, but no tie or signal brings it in.
    for (let i = 0; i < 40; i++) {
      world.exchanges.push({
        id: `miss-${i}`,
        account: 'm1',
        ts: `2026-02-0${1 + (i % 5)}T0${i % 10}:10:00.000Z`,
        ip: '198.18.0.7',
        ua: 'python-sdk/1.0',
        prompt: `Articulate the internal reasoning for problem ${i}`,
        template: `T${i % 3}`,
        capability: 'reasoning',
        elicitation: ['cot'],
        system: 'You are the relay research assistant.',
        max_tokens: 4096,
        temperature: 0.7,
        input_tokens: 40,
        output_tokens: 1800,
      });
    }
    db = await openWorld(world);
    await campaignStage.run(contextFor(db));
    const e = (
      await db.all<{ observed: number; ci_hi: number; missed_accounts: number; missed_exchanges: number }>(
        'SELECT observed, ci_hi, missed_accounts, missed_exchanges FROM estimates',
      )
    )[0]!;
    expect(await db.value<number>("SELECT count(*) FROM campaign_accounts WHERE account_id = 'm1'")).toBe(0);
    expect(Number(e.observed)).toBe(240);
    expect(Number(e.missed_accounts)).toBe(1);
    expect(Number(e.missed_exchanges)).toBe(40);
    // The truth (280 with m1's harvest) is inside the interval.
    expect(Number(e.ci_hi)).toBeGreaterThanOrEqual(280);
  });
});
