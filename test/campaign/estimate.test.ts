import { describe, expect, it } from 'vitest';
import { chapman } from '../../src/campaign/capture.js';
import { disclosure, roundDownThreeFigures } from '../../src/campaign/disclosure.js';
import { bootstrapTotal, estimateExchanges, samplingInterval } from '../../src/campaign/estimate.js';
import { levelOf } from '../../src/campaign/level.js';

describe('disclosure wording', () => {
  it('says "more than" a number below the lower bound, rounded down to three significant figures (under 1 % given up)', () => {
    expect(roundDownThreeFigures(5234)).toBe(5230);
    expect(roundDownThreeFigures(13_456_789)).toBe(13_400_000);
    expect(roundDownThreeFigures(999)).toBe(999);
    expect(roundDownThreeFigures(0)).toBe(0);
    expect(disclosure(5299.9)).toBe('more than 5,290');
    expect(disclosure(149_999)).toBe('more than 149,000');
    expect(disclosure(10_999)).toBe('more than 10,900');
    // A bound of exactly 12,000 does not make "more than 12,000" true.
    expect(disclosure(12_000)).toBe('more than 11,900');
    expect(disclosure(1)).toBe('more than 0');
    for (const lo of [1, 57, 999, 1000, 1001, 19_484, 123_456, 9_999_999]) {
      const n = Number(disclosure(lo).replace(/\D/g, ''));
      expect(n).toBeLessThan(lo);
      expect(n).toBeGreaterThanOrEqual(Math.floor(lo * 0.99) - 1);
    }
  });
});

describe('Chapman capture–recapture', () => {
  it('matches the textbook estimator and variance', () => {
    const r = chapman({ first: 60, second: 50, both: 30 });
    expect(r.total).toBeCloseTo((61 * 51) / 31 - 1, 9);
    expect(r.variance).toBeCloseTo((61 * 51 * 30 * 20) / (31 ** 2 * 32), 9);
    expect(r.seen).toBe(80);
    expect(r.ci95[0]).toBeGreaterThan(80);
    expect(r.ci95[0]).toBeLessThan(r.total);
    expect(r.ci95[1]).toBeGreaterThan(r.total);
  });

  it('sees nothing missing when both families caught every account', () => {
    expect(chapman({ first: 40, second: 40, both: 40 })).toMatchObject({ seen: 40, total: 40, ci95: [40, 40] });
  });

  it('rejects impossible counts', () => {
    expect(() => chapman({ first: 3, second: 5, both: 4 })).toThrow(RangeError);
  });
});

describe('exchange estimates', () => {
  const counts = Array.from({ length: 50 }, (_, i) => 100 + ((i * 37) % 80));
  const total = counts.reduce((a, b) => a + b, 0);

  it('equals the observed count when nothing is sampled or missed, with an interval around it', () => {
    const e = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: { first: 50, second: 50, both: 50 }, seed: 7 });
    expect(e.observed).toBe(total);
    expect(e.estimate).toBe(total);
    expect(e.ci95[0]).toBeLessThanOrEqual(total);
    expect(e.ci95[1]).toBeGreaterThanOrEqual(total);
    expect(e.sources.sampling).toEqual([total, total]);
    expect(e.sources.unseen).toEqual([total, total]);
    expect(e.disclosure).toBe(`more than ${roundDownThreeFigures(e.ci95[0] - 1).toLocaleString('en-US')}`);
  });

  it('scales by the sampling rate (Horvitz–Thompson) and widens the interval', () => {
    const full = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: null, seed: 7 });
    const sampled = estimateExchanges({ accountCounts: counts, samplingRate: 0.1, capture: null, seed: 7 });
    expect(sampled.estimate).toBe(total * 10);
    const width = (e: typeof full) => (e.ci95[1] - e.ci95[0]) / e.estimate;
    expect(width(sampled)).toBeGreaterThan(width(full));
    // The binomial score interval: about ±1.96·√(kept·(1−p))/p for many kept exchanges, wider above than below.
    const half = (1.96 * Math.sqrt(total * 0.9)) / 0.1;
    const [lo, hi] = sampled.sources.sampling;
    expect(hi - sampled.estimate).toBeGreaterThan(sampled.estimate - lo);
    expect((hi - lo) / 2).toBeCloseTo(half, -1);
    // N at either bound puts the kept count 1.96 standard deviations from N·p.
    for (const [n, sign] of [
      [samplingInterval(total, 0.1)[0], -1],
      [samplingInterval(total, 0.1)[1], 1],
    ] as const) {
      expect(n * 0.1 + sign * -1.96 * Math.sqrt(n * 0.1 * 0.9)).toBeCloseTo(total, 6);
    }
  });

  it('gives a thin sample an honest upper bound: a handful kept may stand for many more', () => {
    expect(samplingInterval(0, 0.1)[0]).toBe(0);
    expect(samplingInterval(0, 0.1)[1]).toBeCloseTo((1.96 ** 2 * 0.9) / 0.1, 6);
    const [lo, hi] = samplingInterval(9, 0.1);
    const wald = (1.96 * Math.sqrt(9 * 0.9)) / 0.1;
    expect(hi).toBeGreaterThan(90 + wald);
    expect(lo).toBeGreaterThan(90 - wald);
    expect(samplingInterval(42, 1)).toEqual([42, 42]);
  });

  it('adds the accounts capture–recapture says were missed', () => {
    const e = estimateExchanges({ accountCounts: counts, samplingRate: 1, capture: { first: 40, second: 40, both: 30 }, seed: 7 });
    const n = chapman({ first: 40, second: 40, both: 30 });
    expect(e.estimate).toBe(Math.round(total * (1 + (n.total - 50) / 50)));
    expect(e.estimate).toBeGreaterThan(total);
    expect(e.sources.unseen[1]).toBeGreaterThan(e.estimate);
    expect(e.ci95[1]).toBeGreaterThan(e.sources.unseen[1] - 1);
  });

  it('keeps ci95[0] <= estimate <= ci95[1] for awkward inputs', () => {
    const cases = [[], [5], [0, 0, 0], [1, 1_000_000], counts];
    for (const c of cases) {
      for (const rate of [1, 0.5, 0.01]) {
        const e = estimateExchanges({ accountCounts: c, samplingRate: rate, capture: null, seed: 1 });
        expect(e.ci95[0]).toBeLessThanOrEqual(e.estimate);
        expect(e.estimate).toBeLessThanOrEqual(e.ci95[1]);
        expect(e.ci95[0]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('bootstraps deterministically for a seed', () => {
    expect(bootstrapTotal(counts, 3, 500)).toEqual(bootstrapTotal(counts, 3, 500));
    expect(bootstrapTotal(counts, 3, 500)).not.toEqual(bootstrapTotal(counts, 4, 500));
    const [lo, hi] = bootstrapTotal(counts, 3, 2000);
    expect(lo).toBeLessThan(total);
    expect(hi).toBeGreaterThan(total);
  });
});

describe('levels', () => {
  it('take the lower of score grade and size grade', () => {
    expect(levelOf(0.95, 2_000_000, 3000)).toBe('critical');
    expect(levelOf(0.95, 50, 3)).toBe('informational');
    expect(levelOf(0.95, 5_000, 20)).toBe('medium');
    expect(levelOf(0.6, 2_000_000, 3000)).toBe('low');
    expect(levelOf(0.8, 20_000, 60)).toBe('high');
  });
});
