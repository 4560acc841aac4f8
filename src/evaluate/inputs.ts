import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { TRUTH_SCHEMA, type Truth } from '../simulate/truth.js';

/** The parts of report.json that scoring reads (read by `readReport` of src/report/read.ts). */
export interface ScoredReport {
  inputs: { path: string; records: number; loaded: number; rejected: number; duplicates: number }[];
  campaigns: {
    id: string;
    accounts: string[];
    exchanges: { observed: number; estimate: number; ci95: [number, number] };
    attribution: { actor: string | null };
  }[];
}

export function readTruth(path: string): Truth {
  if (!existsSync(path)) throw new UserError('no such file (ground truth)', 'truth-missing', path);
  let doc: Partial<Truth> | null;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<Truth> | null;
  } catch (err) {
    throw new UserError(`not valid JSON (ground truth): ${(err as Error).message}`, 'truth-invalid', path);
  }
  if (!doc || doc.schema !== TRUTH_SCHEMA || !Array.isArray(doc.campaigns) || !Array.isArray(doc.traps) || !Array.isArray(doc.files)) {
    throw new UserError(
      `not a ground-truth file (expected "schema": "${TRUTH_SCHEMA}" with campaigns, traps and files)`,
      'truth-invalid',
      path,
    );
  }
  return doc as Truth;
}
