import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportBundle } from '../../src/report/bundle.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'da-bundle-'));

describe('ReportBundle', () => {
  it('shows nothing at the target until commit, then everything', () => {
    const dir = scratch();
    const bundle = new ReportBundle(join(dir, 'report'), false);
    bundle.checkWritable();
    bundle.open();
    bundle.write('report.json', '{}');
    expect(existsSync(join(dir, 'report'))).toBe(false);
    bundle.commit();
    expect(readFileSync(join(dir, 'report', 'report.json'), 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['report']);
  });

  it('leaves no trace when abandoned', () => {
    const dir = scratch();
    const bundle = new ReportBundle(join(dir, 'report'), false);
    bundle.open();
    bundle.write('report.json', '{"half":');
    bundle.abandon();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to replace an existing report without force, and replaces an earlier report whole with force', () => {
    const dir = scratch();
    const target = join(dir, 'report');
    mkdirSync(target);
    writeFileSync(join(target, 'report.json'), '{"schema": "distill-audit/report@1"}');
    writeFileSync(join(target, 'old.txt'), 'old');
    expect(() => new ReportBundle(target, false).checkWritable()).toThrow(/--force/);
    const bundle = new ReportBundle(target, true);
    bundle.checkWritable();
    bundle.open();
    bundle.write('report.json', '{}');
    bundle.commit();
    expect(readdirSync(target)).toEqual(['report.json']);
    expect(readdirSync(dir)).toEqual(['report']);
  });

  it('refuses, even with force, a directory that holds no earlier report', () => {
    const dir = scratch();
    const target = join(dir, 'report');
    mkdirSync(target);
    writeFileSync(join(target, 'old.txt'), 'old');
    expect(() => new ReportBundle(target, true).checkWritable()).toThrow(
      `report directory ${target} holds no earlier report (no report.json or manifest.json of distill-audit; it holds old.txt); --force replaces only an empty directory or one holding an earlier report`,
    );
    expect(readdirSync(target)).toEqual(['old.txt']);
  });

  it('sweeps the staging of a dead run and puts back the earlier report its cut-short commit had moved aside', () => {
    const dir = scratch();
    const target = join(dir, 'report');
    mkdirSync(join(dir, '.report.partial-999999'));
    writeFileSync(join(dir, '.report.partial-999999', 'report.json'), '{"half": true}');
    mkdirSync(join(dir, '.report.partial-999999.old'));
    writeFileSync(join(dir, '.report.partial-999999.old', 'report.json'), '{"schema": "distill-audit/report@1"}');
    const bundle = new ReportBundle(target, false);
    expect(bundle.open()).toEqual([join(dir, '.report.partial-999999')]);
    expect(readFileSync(join(target, 'report.json'), 'utf8')).toBe('{"schema": "distill-audit/report@1"}');
    bundle.abandon();
    expect(readdirSync(dir)).toEqual(['report']);
  });
});
