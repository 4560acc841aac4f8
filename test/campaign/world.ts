import { listValue } from '@duckdb/node-api';
import { Database } from '../../src/db/database.js';
import { EXCHANGE_COLUMNS } from '../../src/load/schema.js';
import type { Context, RunOptions } from '../../src/context.js';
import { runOptions } from '../../src/cli/options.js';
import { writeDetectorRoles } from '../../src/detectors/index.js';
import { DETECTORS } from '../../src/detectors/registry.js';

/** One exchange of a hand-built world; features are given directly, as the features stage would write them. */
export interface Ex {
  id: string;
  account: string;
  ts: string;
  ip?: string;
  ua?: string;
  /** TLS / client fingerprint. */
  client?: string;
  prompt?: string;
  turn?: number;
  conversation?: string;
  template: string;
  capability: string;
  elicitation?: string[];
  model?: string;
  input_tokens?: number;
  output_tokens?: number;
  max_tokens?: number;
  temperature?: number;
  system?: string;
}

export interface World {
  exchanges: Ex[];
  signals?: { account: string; detector: string; strength: number; detail?: string }[];
  edges?: { a: string; b: string; kind: string; weight: number }[];
  clusters?: Record<string, string[]>;
  accounts?: {
    account_id: string;
    email_domain?: string;
    payment_fingerprint?: string;
    org_name?: string;
    created_at?: string;
    plan?: string;
  }[];
  indicators?: { actor: string; type: string; value: string }[];
  samplingRate?: number;
  /** Values each account was seen using (the link stage's `link_items`). */
  items?: { kind: string; value: string; account: string }[];
}

