import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { TRUTH_SCHEMA, type Truth } from '../simulate/truth.js';

/** The parts of report.json (schema distill-audit/report@1) that scoring reads. */
export interface ScoredReport {
  inputs: { path: string; records: number; loaded: number; rejected: number; duplicates: number }[];
  campaigns: {
    id: string;
    accounts: string[];
    exchanges: { observed: number; estimate: number; ci95: [number, number] };
    attribution: { actor: string | null };
  }[];
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new UserError(`${path}: no such file (${what})`, 'input-missing', path);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`not valid JSON (${what}): ${(err as Error).message}`, 'bad-json', path);
  }
}

export function readTruth(path: string): Truth {
  const doc = readJson(path, 'ground truth') as Partial<Truth> | null;
  if (!doc || doc.schema !== TRUTH_SCHEMA || !Array.isArray(doc.campaigns) || !Array.isArray(doc.traps) || !Array.isArray(doc.files)) {
    throw new UserError(`not a ground-truth file (expected "schema": "${TRUTH_SCHEMA}" with campaigns, traps and files)`, 'bad-truth', path);
  }
  return doc as Truth;
}

/** Reads report.json from a report directory, or the file itself. */
export function readReport(pathOrDir: string): ScoredReport {
  const path = existsSync(pathOrDir) && statSync(pathOrDir).isDirectory() ? join(pathOrDir, 'report.json') : pathOrDir;
  const doc = readJson(path, 'report') as Record<string, unknown> | null;
  if (!doc || typeof doc.schema !== 'string' || !doc.schema.startsWith('distill-audit/report@') || !Array.isArray(doc.campaigns) || !Array.isArray(doc.inputs)) {
    throw new UserError('not a distill-audit report (expected "schema": "distill-audit/report@1" with inputs and campaigns)', 'bad-report', path);
  }
  const campaigns = doc.campaigns as ScoredReport['campaigns'];
  campaigns.forEach((c, i) => {
    const ok = c && typeof c.id === 'string' && Array.isArray(c.accounts) && c.exchanges && typeof c.exchanges.estimate === 'number'
      && Array.isArray(c.exchanges.ci95) && c.exchanges.ci95.length === 2 && c.attribution !== undefined;
    if (!ok) throw new UserError(`campaigns[${i}] lacks id, accounts, exchanges.{observed,estimate,ci95} or attribution`, 'bad-report', path);
  });
  return { inputs: doc.inputs as ScoredReport['inputs'], campaigns };
}
