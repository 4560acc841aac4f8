import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { READABLE_REPORT_SCHEMAS, REPORT_SCHEMA, type Report } from './model.js';

/**
 * The one reader of report.json, for every command that reads a report (`diff`, `evaluate`,
 * `share`). Takes the file or the report directory holding it. Accepts every schema in
 * `READABLE_REPORT_SCHEMAS` (each later version only adds optional fields, docs/contract.md) and
 * checks the fields those commands rely on; anything else is a usage error naming the file and
 * the field: `report-missing` (no such file), `report-unreadable` (cannot be read),
 * `report-invalid` (not JSON, or not a report).
 */
export function readReport(pathOrDir: string): Report {
  const path = isDirectory(pathOrDir) ? join(pathOrDir, 'report.json') : pathOrDir;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('no such report (report.json)', 'report-missing', path);
    throw new UserError(`cannot read report: ${code ?? (err as Error).message}`, 'report-unreadable', path);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`not JSON: ${(err as Error).message}`, 'report-invalid', path);
  }
  const fail = (where: string, what: string): never => {
    throw new UserError(`${where}: ${what}`, 'report-invalid', path);
  };
  if (!isObject(data)) return fail('(top level)', 'expected an object');
  if (!(READABLE_REPORT_SCHEMAS as readonly unknown[]).includes(data.schema)) {
    const older = READABLE_REPORT_SCHEMAS.filter((s) => s !== REPORT_SCHEMA)
      .map((s) => `"${s}"`)
      .join(', ');
    return fail('schema', `expected "${REPORT_SCHEMA}" (or an older ${older}), found ${JSON.stringify(data.schema)}`);
  }
  if (typeof data.generated_at !== 'string') fail('generated_at', 'expected a string');
  if (!Array.isArray(data.inputs)) return fail('inputs', 'expected an array');
  data.inputs.forEach((input: unknown, i: number) => {
    const at = `inputs[${i}]`;
    if (!isObject(input)) return fail(at, 'expected an object');
    if (typeof input.path !== 'string') fail(`${at}.path`, 'expected a string');
    for (const count of ['records', 'loaded', 'rejected', 'duplicates']) {
      if (typeof input[count] !== 'number') fail(`${at}.${count}`, 'expected a number');
    }
  });
  if (!Array.isArray(data.campaigns)) return fail('campaigns', 'expected an array');
  data.campaigns.forEach((c: unknown, i: number) => {
    const at = `campaigns[${i}]`;
    if (!isObject(c)) return fail(at, 'expected an object');
    if (typeof c.id !== 'string') fail(`${at}.id`, 'expected a string');
    if (!Array.isArray(c.accounts) || !c.accounts.every((a) => typeof a === 'string'))
      fail(`${at}.accounts`, 'expected an array of account ids');
    if (typeof c.account_count !== 'number') fail(`${at}.account_count`, 'expected a number');
    if (!isObject(c.exchanges) || typeof c.exchanges.estimate !== 'number' || typeof c.exchanges.observed !== 'number') {
      fail(`${at}.exchanges`, 'expected observed and estimate numbers');
    }
    const ci95: unknown = c.exchanges.ci95;
    if (!Array.isArray(ci95) || ci95.length !== 2 || !ci95.every((n) => typeof n === 'number'))
      fail(`${at}.exchanges.ci95`, 'expected two numbers');
    if (!isObject(c.attribution)) fail(`${at}.attribution`, 'expected an object');
    if (c.attribution.actor !== null && typeof c.attribution.actor !== 'string')
      fail(`${at}.attribution.actor`, 'expected a string or null');
  });
  return data as unknown as Report;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: each field used is checked one by one above
function isObject(v: unknown): v is Record<string, unknown> & { [k: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
