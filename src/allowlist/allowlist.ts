import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { isCidr } from '../load/cidr.js';
import { regexBudgetProblem } from '../rules/regex-budget.js';

/**
 * The allowlist file: known-good traffic an investigator vouches for, each entry with a reason.
 *
 *   { "entries": [ { "type": "account_id", "value": "acct_7", "reason": "partner evaluation programme" },
 *                  { "type": "org_name",   "value": "Example Labs", "reason": "..." },
 *                  { "type": "cidr",       "value": "198.51.100.0/24", "reason": "our own test traffic" },
 *                  { "type": "user_agent", "value": "re:^internal-eval/", "reason": "..." } ] }
 */
export const ALLOWLIST_TYPES = ['account_id', 'org_name', 'cidr', 'user_agent'] as const;
export type AllowlistType = (typeof ALLOWLIST_TYPES)[number];

export interface AllowlistEntry {
  type: AllowlistType;
  value: string;
  reason: string;
  ordinal: number;
}

export function readAllowlist(path: string): AllowlistEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read allowlist: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'allowlist-unreadable', path);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`allowlist is not valid JSON: ${(err as Error).message}`, 'allowlist-invalid', path);
  }
  return parseAllowlist(data, path);
}

export function parseAllowlist(data: unknown, file: string): AllowlistEntry[] {
  const fail = (where: string, why: string) => new UserError(`${where}: ${why}`, 'allowlist-invalid', file);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw fail('(top level)', 'expected an object with "entries"');
  const entries = (data as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw fail('entries', 'expected an array');
  return entries.map((raw, i) => {
    const where = `entries[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw fail(where, 'expected an object');
    const { type, value, reason } = raw as Record<string, unknown>;
    if (typeof type !== 'string' || !(ALLOWLIST_TYPES as readonly string[]).includes(type)) {
      throw fail(`${where}.type`, `unknown type ${JSON.stringify(type)}; one of ${ALLOWLIST_TYPES.join(', ')}`);
    }
    if (typeof value !== 'string' || value.trim() === '') throw fail(`${where}.value`, 'missing or empty');
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw fail(`${where}.reason`, 'missing or empty: every allowlist entry says why the traffic is known good');
    }
    if (type === 'cidr' && !isCidr(value.trim()))
      throw fail(`${where}.value`, `"${value}" is not a CIDR such as 198.51.100.0/24 or 2001:db8::/32`);
    const overBudget = type === 'user_agent' && value.trim().startsWith('re:') ? regexBudgetProblem(value.trim().slice(3)) : undefined;
    if (overBudget) throw fail(`${where}.value`, overBudget);
    return { type: type as AllowlistType, value: value.trim(), reason: reason.trim(), ordinal: i };
  });
}
