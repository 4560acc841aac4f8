import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { saltedHash } from '../../src/share/ids.js';
import { TLP_MARKINGS } from '../../src/share/stix.js';
import { runCli, runCommand } from '../helpers/cli.js';
import { ajv, demo, mispSchema, scanDemo, shareTo, stixProblems, type Obj } from './helpers.js';

// One scan of the demo export, shared in both formats; the round trip (more scans) is in
// test/e2e/share-roundtrip.test.ts.
const scratch = mkdtempSync(join(tmpdir(), 'da-share-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let reportDir: string;
let report: Report;
let stix: Obj;
let stixText: string;
let mispText: string;
let misp: Obj;

const share = (args: string[], name: string) => shareTo(reportDir, args, join(scratch, name));

beforeAll(async () => {
  reportDir = join(scratch, 'report');
  report = scanDemo(demo('indicators.json'), reportDir);
  stixText = await share(['--format', 'stix', '--producer', 'Provider A Trust & Safety'], 'demo.stix.json');
  stix = JSON.parse(stixText);
  mispText = await share(['--format', 'misp', '--producer', 'Provider A Trust & Safety'], 'demo.misp.json');
  misp = JSON.parse(mispText);
});

describe('distill-audit share --format stix', () => {
  it('writes a bundle whose every object meets the STIX 2.1 requirements, refs resolving and patterns parsing', () => {
    expect(stixProblems(stix)).toEqual([]);
    const types: Record<string, number> = {};
    for (const o of stix.objects) types[o.type] = (types[o.type] ?? 0) + 1;
    expect(types).toEqual({
      identity: 1,
      'marking-definition': 1,
      'extension-definition': 1,
      campaign: 3,
      'intrusion-set': 2,
      relationship: 45,
      indicator: 43,
      sighting: 43,
      'observed-data': 41,
      'ipv4-addr': 30,
      'autonomous-system': 10,
      'domain-name': 1,
      note: 16,
    });
  });

  it('the checks can fail: a broken bundle is reported', () => {
    const broken = structuredClone(stix);
    const indicator = broken.objects.find((o: Obj) => o.type === 'indicator');
    delete indicator.pattern_type;
    indicator.pattern = "[ipv4-addr:value = '1.2.3.4'";
    const note = broken.objects.find((o: Obj) => o.type === 'note');
    note.object_refs = ['campaign--00000000-0000-4000-8000-000000000000'];
    const campaign = broken.objects.find((o: Obj) => o.type === 'campaign');
    campaign.created = '2026-01-01T00:00:00+01:00';
    expect(stixProblems(broken).sort()).toEqual(
      [
        `${campaign.id}: data/created must match pattern "${'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)\\.[0-9]{3,}Z$'}"`,
        `${indicator.id}: data must have required property 'pattern_type'`,
        `${indicator.id}: pattern [ipv4-addr:value = '1.2.3.4' does not parse: expected "]" at character 29`,
        `${note.id}: object_refs campaign--00000000-0000-4000-8000-000000000000 is not in the bundle`,
      ].sort(),
    );
  });

  it('shares each campaign with its estimate under the extension, its actor, and the values that are its own', () => {
    const campaigns = stix.objects.filter((o: Obj) => o.type === 'campaign');
    const ext = stix.objects.find((o: Obj) => o.type === 'extension-definition');
    expect(
      campaigns.map((c: Obj) => [
        c.name,
        c.first_seen,
        c.last_seen,
        c.extensions[ext.id].exchanges_estimate,
        c.extensions[ext.id].exchanges_ci95,
      ]),
    ).toEqual(
      report.campaigns.map((c) => [
        `Distillation campaign ${c.id} of ${report.generated_at.slice(0, 10)}`,
        c.first_seen,
        c.last_seen,
        c.exchanges.estimate,
        c.exchanges.ci95,
      ]),
    );
    const byId = new Map<string, Obj>(stix.objects.map((o: Obj) => [o.id, o]));
    const rels = stix.objects.filter((o: Obj) => o.type === 'relationship');
    const actorOf = (c: Obj) =>
      rels
        .filter((r: Obj) => r.relationship_type === 'attributed-to' && r.source_ref === c.id)
        .map((r: Obj) => byId.get(r.target_ref)!.name);
    const patternsOf = (c: Obj) =>
      rels
        .filter((r: Obj) => r.relationship_type === 'indicates' && r.target_ref === c.id)
        .map((r: Obj) => byId.get(r.source_ref)!.pattern);
    expect(campaigns.map(actorOf)).toEqual([['Meridian Forge'], [], ['Saltmarsh Research']]);
    expect(patternsOf(campaigns[0])).toEqual([]);
    expect(patternsOf(campaigns[1])).toHaveLength(39);
    expect(patternsOf(campaigns[2])).toEqual([
      "[ipv4-addr:value ISSUBSET '202.146.152.0/24']",
      '[autonomous-system:number = 65328]',
      `[network-traffic:extensions.'${ext.id}'.client_fingerprint = 't13d1217h2_bdf7b5192b3f_0e2245f0e0d7']`,
      "[domain-name:value = 'saltmarsh-research.org']",
    ]);
    const sighting = stix.objects.find(
      (o: Obj) => o.type === 'sighting' && byId.get(o.sighting_of_ref)!.pattern === "[ipv4-addr:value ISSUBSET '202.146.152.0/24']",
    );
    expect([sighting.count, sighting.description]).toEqual([
      185,
      "C3: 5 account(s), 185 exchange(s); 100 % of the exchanges with this value in the logs are the campaign's.",
    ]);
    const notes = stix.objects.filter((o: Obj) => o.type === 'note' && o.object_refs[0] === campaigns[2].id).map((n: Obj) => n.content);
    expect(notes[0]).toBe(
      'C3 is attributed to Saltmarsh Research with high confidence. Indicators that cover it: cidr 202.146.152.0/24: 5 account(s), 185 exchange(s); prompt [withheld]: 5 account(s), 48 exchange(s); email_domain saltmarsh-research.org: 3 account(s), 113 exchange(s).',
    );
    expect(stix.objects.find((o: Obj) => o.type === 'identity').name).toBe('Provider A Trust & Safety');
  });

  it('marks every object with the TLP 2.0 level asked (amber by default)', async () => {
    const markings = new Set(stix.objects.flatMap((o: Obj) => o.object_marking_refs ?? []));
    expect([...markings]).toEqual([TLP_MARKINGS.amber]);
    expect(
      stix.objects.filter(
        (o: Obj) =>
          o.type !== 'marking-definition' &&
          !o.object_marking_refs &&
          !o.type.includes('-addr') &&
          o.type !== 'autonomous-system' &&
          o.type !== 'domain-name',
      ),
    ).toEqual([]);
    const red = JSON.parse(await share(['--tlp', 'red'], 'red.stix.json'));
    expect(stixProblems(red)).toEqual([]);
    expect(red.objects.find((o: Obj) => o.type === 'marking-definition')).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
      created: '2022-10-01T00:00:00.000Z',
      name: 'TLP:RED',
      extensions: {
        'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'red' },
      },
    });
  });

  it('is deterministic: sharing the same report twice gives the same bytes, and the ids depend on the finding only', async () => {
    expect(await share(['--format', 'stix', '--producer', 'Provider A Trust & Safety'], 'again.stix.json')).toBe(stixText);
    expect(await share(['--format', 'misp', '--producer', 'Provider A Trust & Safety'], 'again.misp.json')).toBe(mispText);
    // Without --out the same text goes to stdout.
    const printed = runCli(['share', reportDir, '--producer', 'Provider A Trust & Safety']); // the built CLI, once
    expect([printed.code, printed.stdout]).toEqual([0, stixText]);
    const green = JSON.parse(await share(['--tlp', 'green', '--producer', 'Provider A Trust & Safety'], 'green.stix.json'));
    expect(green.objects.filter((o: Obj) => o.type === 'campaign').map((o: Obj) => o.id)).toEqual(
      stix.objects.filter((o: Obj) => o.type === 'campaign').map((o: Obj) => o.id),
    );
  });
});

