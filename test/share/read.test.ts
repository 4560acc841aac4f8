import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readInvestigation } from '../../src/load/indicators.js';
import { EXTENSION_ID, indicatorOf, shareKind } from '../../src/share/kinds.js';
import { parsePattern, PatternError, stixString, type Comparison } from '../../src/share/pattern.js';
import { partnerFormat, readPartner } from '../../src/share/read.js';
import { testContext } from '../helpers/context.js';
import { put, scratchDir } from '../helpers/scratch.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown;
const ref = (n: string) => `indicator--5b0e2c11-7d4a-4f3e-8a21-0c9d8e7f6${n}`;

let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  close = undefined;
});

function only(pattern: string): Comparison {
  const expr = parsePattern(pattern);
  if (expr.kind !== 'observation' || expr.test.kind !== 'comparison') throw new Error('expected one comparison');
  return expr.test;
}

describe('STIX patterns', () => {
  it('quotes attacker-written values so they parse back to the same text', () => {
    for (const ua of ["lab's client", 'back\\slash\\', "'; DROP", "x' OR ipv4-addr:value = '1.2.3.4", "\\'"]) {
      const pattern = shareKind('user_agent')!.pattern(ua, false)!;
      const c = only(pattern);
      expect(c.value).toEqual({ kind: 'string', value: ua });
      expect(indicatorOf(c)).toEqual({ type: 'user_agent', value: ua });
    }
    expect(stixString("it's \\ here")).toBe("'it\\'s \\\\ here'");
  });

  it('refuses values with control characters instead of writing them', () => {
    expect(stixString('agent\nInjected: yes')).toBeNull();
    expect(shareKind('user_agent')!.pattern('agent\u0000', false)).toBeNull();
    expect(shareKind('cidr')!.pattern('10.0.0.0/8\r', false)).toBeNull();
  });

  it('writes each kind as the pattern partners match on', () => {
    expect(shareKind('cidr')!.pattern('202.146.152.0/24', false)).toBe("[ipv4-addr:value ISSUBSET '202.146.152.0/24']");
    expect(shareKind('cidr')!.pattern('2001:db8::/64', false)).toBe("[ipv6-addr:value ISSUBSET '2001:db8::/64']");
    expect(shareKind('cidr')!.pattern('198.51.100.7', false)).toBe("[ipv4-addr:value = '198.51.100.7']");
    expect(shareKind('asn')!.pattern('AS65328', false)).toBe('[autonomous-system:number = 65328]');
    expect(shareKind('user_agent')!.pattern('^ashgrove-collector/', true)).toBe(
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' MATCHES '^ashgrove-collector/']",
    );
    expect(shareKind('client_fingerprint')!.pattern('t13d', false)).toBe(
      `[network-traffic:extensions.'${EXTENSION_ID}'.client_fingerprint = 't13d']`,
    );
    expect(shareKind('email_domain')!.pattern('example.org', false)).toBe("[domain-name:value = 'example.org']");
  });

  it('an exact user agent that starts with "re:" is read as that text, not as a regular expression', () => {
    const c = only("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 're:x.y']");
    expect(indicatorOf(c)).toEqual({ type: 'user_agent', value: 're:^re:x\\.y$' });
  });

  it('parses the whole grammar: observation operators, qualifiers, sets, literals, list paths', () => {
    const expr = parsePattern(
      "([file:name IN ('a', 'b') AND file:size > 10] OR [x-custom:list[*].v = h'0aff']) FOLLOWEDBY [artifact:payload_bin = b'AAAA'] WITHIN 5 SECONDS START t'2026-01-01T00:00:00Z' STOP t'2026-01-02T00:00:00Z'",
    );
    expect(expr.kind).toBe('followedby');
    expect(expr.qualifiers).toEqual([]);
    if (expr.kind !== 'followedby') return;
    expect(expr.parts[1]!.qualifiers).toEqual([
      { kind: 'WITHIN', args: [5] },
      { kind: 'START', args: ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'] },
    ]);
  });

  it('rejects malformed patterns, naming where', () => {
    const cases: [string, string][] = [
      ["[ipv4-addr:value = '1.2.3.4'", 'expected "]" at character 29'],
      ["ipv4-addr:value = '1.2.3.4'", 'expected "[" or "(" to open an observation expression at character 1'],
      ["[ipv4-addr:value = 'a\\b']", "a backslash in a string must escape ' or \\ at character 22"],
      ["[ipv4-addr:value ~ '1']", 'unexpected character "~" at character 18'],
      ["[ipv4-addr:value = '1'] REPEATS 0 TIMES", 'REPEATS needs a positive integer at character 33'],
      ["[file:hashes.MD5 = h'abc']", 'malformed hex literal at character 20'],
      ['[ipv4-addr:value MATCHES 5]', 'MATCHES needs a string at character 18'],
      ["[ipv4-addr:value = '1'] junk", 'unexpected text after the pattern at character 25'],
    ];
    for (const [pattern, message] of cases) {
      expect(() => parsePattern(pattern), pattern).toThrow(PatternError);
      expect(() => parsePattern(pattern), pattern).toThrow(message);
    }
  });
});

describe("a partner's STIX 2.1 bundle, written by hand from the specification", () => {
  it('is recognised by content and read into indicators of the actors it indicates, with its producer as source', () => {
    const doc = load('partner.stix.json');
    expect(partnerFormat(doc)).toBe('stix');
    const read = readPartner(doc);
    const source = 'Northwind AI Trust & Safety';
    expect(read.indicators.map((i) => [i.ref.slice(-3), i.actor, i.type, i.value, i.source])).toEqual([
      ['c01', 'Saltmarsh Research', 'cidr', '202.146.152.0/24', source],
      ['c02', 'Saltmarsh Research', 'cidr', '2001:db8:7::/48', source],
      ['c03', 'Saltmarsh Research', 'asn', 'AS65328', source],
      ['c04', 'Saltmarsh Research', 'user_agent', "lab's \\client/1.0", source],
      ['c05', 'Saltmarsh Research', 'user_agent', 're:^saltmarsh-harvester/', source],
      ['c06', 'Saltmarsh Research', 'email_domain', 'saltmarsh-research.org', source],
      ['c07', 'Saltmarsh Research', 'email_domain', 'saltmarsh.example', source],
      ['c08', 'Saltmarsh Research', 'cidr', '198.51.100.7', source],
      ['c16', 'Saltmarsh Research', 'cidr', '300.1.1.0/24', source],
      ['c17', 'Saltmarsh Research', 'user_agent', 're:(?<=x)y', source],
    ]);
    expect(read.skipped).toEqual([
      { ref: ref('c08'), reason: 'compares file:hashes.SHA-256 with =, which distill-audit cannot evaluate on request logs' },
      { ref: ref('c09'), reason: 'compares file:hashes.SHA-256 with =, which distill-audit cannot evaluate on request logs' },
      { ref: ref('c10'), reason: 'pattern joins comparisons with AND, which distill-audit cannot evaluate as one indicator' },
      { ref: ref('c11'), reason: 'pattern combines observations with FOLLOWEDBY, which distill-audit cannot evaluate' },
      { ref: ref('c12'), reason: 'pattern has a WITHIN qualifier, which distill-audit cannot evaluate' },
      { ref: ref('c13'), reason: 'pattern does not parse: expected "]" at character 34' },
      { ref: ref('c15'), reason: 'indicates no intrusion-set or threat-actor (directly or through a campaign attributed to one)' },
      { ref: ref('c14'), reason: 'pattern_type "yara" is not "stix"' },
      { ref: ref('c18'), reason: 'revoked' },
    ]);
  });

  it('as --indicators: values the tool cannot use are skipped with the reason, never fatal', async () => {
    const ctx = await testContext();
    close = () => ctx.db.close();
    const inv = await readInvestigation(ctx, fixture('partner.stix.json'));
    expect(inv.indicators.map((i) => [i.actor, i.type, i.value, i.ordinal, i.source])).toEqual([
      ['Saltmarsh Research', 'cidr', '202.146.152.0/24', 0, 'Northwind AI Trust & Safety'],
      ['Saltmarsh Research', 'cidr', '2001:db8:7::/48', 1, 'Northwind AI Trust & Safety'],
      ['Saltmarsh Research', 'asn', 'AS65328', 2, 'Northwind AI Trust & Safety'],
      ['Saltmarsh Research', 'user_agent', "lab's \\client/1.0", 3, 'Northwind AI Trust & Safety'],
      ['Saltmarsh Research', 'user_agent', 're:^saltmarsh-harvester/', 4, 'Northwind AI Trust & Safety'],
      ['Saltmarsh Research', 'email_domain', 'saltmarsh-research.org', 5, 'Northwind AI Trust & Safety'],
      ['Saltmarsh Research', 'email_domain', 'saltmarsh.example', 6, 'Northwind AI Trust & Safety'],
      ['Saltmarsh Research', 'cidr', '198.51.100.7', 7, 'Northwind AI Trust & Safety'],
    ]);
    expect(inv.modelReleases).toEqual([]);
    expect(ctx.log.infos).toEqual([`${fixture('partner.stix.json')}: STIX 2.1 bundle, 8 indicator(s) of 1 actor(s) read, 11 skipped`]);
    const at = fixture('partner.stix.json');
    expect(ctx.log.warnings).toEqual([
      `${at}: skipped 2: compares file:hashes.SHA-256 with =, which distill-audit cannot evaluate on request logs (${ref('c08')}, ${ref('c09')})`,
      `${at}: skipped 1: pattern joins comparisons with AND, which distill-audit cannot evaluate as one indicator (${ref('c10')})`,
      `${at}: skipped 1: pattern combines observations with FOLLOWEDBY, which distill-audit cannot evaluate (${ref('c11')})`,
      `${at}: skipped 1: pattern has a WITHIN qualifier, which distill-audit cannot evaluate (${ref('c12')})`,
      `${at}: skipped 1: pattern does not parse: expected "]" at character 34 (${ref('c13')})`,
      `${at}: skipped 1: indicates no intrusion-set or threat-actor (directly or through a campaign attributed to one) (${ref('c15')})`,
      `${at}: skipped 1: pattern_type "yara" is not "stix" (${ref('c14')})`,
      `${at}: skipped 1: revoked (${ref('c18')})`,
      `${at}: skipped 1: "300.1.1.0/24" is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32 (${ref('c16')})`,
      `${at}: skipped 1: invalid regular expression (RE2 syntax): invalid perl operator: (?< (${ref('c17')})`,
    ]);
  });
});

describe('salted hashes of account ids and payment fingerprints (share --share-hashed-ids)', () => {
  const salt = 'agreed-with-partner-2026';
  const hex = (c: string) => c.repeat(64);
  const bundle = {
    type: 'bundle',
    id: 'bundle--00000000-0000-4000-8000-000000000001',
    objects: [
      {
        type: 'identity',
        spec_version: '2.1',
        id: 'identity--00000000-0000-4000-8000-000000000002',
        created: '2026-03-01T00:00:00.000Z',
        modified: '2026-03-01T00:00:00.000Z',
        name: 'Partner P',
      },
      {
        type: 'intrusion-set',
        spec_version: '2.1',
        id: 'intrusion-set--00000000-0000-4000-8000-000000000003',
        created: '2026-03-01T00:00:00.000Z',
        modified: '2026-03-01T00:00:00.000Z',
        name: 'Actor H',
      },
      {
        type: 'campaign',
        spec_version: '2.1',
        id: 'campaign--00000000-0000-4000-8000-000000000004',
        created_by_ref: 'identity--00000000-0000-4000-8000-000000000002',
        created: '2026-03-01T00:00:00.000Z',
        modified: '2026-03-01T00:00:00.000Z',
        name: 'c',
        extensions: {
          [EXTENSION_ID]: {
            extension_type: 'property-extension',
            hashed_account_id: [`sha256:${hex('a')}`, 'sha256:short'],
            hashed_payment_fingerprint: [`sha256:${hex('b')}`],
            hashed_email: [`sha256:${hex('c')}`],
          },
        },
      },
      {
        type: 'relationship',
        spec_version: '2.1',
        id: 'relationship--00000000-0000-4000-8000-000000000005',
        created: '2026-03-01T00:00:00.000Z',
        modified: '2026-03-01T00:00:00.000Z',
        relationship_type: 'attributed-to',
        source_ref: 'campaign--00000000-0000-4000-8000-000000000004',
        target_ref: 'intrusion-set--00000000-0000-4000-8000-000000000003',
      },
    ],
  };
  const campaign = 'campaign--00000000-0000-4000-8000-000000000004';

  it("are read from the campaign's extension (STIX) or tagged text attributes (MISP) as indicators of its actor", () => {
    const read = readPartner(bundle);
    expect(read.indicators.map((i) => [i.actor, i.type, i.value, i.source])).toEqual([
      ['Actor H', 'account_id', `sha256:${hex('a')}`, 'Partner P'],
      ['Actor H', 'payment_fingerprint', `sha256:${hex('b')}`, 'Partner P'],
    ]);
    expect(read.skipped).toEqual([
      { ref: campaign, reason: 'hashed_account_id: "sha256:short" is not "sha256:" and 64 hex digits' },
      { ref: campaign, reason: '1 salted hash(es) of e-mail addresses: not an indicator type distill-audit matches' },
    ]);
    const misp = readPartner({
      Event: {
        info: 'x',
        Orgc: { name: 'Org M' },
        Attribute: [
          {
            type: 'text',
            value: `sha256:${hex('d')}`,
            to_ids: false,
            comment: 'C1: salted SHA-256 of a payment fingerprint (salt agreed out of band)',
            Tag: [{ name: 'misp-galaxy:threat-actor="Actor H"' }],
          },
          {
            type: 'text',
            value: `sha256:${hex('e')}`,
            to_ids: false,
            comment: 'C1: salted SHA-256 of an api key id (salt agreed out of band)',
            Tag: [{ name: 'misp-galaxy:threat-actor="Actor H"' }],
          },
        ],
      },
    });
    expect(misp.indicators.map((i) => [i.actor, i.type, i.value, i.source])).toEqual([
      ['Actor H', 'payment_fingerprint', `sha256:${hex('d')}`, 'Org M'],
    ]);
    expect(misp.skipped).toEqual([]);
  });

  it('are compared only when the scan has the salt (--partner-salt); without it they are skipped, saying so', async () => {
    const without = await testContext();
    const withSalt = await testContext({ partnerSalt: salt });
    close = () => {
      without.db.close();
      withSalt.db.close();
    };
    const path = put(scratchDir(), 'hashed.stix.json', JSON.stringify(bundle));
    expect((await readInvestigation(without, path)).indicators).toEqual([]);
    expect(without.log.warnings).toContain(
      `${path}: skipped 1: a salted hash of an account id: give the salt agreed with the partner as --partner-salt to compare (${campaign})`,
    );
    expect((await readInvestigation(withSalt, path)).indicators.map((i) => [i.type, i.value])).toEqual([
      ['account_id', `sha256:${hex('a')}`],
      ['payment_fingerprint', `sha256:${hex('b')}`],
    ]);
  });
});

describe("a partner's MISP event, written by hand from the core format", () => {
  it("is read with the event's threat-actor galaxy as actor and its Orgc as source", async () => {
    const doc = load('partner.misp.json');
    expect(partnerFormat(doc)).toBe('misp');
    const read = readPartner(doc);
    expect(read.skipped).toEqual([
      { ref: '7c1d3e5f-2a4b-4c6d-8e0f-00000000a006', reason: 'MISP type "md5" is not one distill-audit can evaluate on request logs' },
      { ref: '7c1d3e5f-2a4b-4c6d-8e0f-00000000a007', reason: 'to_ids is false (not meant for detection)' },
      { ref: '7c1d3e5f-2a4b-4c6d-8e0f-00000000a008', reason: 'deleted' },
      {
        ref: '7c1d3e5f-2a4b-4c6d-8e0f-00000000a009',
        reason: 'MISP type "email-src" is not one distill-audit can evaluate on request logs',
      },
    ]);
    const ctx = await testContext();
    close = () => ctx.db.close();
    const inv = await readInvestigation(ctx, fixture('partner.misp.json'));
    expect(inv.indicators.map((i) => [i.actor, i.type, i.value, i.source])).toEqual([
      ['Saltmarsh Research', 'cidr', '202.146.152.0/24', 'Eastgate Models Security'],
      ['Saltmarsh Research', 'asn', 'AS65328', 'Eastgate Models Security'],
      ['Saltmarsh Research', 'user_agent', 'lab\'s "quoted" \\client/2.0', 'Eastgate Models Security'],
      ['Saltmarsh Research', 'email_domain', 'saltmarsh-research.org', 'Eastgate Models Security'],
      ['Saltmarsh Research', 'client_fingerprint', 'e7d705a3286e19ea42f587b344ee6865', 'Eastgate Models Security'],
      ['Saltmarsh Research', 'client_fingerprint', 't13d1217h2_bdf7b5192b3f_0e2245f0e0d7', 'Eastgate Models Security'],
    ]);
  });

  it('an event without a threat-actor galaxy names its actor by its info; attribute tags win over both', () => {
    const plain = readPartner({
      Event: { info: 'Harvester X', Orgc: { name: 'Org' }, Attribute: [{ type: 'ip-src', value: '192.0.2.0/24', to_ids: true }] },
    });
    expect(plain.indicators.map((i) => [i.actor, i.value, i.source, i.ref])).toEqual([
      ['Harvester X', '192.0.2.0/24', 'Org', 'Event.Attribute[0]'],
    ]);
    const tagged = readPartner({
      response: [
        {
          Event: {
            info: 'two actors',
            Org: { name: 'Org B' },
            Attribute: [
              { type: 'AS', value: 'AS64500', to_ids: true, Tag: [{ name: 'misp-galaxy:threat-actor="Actor A"' }] },
              { type: 'AS', value: 'AS64501', to_ids: true },
            ],
          },
        },
      ],
    });
    expect(tagged.indicators.map((i) => [i.actor, i.value, i.source])).toEqual([['Actor A', 'AS64500', 'Org B']]);
    expect(tagged.skipped).toEqual([
      { ref: 'Event.Attribute[1]', reason: 'no threat-actor tag on this attribute, while others of the event have one' },
    ]);
  });

  it('an ordinary investigation file is not taken for a partner file', () => {
    expect(partnerFormat({ actors: [] })).toBeNull();
    expect(partnerFormat({ type: 'bundle' })).toBeNull();
    expect(partnerFormat([])).toBeNull();
  });
});
