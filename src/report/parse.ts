import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { REPORT_SCHEMA, type Report } from './model.js';

/**
 * Reads a report.json written by this tool (or a compatible one), checking what commands that
 * read reports rely on; anything else is a clear usage error naming the file and the field.
 */
export function readReportFile(path: string): Report {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read report: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'report-unreadable', path);
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
  if (data.schema !== REPORT_SCHEMA) return fail('schema', `expected "${REPORT_SCHEMA}", found ${JSON.stringify(data.schema)}`);
  if (typeof data.generated_at !== 'string') fail('generated_at', 'expected a string');
  if (!Array.isArray(data.campaigns)) return fail('campaigns', 'expected an array');
  data.campaigns.forEach((c: unknown, i: number) => {
    const at = `campaigns[${i}]`;
    if (!isObject(c)) return fail(at, 'expected an object');
    if (typeof c.id !== 'string') fail(`${at}.id`, 'expected a string');
    if (!Array.isArray(c.accounts) || !c.accounts.every((a) => typeof a === 'string')) fail(`${at}.accounts`, 'expected an array of account ids');
    if (typeof c.account_count !== 'number') fail(`${at}.account_count`, 'expected a number');
    if (!isObject(c.exchanges) || typeof c.exchanges.estimate !== 'number' || typeof c.exchanges.observed !== 'number') {
      fail(`${at}.exchanges`, 'expected observed and estimate numbers');
    }
    if (!isObject(c.attribution)) fail(`${at}.attribution`, 'expected an object');
  });
  return data as unknown as Report;
}

function isObject(v: unknown): v is Record<string, unknown> & { [k: string]: any } { // any: each field used is checked one by one above
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