export async function openWorld(w: World): Promise<Database> {
  const db = await Database.open();
  const cols = EXCHANGE_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');
  await db.run(`CREATE TABLE loaded_exchanges (${cols}, source_file VARCHAR, source_line BIGINT)`);
  await db.run('CREATE VIEW exchanges AS SELECT * FROM loaded_exchanges');
  await db.run(`CREATE TABLE exchange_features (request_id VARCHAR, account_id VARCHAR, ts TIMESTAMP, template_id VARCHAR,
    capability VARCHAR, elicitation VARCHAR[])`);
  const col = <T>(f: (e: Ex) => T) => listValue(w.exchanges.map(f) as never[]);
  const lists = {
    id: col((e) => e.id),
    account: col((e) => e.account),
    ts: col((e) => e.ts),
    ip: col((e) => e.ip ?? null),
    ua: col((e) => e.ua ?? null),
    client: col((e) => e.client ?? null),
    prompt: col((e) => e.prompt ?? null),
    turn: col((e) => e.turn ?? 1),
    conversation: col((e) => e.conversation ?? ''),
    template: col((e) => e.template),
    capability: col((e) => e.capability),
    elicitation: col((e) => (e.elicitation ?? []).join(',')),
    model: col((e) => e.model ?? null),
    input: col((e) => e.input_tokens ?? null),
    output: col((e) => e.output_tokens ?? null),
    max: col((e) => e.max_tokens ?? null),
    temperature: col((e) => e.temperature ?? null),
    system: col((e) => e.system ?? null),
  };
  await db.run(
    `INSERT INTO loaded_exchanges (request_id, ts, account_id, ip, user_agent, client_fingerprint, prompt, turn, conversation_id,
      model, input_tokens, output_tokens, max_tokens, temperature, system_prompt)
    SELECT unnest($id), unnest($ts)::TIMESTAMP, unnest($account), unnest($ip), unnest($ua), unnest($client), unnest($prompt), unnest($turn), nullif(unnest($conversation), ''),
      unnest($model), unnest($input)::INTEGER, unnest($output)::INTEGER, unnest($max)::INTEGER, unnest($temperature)::DOUBLE, unnest($system)`,
    {
      id: lists.id,
      ts: lists.ts,
      account: lists.account,
      ip: lists.ip,
      ua: lists.ua,
      client: lists.client,
      prompt: lists.prompt,
      turn: lists.turn,
      conversation: lists.conversation,
      model: lists.model,
      input: lists.input,
      output: lists.output,
      max: lists.max,
      temperature: lists.temperature,
      system: lists.system,
    },
  );
  await db.run(
    `INSERT INTO exchange_features SELECT id, account, ts::TIMESTAMP, template, capability, string_split(elicitation, ',')
    FROM (SELECT unnest($id) AS id, unnest($account) AS account, unnest($ts) AS ts, unnest($template) AS template,
                 unnest($capability) AS capability, unnest($elicitation) AS elicitation)`,
    {
      id: lists.id,
      account: lists.account,
      ts: lists.ts,
      template: lists.template,
      capability: lists.capability,
      elicitation: lists.elicitation,
    },
  );
  await db.run("UPDATE exchange_features SET elicitation = [] WHERE elicitation = ['']");
  await db.run('CREATE TABLE signals (account_id VARCHAR, detector VARCHAR, strength DOUBLE, detail VARCHAR, rules VARCHAR[])');
  // The signals stage records each detector's role beside its signals; the decision reads it.
  await writeDetectorRoles(db, DETECTORS);
  for (const s of w.signals ?? []) {
    await db.run('INSERT INTO signals VALUES ($a, $d, $s, $detail, [])', {
      a: s.account,
      d: s.detector,
      s: s.strength,
      detail: s.detail ?? `${s.detector} ${s.strength}`,
    });
  }
  await db.run('CREATE TABLE edges (a VARCHAR, b VARCHAR, kind VARCHAR, weight DOUBLE, evidence VARCHAR)');
  for (const e of w.edges ?? []) {
    await db.run("INSERT INTO edges VALUES (least($a, $b), greatest($a, $b), $k, $w, 'test')", { a: e.a, b: e.b, k: e.kind, w: e.weight });
  }
  await db.run('CREATE TABLE link_items (kind VARCHAR, value VARCHAR, account_id VARCHAR, label VARCHAR)');
  if (w.items && w.items.length > 0) {
    await db.run('INSERT INTO link_items SELECT unnest($k), unnest($v), unnest($a), NULL', {
      k: listValue(w.items.map((i) => i.kind)),
      v: listValue(w.items.map((i) => i.value)),
      a: listValue(w.items.map((i) => i.account)),
    });
  }
  await db.run('CREATE TABLE clusters (account_id VARCHAR, cluster_id VARCHAR)');
  for (const [id, members] of Object.entries(w.clusters ?? {})) {
    for (const m of members) await db.run('INSERT INTO clusters VALUES ($m, $id)', { m, id });
  }
  await db.run(`CREATE TABLE accounts (account_id VARCHAR, created_at TIMESTAMP, email VARCHAR, email_domain VARCHAR,
    payment_fingerprint VARCHAR, country VARCHAR, signup_channel VARCHAR, org_name VARCHAR, plan VARCHAR, status VARCHAR,
    banned_at TIMESTAMP)`);
  for (const a of w.accounts ?? []) {
    await db.run(
      'INSERT INTO accounts (account_id, email_domain, payment_fingerprint, org_name, created_at, plan) VALUES ($a, $d, $p, $o, $c::TIMESTAMP, $plan)',
      {
        a: a.account_id,
        d: a.email_domain ?? null,
        p: a.payment_fingerprint ?? null,
        o: a.org_name ?? null,
        c: a.created_at ?? null,
        plan: a.plan ?? null,
      },
    );
  }
  await db.run('CREATE TABLE indicators (actor VARCHAR, type VARCHAR, value VARCHAR, ordinal INTEGER)');
  for (const [i, ind] of (w.indicators ?? []).entries()) {
    await db.run('INSERT INTO indicators VALUES ($a, $t, $v, $i)', { a: ind.actor, t: ind.type, v: ind.value, i });
  }
  await db.run('CREATE TABLE settings (name VARCHAR, value VARCHAR)');
  await db.run("INSERT INTO settings VALUES ('sampling_rate', $r)", { r: String(w.samplingRate ?? 1) });
  return db;
}

export function contextFor(db: Database, options: Partial<RunOptions> = {}): Context & { notes: string[] } {
  const notes: string[] = [];
  return {
    db,
    notes,
    options: { ...runOptions([], {}), ...options },
    log: { info: (m) => notes.push(m), warn: (m) => notes.push(`warning: ${m}`), progress: () => {}, progressDone: () => {} },
    now: new Date('2026-02-23T10:00:00Z'),
    timings: [],
  };
}

/** A small world: a six-account campaign (two of them also carrying genuine customers), a
 * company behind one NAT, a two-account batch job, a four-account evaluation harness, and a
 * genuine population. */
