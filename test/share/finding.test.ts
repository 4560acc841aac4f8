import { describe, expect, it } from 'vitest';
import type { Campaign, Report } from '../../src/report/model.js';
import { shareFinding, type ShareOptions } from '../../src/share/finding.js';
import { mispEvent } from '../../src/share/misp.js';
import { OBSERVABLE_THRESHOLDS, OBSERVABLES_SCHEMA, type ObservablesFile } from '../../src/share/observables.js';
import { stixBundle } from '../../src/share/stix.js';
import { mispSchema, stixProblems, type Obj } from './helpers.js';

const OPTIONS: ShareOptions = { format: 'stix', tlp: 'amber', producer: 'P', salt: null };

function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 'C1',
    score: 0.9,
    level: 'high',
    attribution: { actor: 'Actor A', confidence: 'medium', evidence: [] },
    accounts: ['acct_1', 'acct_2'],
    account_count: 2,
    exchanges: { observed: 500, estimate: 520, ci95: [480, 560], disclosure: 'more than 480' },
    first_seen: '2026-02-01T00:00:00Z',
    last_seen: '2026-02-03T00:00:00Z',
    focus: [{ capability: 'reasoning', share: 0.8 }],
    signals: [],
    ...over,
  };
}

function report(campaigns: Campaign[]): Report {
  return {
    schema: 'distill-audit/report@1',
    tool: { name: 'distill-audit', version: '0.1.0' },
    generated_at: '2026-03-01T00:00:00Z',
    config_sha256: 'a'.repeat(64),
    inputs: [],
    totals: { exchanges: 1000, accounts: 10, start: '2026-02-01T00:00:00Z', end: '2026-02-03T00:00:00Z' },
    campaigns,
    detectors: [],
  };
}

function observables(c: ObservablesFile['campaigns']): ObservablesFile {
  return { schema: OBSERVABLES_SCHEMA, thresholds: OBSERVABLE_THRESHOLDS, missing: null, campaigns: c };
}

const obs = (kind: 'cidr' | 'asn' | 'user_agent' | 'client_fingerprint' | 'email_domain', value: string) => ({
  kind,
  value,
  accounts: 2,
  exchanges: 40,
  specificity: 1,
  first_seen: '2026-02-01T01:00:00Z',
  last_seen: '2026-02-02T01:00:00Z',
});

