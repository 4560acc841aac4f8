import { describe, expect, it } from 'vitest';
import { parseDuration, parseWindow } from '../../src/cli/options.js';
import { parseTime } from '../../src/time.js';
import { UserError } from '../../src/errors.js';

describe('time window flags', () => {
  it('reads ISO dates and times as UTC unless a zone is given', () => {
    expect(parseTime('2026-02-10', '--since').toISOString()).toBe('2026-02-10T00:00:00.000Z');
    expect(parseTime('2026-02-10T17:00', '--since').toISOString()).toBe('2026-02-10T17:00:00.000Z');
    expect(parseTime('2026-02-10 17:00:05', '--since').toISOString()).toBe('2026-02-10T17:00:05.000Z');
    expect(parseTime('2026-02-10T17:00:00+02:00', '--since').toISOString()).toBe('2026-02-10T15:00:00.000Z');
  });

  it('rejects what is not a time, naming the flag', () => {
    expect(() => parseTime('yesterday', '--until')).toThrow(/--until: "yesterday"/);
    expect(() => parseTime('2026-13-45', '--until')).toThrow(UserError);
  });

  it('reads durations in s, m, h, d and w', () => {
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('2W')).toBe(14 * 86_400_000);
    expect(() => parseDuration('0d')).toThrow(UserError);
    expect(() => parseDuration('30 days')).toThrow(/--last/);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => parseWindow({ since: '2026-02-10', until: '2026-02-01' })).toThrow(/must be before/);
    expect(parseWindow({ since: '2026-02-01', last: '7d' })).toEqual({
      since: new Date('2026-02-01T00:00:00Z'),
      lastMs: 7 * 86_400_000,
    });
  });
});