describe('distill-audit share --format misp', () => {
  it('writes a MISP event that follows the core format for every field written', () => {
    expect(mispSchema(misp), ajv.errorsText(mispSchema.errors)).toBe(true);
    const e = misp.Event;
    expect(e.Orgc.name).toBe('Provider A Trust & Safety');
    expect(e.Tag).toEqual([
      { name: 'tlp:amber' },
      { name: 'misp-galaxy:threat-actor="Meridian Forge"' },
      { name: 'misp-galaxy:threat-actor="Saltmarsh Research"' },
    ]);
    const c3 = e.Attribute.filter(
      (a: Obj) => a.to_ids && a.Tag.some((t: Obj) => t.name === 'misp-galaxy:threat-actor="Saltmarsh Research"'),
    );
    expect(c3.map((a: Obj) => [a.type, a.value])).toEqual([
      ['ip-src', '202.146.152.0/24'],
      ['AS', 'AS65328'],
      ['domain', 'saltmarsh-research.org'],
    ]);
    expect(e.Object.map((o: Obj) => [o.name, o.Attribute.map((a: Obj) => [a.object_relation, a.value])])).toEqual([
      ['ja4-plus', [['ja4-fingerprint', 't13d1312h2_27929f12b1e2_8fdb49010507']]],
      ['ja4-plus', [['ja4-fingerprint', 't13d1217h2_bdf7b5192b3f_0e2245f0e0d7']]],
    ]);
    const broken = structuredClone(misp);
    broken.Event.Attribute[1].to_ids = 'yes';
    broken.Event.Attribute[1].category = 'Payload delivery';
    expect(mispSchema(broken)).toBe(false);
  });
});