describe('what of a finding leaves', () => {
  it('attacker-written user agents: quoted in the pattern, refused with a control character, parsed back whole', () => {
    const r = report([campaign()]);
    const o = observables({
      C1: {
        observables: [
          obs('user_agent', "x' OR [ipv4-addr:value = '0.0.0.0/0"),
          obs('user_agent', 'bad\nagent'),
          obs('user_agent', 'back\\slash'),
        ],
      },
    });
    const bundle = stixBundle(shareFinding(r, o, OPTIONS), OPTIONS);
    expect(stixProblems(bundle)).toEqual([]);
    expect(bundle.objects.filter((x) => x.type === 'indicator').map((x) => x.pattern)).toEqual([
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'back\\\\slash']",
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'x\\' OR [ipv4-addr:value = \\'0.0.0.0/0']",
    ]);
    const event = mispEvent(shareFinding(r, o, { ...OPTIONS, format: 'misp' }), OPTIONS);
    expect(mispSchema(event)).toBe(true);
  });

  it("the investigator's indicators of the named actor are shared (a regex as MATCHES, in STIX only); a rival's and private ones are not", () => {
    const r = report([
      campaign({
        attribution: {
          actor: 'Actor A',
          confidence: 'medium',
          evidence: [
            { indicator: 'user_agent re:^lab/\\d', accounts: 2, exchanges: 300 },
            { indicator: 'payment_fingerprint pf_secret', accounts: 2, exchanges: 300 },
            { indicator: 'asn AS64500 (indicator of Actor B)', accounts: 1, exchanges: 10 },
            { indicator: 'prompt re:tell me your secret reasoning', accounts: 2, exchanges: 50 },
          ],
        },
      }),
    ]);
    const finding = shareFinding(r, null, OPTIONS);
    expect(finding.missing).toBe(
      "the report directory has no observables.json (written by scans since this version), so only the investigator's indicators that matched are shared",
    );
    const bundle = stixBundle(finding, OPTIONS);
    expect(stixProblems(bundle)).toEqual([]);
    expect(bundle.objects.filter((x) => x.type === 'indicator').map((x) => x.pattern)).toEqual([
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' MATCHES '^lab/\\\\d']",
    ]);
    const text = JSON.stringify(bundle);
    expect(text).not.toContain('pf_secret');
    expect(text).not.toContain('tell me your secret');
    expect(bundle.objects.find((x) => x.type === 'note')!.content).toBe(
      'C1 is attributed to Actor A with medium confidence. Indicators that cover it: user_agent re:^lab/\\d: 2 account(s), 300 exchange(s); payment_fingerprint [withheld]: 2 account(s), 300 exchange(s); asn AS64500 (indicator of Actor B): 1 account(s), 10 exchange(s); prompt [withheld]: 2 account(s), 50 exchange(s).',
    );
    const event = mispEvent(finding, OPTIONS) as { Event: Obj };
    expect(mispSchema(event)).toBe(true);
    expect(event.Event.Attribute.filter((a: Obj) => a.to_ids)).toEqual([]);
  });

  it('private values in signal sentences are withheld, e-mail addresses by shape too', () => {
    const r = report([
      campaign({
        signals: [
          {
            detector: 'key-sprawl',
            strength: 0.2,
            detail: 'on 2026-02-02 key key_abc123 of acct_1 was used by ops@example.org and pf_9 paid',
          },
        ],
      }),
    ]);
    const o = observables({
      C1: { observables: [], private: { account_id: ['acct_1'], api_key_id: ['key_abc123'], payment_fingerprint: ['pf_9'], email: [] } },
    });
    const bundle = stixBundle(shareFinding(r, o, OPTIONS), OPTIONS);
    expect(bundle.objects.filter((x) => x.type === 'note').map((x) => [x.abstract, x.content])).toEqual([
      ['Attribution of C1: Actor A (medium confidence)', 'C1 is attributed to Actor A with medium confidence.'],
      ['Signal key-sprawl on C1 (strength 0.2)', 'on 2026-02-02 key [withheld] of [withheld] was used by [withheld] and [withheld] paid'],
    ]);
  });

  it('a report without campaigns gives a valid bundle and event with nothing but the producer', () => {
    const r = report([]);
    const bundle = stixBundle(shareFinding(r, null, OPTIONS), OPTIONS);
    expect(stixProblems(bundle)).toEqual([]);
    expect(bundle.objects.map((x) => x.type)).toEqual(['identity', 'marking-definition', 'extension-definition']);
    const event = mispEvent(shareFinding(r, null, OPTIONS), OPTIONS) as { Event: Obj };
    expect(mispSchema(event)).toBe(true);
    expect([event.Event.Attribute, event.Event.Galaxy, event.Event.info]).toEqual([
      [],
      [],
      'distill-audit: 0 distillation campaign(s) in logs from 2026-02-01 to 2026-02-03',
    ]);
  });

  it('an unattributed campaign is shared without an actor: no intrusion set, no attribution relationship', () => {
    const r = report([campaign({ attribution: { actor: null, confidence: null, evidence: [] } })]);
    const o = observables({ C1: { observables: [obs('cidr', '2001:db8:1:2::/64'), obs('asn', 'AS64510')] } });
    const bundle = stixBundle(shareFinding(r, o, OPTIONS), OPTIONS);
    expect(stixProblems(bundle)).toEqual([]);
    expect(
      bundle.objects.filter((x) => x.type === 'intrusion-set' || (x.type === 'relationship' && x.relationship_type === 'attributed-to')),
    ).toEqual([]);
    expect(bundle.objects.filter((x) => x.type === 'ipv6-addr')).toEqual([
      { type: 'ipv6-addr', spec_version: '2.1', id: expect.stringMatching(/^ipv6-addr--/), value: '2001:db8:1:2::/64' },
    ]);
  });
});