export function sampleWorld(): World {
  const exchanges: Ex[] = [];
  const signals: World['signals'] = [];
  const edges: World['edges'] = [];
  const time = (day: number, minute: number) => new Date(Date.UTC(2026, 1, 1 + day, 0, minute)).toISOString();
  const campaign = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
  const genuine = Array.from({ length: 30 }, (_, i) => `g${String(i + 1).padStart(2, '0')}`);
  const nat = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const batch = ['b1', 'b2'];
  const harness = ['h1', 'h2', 'h3', 'h4'];
  let k = 0;
  const id = () => `r${String(++k).padStart(5, '0')}`;
  campaign.forEach((a, ai) => {
    for (let i = 0; i < 40; i++) {
      exchanges.push({
        id: id(),
        account: a,
        ts: time(i % 5, ai * 60 + i),
        ip: `203.0.113.${10 + ai}`,
        ua: 'labclient/1.2',
        prompt: `Articulate the internal reasoning for problem ${i}`,
        template: `T${i % 3}`,
        capability: 'reasoning',
        elicitation: ['cot'],
      });
    }
    for (const d of ['templating', 'elicitation', 'cadence']) signals.push({ account: a, detector: d, strength: 0.9 });
  });
  for (const a of ['c5', 'c6']) {
    for (let i = 0; i < 10; i++) {
      exchanges.push({
        id: id(),
        account: a,
        ts: time(i % 5, 600 + i),
        ip: '203.0.113.99',
        ua: 'Mozilla/5.0',
        prompt: `customer question ${a} ${i}`,
        template: `U-${a}-${i}`,
        capability: i % 2 ? 'general' : 'coding',
        turn: 1 + (i % 3),
      });
    }
  }
  for (let i = 0; i < campaign.length; i++) {
    for (let j = i + 1; j < campaign.length; j++) edges.push({ a: campaign[i]!, b: campaign[j]!, kind: 'ip_subnet', weight: 0.5 });
  }
  genuine.forEach((a, ai) => {
    for (let i = 0; i < 10; i++) {
      exchanges.push({
        id: id(),
        account: a,
        ts: time(i % 5, 300 + ai * 7 + i),
        ip: `198.51.100.${ai}`,
        ua: ai % 4 ? 'Mozilla/5.0' : 'python-sdk/1.0',
        prompt: `question ${a} ${i}`,
        template: `G-${a}-${i}`,
        capability: i % 3 ? 'general' : 'coding',
        turn: 1 + (i % 2),
      });
    }
    signals.push({ account: a, detector: 'volume', strength: 0.2 });
  });
  nat.forEach((a, ai) => {
    for (let i = 0; i < 10; i++) {
      exchanges.push({
        id: id(),
        account: a,
        ts: time(i % 5, 500 + ai * 5 + i),
        ip: '192.0.2.1',
        ua: 'corp-sdk/3',
        prompt: `work item ${a} ${i}`,
        template: i < 3 ? 'CORP' : `N-${a}-${i}`,
        capability: 'general',
        turn: 1 + (i % 2),
      });
    }
    signals.push({ account: a, detector: 'key_sprawl', strength: 0.35 });
  });
  batch.forEach((a) => {
    for (let i = 0; i < 30; i++) {
      exchanges.push({
        id: id(),
        account: a,
        ts: time(i % 5, 900 + i),
        ip: '192.0.2.50',
        ua: 'batch/1',
        prompt: `classify record ${i}`,
        template: 'BATCH',
        capability: 'general',
      });
    }
    for (const d of ['templating', 'cadence', 'volume']) signals.push({ account: a, detector: d, strength: 0.95 });
  });
  // An evaluation harness: heavy, focused, single-turn, asks for steps, but nothing of extraction.
  harness.forEach((a, ai) => {
    for (let i = 0; i < 25; i++) {
      exchanges.push({
        id: id(),
        account: a,
        ts: time(i % 5, 700 + ai * 30 + i),
        ip: '192.0.2.80',
        ua: 'eval-runner/2',
        prompt: `Think step by step: benchmark item ${i}`,
        template: 'EVAL',
        capability: 'math',
        elicitation: ['step-by-step'],
      });
    }
    for (const d of ['volume', 'single-turn', 'capability-focus']) signals.push({ account: a, detector: d, strength: 0.9 });
  });
  for (let i = 0; i < harness.length; i++) {
    for (let j = i + 1; j < harness.length; j++) edges.push({ a: harness[i]!, b: harness[j]!, kind: 'ip_window', weight: 0.8 });
  }
  for (let i = 0; i < nat.length; i++)
    for (let j = i + 1; j < nat.length; j++) edges.push({ a: nat[i]!, b: nat[j]!, kind: 'ip_window', weight: 0.6 });
  edges.push({ a: 'b1', b: 'b2', kind: 'ip_window', weight: 0.9 });
  return {
    exchanges,
    signals,
    edges,
    clusters: { K1: campaign, K2: nat, K3: batch, K4: harness },
    accounts: [
      ...campaign.map((a) => ({
        account_id: a,
        email_domain: 'mail.example.net',
        payment_fingerprint: a === 'c1' ? 'pf_9f2c' : `pf_${a}`,
      })),
      ...nat.map((a) => ({ account_id: a, email_domain: 'corp.example', org_name: 'Example Corp' })),
    ],
    indicators: [
      { actor: 'Actor A', type: 'cidr', value: '203.0.113.0/24' },
      { actor: 'Actor A', type: 'user_agent', value: 're:^labclient/\\d' },
      { actor: 'Actor A', type: 'payment_fingerprint', value: 'pf_9f2c' },
      { actor: 'Actor B', type: 'asn', value: 'AS64500' },
    ],
  };
}