describe('nothing private leaves without --share-hashed-ids', () => {
  const accountsCsv = () =>
    readFileSync(demo('accounts.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));

  function secrets(): { kind: string; value: string }[] {
    const out: { kind: string; value: string }[] = [];
    for (const [account, , email, payment] of accountsCsv()) {
      out.push({ kind: 'account id', value: account! });
      if (email) out.push({ kind: 'e-mail address', value: email }, { kind: 'e-mail local part', value: `${email.split('@')[0]}@` });
      if (payment) out.push({ kind: 'payment fingerprint', value: payment });
    }
    for (const file of readdirSync(demo('logs')).sort()) {
      if (!/\.(jsonl|ndjson)(\.gz)?$/.test(file)) continue;
      const raw = readFileSync(join(demo('logs'), file));
      const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
      for (const line of text.split('\n')) {
        let r: Obj;
        try {
          r = JSON.parse(line);
        } catch {
          continue;
        }
        if (typeof r.api_key_id === 'string') out.push({ kind: 'api key id', value: r.api_key_id });
        // The first 40 characters of a prompt stand for it: a quoted or cut prompt starts there.
        for (const p of [r.prompt, r.system_prompt])
          if (typeof p === 'string' && p.length >= 40) out.push({ kind: 'prompt', value: p.slice(0, 40) });
      }
    }
    out.push({ kind: 'prompt indicator', value: 'articulate the complete internal reasoning' });
    return out;
  }

  it('no account id, API key id, payment fingerprint, e-mail address or prompt text is in either format', () => {
    const all = secrets();
    expect(all.filter((s) => s.kind === 'prompt').length).toBeGreaterThan(1000);
    for (const [name, text] of [
      ['stix', stixText],
      ['misp', mispText],
    ] as const) {
      const leaked = all.filter((s) => text.includes(s.value));
      expect(leaked.map((s) => `${name}: ${s.kind} ${s.value}`)).toEqual([]);
    }
    // The report itself does hold them: the test would see a leak.
    const own = readFileSync(join(reportDir, 'report.json'), 'utf8');
    expect(own).toContain('pf_fa760ac93d43');
    expect(own).toContain('articulate the complete internal reasoning');
  });

  it('with --share-hashed-ids and a salt, they leave only as salted hashes', async () => {
    const salt = 'agreed-with-partner-2026';
    const text = await share(['--share-hashed-ids', '--salt', salt], 'hashed.stix.json');
    const bundle = JSON.parse(text);
    expect(stixProblems(bundle)).toEqual([]);
    expect(
      secrets()
        .filter((s) => text.includes(s.value))
        .map((s) => `${s.kind} ${s.value}`),
    ).toEqual([]);
    expect(text).not.toContain(salt);
    const ext = bundle.objects.find((o: Obj) => o.type === 'extension-definition').id;
    const c1 = bundle.objects.find((o: Obj) => o.type === 'campaign').extensions[ext];
    expect(c1.hashed_account_id).toHaveLength(24);
    expect(c1.hashed_account_id).toContain(`sha256:${saltedHash(salt, 'org_bpnwmj6ju26ltyvp')}`);
    expect(c1.hashed_payment_fingerprint).toEqual(
      [`sha256:${saltedHash(salt, 'pf_d438cfccabec')}`, `sha256:${saltedHash(salt, 'pf_fa760ac93d43')}`].sort(),
    );
    const mispHashed = await share(['--format', 'misp', '--share-hashed-ids', '--salt', salt], 'hashed.misp.json');
    expect(mispSchema(JSON.parse(mispHashed))).toBe(true);
    expect(mispHashed).toContain(saltedHash(salt, 'pf_fa760ac93d43'));
    expect(
      secrets()
        .filter((s) => mispHashed.includes(s.value))
        .map((s) => `${s.kind} ${s.value}`),
    ).toEqual([]);
  });

  it('refuses a hashed share without a salt, a short salt, a salt alone and an existing --out', async () => {
    const cases: [string[], string][] = [
      [['--share-hashed-ids'], 'error: --share-hashed-ids needs --salt (agree it with the partner; it is never written)'],
      [['--share-hashed-ids', '--salt', 'short'], 'error: --salt: use at least 16 characters'],
      [['--salt', 'agreed-with-partner-2026'], 'error: --salt needs --share-hashed-ids'],
      [['--out', join(scratch, 'demo.stix.json')], `error: ${join(scratch, 'demo.stix.json')} already exists; use --force to replace it`],
    ];
    for (const [args, message] of cases) {
      const run = await runCommand(['share', reportDir, ...args]);
      expect([run.code, run.stderr.trim(), run.stdout], args.join(' ')).toEqual([2, message, '']);
    }
    const broken = join(scratch, 'broken');
    mkdirSync(broken);
    copyFileSync(join(reportDir, 'report.json'), join(broken, 'report.json'));
    writeFileSync(
      join(broken, 'observables.json'),
      JSON.stringify({ schema: 'distill-audit/observables@1', campaigns: { C1: { observables: [], private: { account_id: 'acct' } } } }),
    );
    const bad = await runCommand(['share', broken]);
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      `error: ${join(broken, 'observables.json')}: campaigns.C1.private.account_id: expected one of account_id, api_key_id, payment_fingerprint, email with a list of strings`,
    ]);
    const missing = await runCommand(['share', scratch]);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, `error: ${scratch}: not a report directory (no report.json)`]);
  });
});

