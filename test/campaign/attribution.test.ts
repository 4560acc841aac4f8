import { describe, expect, it } from 'vitest';
import { gradeAttribution, type IndicatorMatch } from '../../src/campaign/attribution.js';

const campaign = { accounts: 100, exchanges: 10_000 };
const m = (actor: string, type: string, value: string, accounts: number, exchanges: number, ordinal = 0): IndicatorMatch => ({
  actor,
  type,
  value,
  ordinal,
  accounts,
  exchanges,
});

describe('attribution grading', () => {
  it('is high with broad coverage from two independent kinds', () => {
    const a = gradeAttribution(
      campaign,
      [m('Actor A', 'cidr', '203.0.113.0/24', 70, 7000), m('Actor A', 'payment_fingerprint', 'pf_1', 30, 2500, 1)],
      [{ actor: 'Actor A', accounts: 80, exchanges: 8000 }],
    );
    expect(a).toMatchObject({ actor: 'Actor A', confidence: 'high', kinds: 2, conflict: false });
    expect(a.evidence[0]).toEqual({ indicator: 'cidr 203.0.113.0/24', accounts: 70, exchanges: 7000 });
  });

  it('keeps the partner that shared an indicator on its evidence, and counts a client fingerprint as the client kind', () => {
    const a = gradeAttribution(
      campaign,
      [
        { ...m('A', 'cidr', '203.0.113.0/24', 70, 7000), source: 'Partner P' },
        { ...m('A', 'client_fingerprint', 't13d_x', 60, 6000, 1), source: null },
      ],
      [{ actor: 'A', accounts: 70, exchanges: 7000 }],
    );
    expect(a).toMatchObject({ actor: 'A', confidence: 'high', kinds: 2 });
    expect(a.evidence).toEqual([
      { indicator: 'cidr 203.0.113.0/24', accounts: 70, exchanges: 7000, source: 'Partner P' },
      { indicator: 'client_fingerprint t13d_x', accounts: 60, exchanges: 6000 },
    ]);
  });

  it('counts a CIDR and an ASN as one kind (both are the network)', () => {
    const a = gradeAttribution(
      campaign,
      [m('A', 'cidr', '203.0.113.0/24', 70, 7000), m('A', 'asn', 'AS64500', 60, 6000, 1)],
      [{ actor: 'A', accounts: 70, exchanges: 7000 }],
    );
    expect(a.confidence).toBe('medium');
    expect(a.kinds).toBe(1);
  });

  it('is low with thin coverage', () => {
    const a = gradeAttribution(campaign, [m('A', 'user_agent', 're:^lab/', 8, 600)], [{ actor: 'A', accounts: 8, exchanges: 600 }]);
    expect(a).toMatchObject({ actor: 'A', confidence: 'low' });
  });

  it('names nobody when nothing, or only chance overlap, supports an actor', () => {
    expect(gradeAttribution(campaign, [], [])).toMatchObject({ actor: null, confidence: null, evidence: [] });
    const chance = gradeAttribution(campaign, [m('A', 'asn', 'AS1', 1, 20)], [{ actor: 'A', accounts: 1, exchanges: 20 }]);
    expect(chance.actor).toBeNull();
    expect(chance.confidence).toBeNull();
    expect(chance.evidence).toEqual([{ indicator: 'asn AS1 (indicator of A)', accounts: 1, exchanges: 20 }]);
  });

  it('names the actor, with low confidence, when its own cards or accounts cover a small part', () => {
    const a = gradeAttribution(
      { accounts: 1000, exchanges: 100_000 },
      [m('A', 'payment_fingerprint', 'pf_1', 14, 1400), m('A', 'account_id', 'acct_9', 1, 116, 1)],
      [{ actor: 'A', accounts: 15, exchanges: 1516 }],
    );
    expect(a).toMatchObject({ actor: 'A', confidence: 'low', kinds: 2 });
  });

  it('reports a contested attribution honestly: low confidence, both actors in the evidence', () => {
    const a = gradeAttribution(
      campaign,
      [m('A', 'cidr', '198.51.100.0/24', 60, 6000), m('B', 'email_domain', 'example.org', 40, 4000)],
      [
        { actor: 'A', accounts: 60, exchanges: 6000 },
        { actor: 'B', accounts: 40, exchanges: 4000 },
      ],
    );
    expect(a).toMatchObject({ actor: 'A', confidence: 'low', conflict: true });
    expect(a.evidence.map((e) => e.indicator)).toEqual(['cidr 198.51.100.0/24', 'email_domain example.org (indicator of B)']);
  });

  it('withholds the name on a tie', () => {
    const a = gradeAttribution(
      campaign,
      [m('A', 'cidr', '198.51.100.0/24', 50, 5000), m('B', 'cidr', '192.0.2.0/24', 50, 5000)],
      [
        { actor: 'A', accounts: 50, exchanges: 5000 },
        { actor: 'B', accounts: 50, exchanges: 5000 },
      ],
    );
    expect(a).toMatchObject({ actor: null, confidence: null, conflict: true });
    expect(a.evidence).toHaveLength(2);
  });
});
