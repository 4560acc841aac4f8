import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { READABLE_REPORT_SCHEMAS, REPORT_SCHEMA } from '../../src/report/model.js';
import { readReport } from '../../src/report/read.js';
import { TRUTH_SCHEMA } from '../../src/simulate/truth.js';
import { runCli } from '../helpers/cli.js';
import { cleanScratch, scratch } from './helpers.js';

afterAll(cleanScratch);

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const validate = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(new URL('../../src/report/report.schema.json', import.meta.url), 'utf8')) as object,
);

/** A report@1 as the tool wrote it before @2: the demo scan, its first two campaigns, no @2 field, timings 1 ms. */
const V1 = fileURLToPath(new URL('./report-v1.json', import.meta.url));
/** Today's report of the same demo scan: @2 (the golden file, timings aside). */
const V2 = fileURLToPath(new URL('../golden/demo/report.json', import.meta.url));

function failure(path: string): UserError {
  try {
    readReport(path);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error(`${path} was read as a report`);
}

describe('readReport, the one reader of report.json', () => {
  it('reads @1 and @2 alike, from the file or its directory', () => {
    expect(READABLE_REPORT_SCHEMAS).toEqual(['distill-audit/report@1', 'distill-audit/report@2']);
    expect(REPORT_SCHEMA).toBe('distill-audit/report@2');
    const old = readReport(V1);
    expect(old.schema).toBe('distill-audit/report@1');
    expect(old.campaigns.map((c) => c.account_count)).toEqual([24, 13]);
    expect(old.evidence).toBeUndefined();
    const today = readReport(V2);
    expect(today.schema).toBe('distill-audit/report@2');
    expect(today.evidence).toBeDefined();
    const dir = join(scratch(), 'bundle');
    mkdirSync(dir);
    copyFileSync(V1, join(dir, 'report.json'));
    expect(readReport(dir)).toEqual(old);
  });

  it('gives one code per problem, naming the file and the field', () => {
    const dir = scratch();
    const put = (name: string, doc: unknown): string => {
      const path = join(dir, name);
      writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
      return path;
    };
    const v1 = JSON.parse(readFileSync(V1, 'utf8')) as Record<string, any>;
    const cases: [string, unknown, string, string][] = [
      ['text.json', 'not json', 'report-invalid', 'not JSON: '],
      ['array.json', [], 'report-invalid', '(top level): expected an object'],
      [
        'v3.json',
        { ...v1, schema: 'distill-audit/report@3' },
        'report-invalid',
        'schema: expected "distill-audit/report@2" (or an older "distill-audit/report@1"), found "distill-audit/report@3"',
      ],
      ['truth.json', { ...v1, schema: 'distill-audit/truth@1' }, 'report-invalid', 'found "distill-audit/truth@1"'],
      ['no-inputs.json', { ...v1, inputs: undefined }, 'report-invalid', 'inputs: expected an array'],
      ['input.json', { ...v1, inputs: [{ ...v1.inputs[0], loaded: '990' }] }, 'report-invalid', 'inputs[0].loaded: expected a number'],
      [
        'accounts.json',
        { ...v1, campaigns: [{ ...v1.campaigns[0], accounts: [1] }] },
        'report-invalid',
        'campaigns[0].accounts: expected an array of account ids',
      ],
      [
        'ci.json',
        { ...v1, campaigns: [v1.campaigns[0], { ...v1.campaigns[1], exchanges: { ...v1.campaigns[1].exchanges, ci95: [1] } }] },
        'report-invalid',
        'campaigns[1].exchanges.ci95: expected two numbers',
      ],
      [
        'actor.json',
        { ...v1, campaigns: [{ ...v1.campaigns[0], attribution: { ...v1.campaigns[0].attribution, actor: 7 } }] },
        'report-invalid',
        'campaigns[0].attribution.actor: expected a string or null',
      ],
    ];
    for (const [name, doc, code, message] of cases) {
      const err = failure(put(name, doc));
      expect([name, err.code, err.file], err.message).toEqual([name, code, join(dir, name)]);
      expect(err.message, name).toContain(message);
    }
    const missing = failure(join(dir, 'none.json'));
    expect([missing.code, missing.message, missing.file]).toEqual([
      'report-missing',
      'no such report (report.json)',
      join(dir, 'none.json'),
    ]);
    const emptyDir = join(dir, 'empty');
    mkdirSync(emptyDir);
    expect([failure(emptyDir).code, failure(emptyDir).file]).toEqual(['report-missing', join(emptyDir, 'report.json')]);
    if (process.getuid?.() !== 0) {
      const locked = put('locked.json', v1);
      chmodSync(locked, 0o000);
      expect([failure(locked).code, failure(locked).message]).toEqual(['report-unreadable', 'cannot read report: EACCES']);
    }
  });
});

describe('across the @1 → @2 upgrade (a CI job comparing yesterday with today)', () => {
  it('diff compares a report@1 with a report@2 both ways', () => {
    const forward = runCli(['diff', V1, V2]);
    expect(forward.stderr).toBe('');
    expect(forward.code).toBe(1);
    expect(forward.stdout.split('\n')[0]).toBe(
      '1 new, 0 grown, 0 vanished, 0 shrunk, 2 unchanged (old run 2025-12-31T00:00:00Z, new run 2026-01-01T00:00:00Z)',
    );
    const back = runCli(['diff', V2, V1, '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).counts).toEqual({ new: 0, grown: 0, shrunk: 0, unchanged: 2, vanished: 1 });
  });

  it('diff and evaluate refuse a report of an unknown version with exit 2 and the same message', () => {
    const dir = scratch();
    const v3 = join(dir, 'report.json');
    writeFileSync(v3, readFileSync(V1, 'utf8').replace('distill-audit/report@1', 'distill-audit/report@3'));
    const expected = `error: ${v3}: schema: expected "distill-audit/report@2" (or an older "distill-audit/report@1"), found "distill-audit/report@3"`;
    const diff = runCli(['diff', V1, v3]);
    expect([diff.code, diff.stderr.trim()]).toEqual([2, expected]);
    writeFileSync(join(dir, 'truth.json'), JSON.stringify({ schema: TRUTH_SCHEMA, campaigns: [], traps: [], files: [] }));
    const evaluate = runCli(['evaluate', '--truth', join(dir, 'truth.json'), '--report', dir]);
    expect([evaluate.code, evaluate.stderr.trim()]).toEqual([2, expected]);
  });
});

describe('report.schema.json describes @2', () => {
  it('a @1 report is a @2 report but for its schema string; inputs stay open; @2 fields stay checked', () => {
    const put = (doc: unknown): string => {
      const path = join(scratch(), 'report.json');
      writeFileSync(path, JSON.stringify(doc));
      return path;
    };
    const v1 = JSON.parse(readFileSync(V1, 'utf8')) as Record<string, any>;
    expect(validate(v1)).toBe(false);
    expect(validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual(['/schema must be equal to constant']);
    expect(validate({ ...v1, schema: REPORT_SCHEMA }), JSON.stringify(validate.errors)).toBe(true);
    const input = { ...v1.inputs[0], profile: 'openai-pairs', caller: 'metadata.user_id (user)', filtered: 0, paired: 2 };
    expect(validate({ ...v1, schema: REPORT_SCHEMA, inputs: [input] }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...v1, schema: REPORT_SCHEMA, inputs: [{ ...input, later_field: true }] }), JSON.stringify(validate.errors)).toBe(
      true,
    );
    expect(validate({ ...v1, schema: REPORT_SCHEMA, inputs: [{ ...input, paired: -1 }] })).toBe(false);
    expect(readReport(put({ ...v1, schema: REPORT_SCHEMA, inputs: [{ ...input, later_field: true }] })).inputs[0]).toMatchObject({
      paired: 2,
      later_field: true,
    });
    const v2 = JSON.parse(readFileSync(V2, 'utf8')) as Record<string, any>;
    for (const timed of [...v2.detectors, ...v2.stages]) timed.ms = 1; // the golden file leaves timings out
    expect(validate(v2), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...v1, schema: REPORT_SCHEMA, skipped_inputs: [{ path: 'a.zip' }] })).toBe(false);
    expect(validate({ ...v1, schema: REPORT_SCHEMA, surprise: 1 })).toBe(false);
  });
});