describe('share --out FILE --force', () => {
  it('replaces a file an earlier share wrote (STIX or MISP), and refuses anything else, leaving it as it was', async () => {
    for (const [format, name] of [
      ['stix', 'again.stix.json'],
      ['misp', 'again.misp.json'],
      ['misp', 'again.stix.json'],
    ]) {
      if (format === 'stix') writeFileSync(join(scratch, name), stixText);
      if (name === 'again.misp.json') writeFileSync(join(scratch, name), mispText);
      const run = await runCommand(['share', reportDir, '--format', format, '--out', join(scratch, name), '--force', '--quiet']);
      expect([run.code, run.stderr], `${format} over ${name}`).toEqual([0, '']);
      expect(JSON.parse(readFileSync(join(scratch, name), 'utf8')).Event !== undefined).toBe(format === 'misp');
    }
    const foreign = join(scratch, 'foreign.stix.json');
    const foreignText = JSON.stringify({
      type: 'bundle',
      id: 'bundle--6b1e9a43-3c2e-4d5e-9f2a-1b2c3d4e5f60',
      objects: [{ type: 'identity', id: 'identity--6b1e9a43-3c2e-4d5e-9f2a-1b2c3d4e5f61', name: 'Partner' }],
    });
    writeFileSync(foreign, foreignText);
    const notes = join(scratch, 'notes.txt');
    writeFileSync(notes, 'case notes\n');
    const forged = join(scratch, 'forged.misp.json');
    writeFileSync(
      forged,
      JSON.stringify({
        Event: {
          info: 'distill-audit: 1 distillation campaign(s)',
          Orgc: { name: 'distill-audit', uuid: '6b1e9a43-3c2e-4d5e-9f2a-1b2c3d4e5f62' },
        },
      }),
    );
    const report = join(reportDir, 'report.json');
    const reportText = readFileSync(report, 'utf8');
    const cases: [string, string][] = [
      [report, 'is not a STIX bundle or MISP event written by distill-audit share'],
      [foreign, 'is not a STIX bundle or MISP event written by distill-audit share'],
      [forged, 'is not a STIX bundle or MISP event written by distill-audit share'],
      [notes, 'is not JSON written by distill-audit share'],
      [scratch, 'is a directory'],
    ];
    for (const [target, why] of cases) {
      const run = await runCommand(['share', reportDir, '--out', target, '--force']);
      expect([run.code, run.stderr.trim(), run.stdout]).toEqual([
        2,
        `error: ${target} ${why}; --force replaces only a file written by an earlier share`,
        '',
      ]);
    }
    expect([readFileSync(report, 'utf8'), readFileSync(foreign, 'utf8'), readFileSync(notes, 'utf8')]).toEqual([
      reportText,
      foreignText,
      'case notes\n',
    ]);
    expect(readdirSync(scratch).filter((n) => n.includes('.partial-'))).toEqual([]);
  });
});

