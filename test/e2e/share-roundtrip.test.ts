import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { attributions, demo, here, scanDemo, shareTo } from '../share/helpers.js';

// Share the demo's findings, read them back as --indicators and scan again: five scans in all.
const scratch = mkdtempSync(join(tmpdir(), 'da-share-rt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const scan = scanDemo;
const SALT = 'agreed-with-partner-2026';

let report: Report;
beforeAll(async () => {
  const reportDir = join(scratch, 'report');
  report = scanDemo(demo('indicators.json'), reportDir);
  for (const format of ['stix', 'misp']) {
    await shareTo(reportDir, ['--format', format, '--producer', 'Provider A Trust & Safety'], join(scratch, `demo.${format}.json`));
    await shareTo(
      reportDir,
      ['--format', format, '--producer', 'Provider A Trust & Safety', '--share-hashed-ids', '--salt', SALT],
      join(scratch, `hashed.${format}.json`),
    );
  }
});

describe('round trip: a shared bundle read back as --indicators', () => {
  it('STIX and MISP attribute the same campaigns to the same actors, naming the producer as source', () => {
    const before = attributions(report);
    for (const format of ['stix', 'misp'] as const) {
      const again = attributions(scan(join(scratch, `demo.${format}.json`), join(scratch, `rt-${format}`)));
      expect(
        again.map((c) => c.accounts),
        format,
      ).toEqual(before.map((c) => c.accounts));
      // C1 (Meridian Forge) rests only on payment fingerprints and account ids, which do not leave
      // by default (the next test shares them hashed).
      expect(
        again.map((c) => [c.actor, c.sources]),
        format,
      ).toEqual(before.map((c) => (c.actor === 'Meridian Forge' ? [null, []] : [c.actor, c.actor ? ['Provider A Trust & Safety'] : []])));
    }
    expect(before.map((c) => c.actor).sort()).toEqual(['Meridian Forge', 'Saltmarsh Research', null].sort());
  });

  it('with --share-hashed-ids, read back with --partner-salt, every campaign keeps its actor', () => {
    const before = attributions(report);
    for (const format of ['stix', 'misp'] as const) {
      const again = attributions(
        scanDemo(join(scratch, `hashed.${format}.json`), join(scratch, `rth-${format}`), ['--partner-salt', SALT]),
      );
      expect(
        again.map((c) => [c.accounts, c.actor, c.sources]),
        format,
      ).toEqual(before.map((c) => [c.accounts, c.actor, c.actor ? ['Provider A Trust & Safety'] : []]));
    }
  });

  it('a partner bundle and event written by hand name the partner for each piece of evidence', () => {
    for (const [file, source, confidence] of [
      ['partner.stix.json', 'Northwind AI Trust & Safety', 'high'],
      ['partner.misp.json', 'Eastgate Models Security', 'high'],
    ] as const) {
      const r = scan(here(`fixtures/${file}`), join(scratch, `hand-${file}`));
      const c3 = r.campaigns.find((c) => c.attribution.actor !== null)!;
      expect(r.campaigns.filter((c) => c.attribution.actor !== null)).toHaveLength(1);
      expect([c3.attribution.actor, c3.attribution.confidence], file).toEqual(['Saltmarsh Research', confidence]);
      expect(
        c3.attribution.evidence.every((e) => e.source === source),
        file,
      ).toBe(true);
      expect(
        c3.attribution.evidence.map((e) => e.indicator),
        file,
      ).toContain('cidr 202.146.152.0/24');
      const md = readFileSync(join(scratch, `hand-${file}`, 'report.md'), 'utf8');
      expect(md).toContain(`| cidr 202.146.152.0/24, shared by ${source.replace('&', '\\&')} | 5 | 185 |`);
    }
  });
});