describe('observables.json beside report.json', () => {
  it("lists the values that are the campaign's own, with the thresholds used", () => {
    const o = JSON.parse(readFileSync(join(reportDir, 'observables.json'), 'utf8'));
    expect(o.schema).toBe('distill-audit/observables@1');
    expect(o.thresholds).toEqual({ minAccounts: 2, minSpecificity: 0.9 });
    expect(o.campaigns.C3.observables).toEqual([
      {
        kind: 'asn',
        value: 'AS65328',
        accounts: 5,
        exchanges: 185,
        specificity: 0.959,
        first_seen: '2026-02-02T00:05:30Z',
        last_seen: '2026-02-08T17:56:53Z',
      },
      {
        kind: 'cidr',
        value: '202.146.152.0/24',
        accounts: 5,
        exchanges: 185,
        specificity: 1,
        first_seen: '2026-02-02T00:05:30Z',
        last_seen: '2026-02-08T17:56:53Z',
      },
      {
        kind: 'client_fingerprint',
        value: 't13d1217h2_bdf7b5192b3f_0e2245f0e0d7',
        accounts: 5,
        exchanges: 185,
        specificity: 1,
        first_seen: '2026-02-02T00:05:30Z',
        last_seen: '2026-02-08T17:56:53Z',
      },
      {
        kind: 'email_domain',
        value: 'saltmarsh-research.org',
        accounts: 3,
        exchanges: 113,
        specificity: 1,
        first_seen: null,
        last_seen: null,
      },
    ]);
    // Popular values the campaign shares with honest users stay out (the SDK user agent of C2).
    expect(o.campaigns.C2.observables.filter((x: Obj) => x.kind === 'user_agent')).toEqual([]);
  });
});
