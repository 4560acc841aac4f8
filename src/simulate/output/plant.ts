import type { SimExchange } from '../exchange.js';
import type { Random } from '../random.js';
import { aliasedLine, canonicalLine, csvRow, type LogFormat } from './formats.js';

/** A planted bad record: what is wrong with it, and its text. */
export interface PlantedLine {
  reason: string;
  text: string;
}

/**
 * Records an export pipeline garbles: each must end in quarantine, never in the exchanges table.
 * Built from a real record of the day with a fresh id, so only the damage tells them apart.
 */
export function malformedRecord(rng: Random, format: LogFormat, model: SimExchange): PlantedLine {
  const fresh: SimExchange = { ...model, request_id: `req_${rng.hex(24)}` };
  if (format === 'csv') {
    const kind = rng.pick(['bad_ts', 'missing_account'] as const);
    if (kind === 'bad_ts')
      return { reason: 'unparsable timestamp', text: csvRow({ ...fresh, ts: 0 }).replace(/^([^,]*),[^,]*,/, '$1,31/02/2026 25:61,') };
    return { reason: 'missing account_id', text: csvRow({ ...fresh, account_id: '' }) };
  }
  const kind = rng.pick(['truncated', 'missing_account', 'bad_ts', 'null_ts'] as const);
  const line = format === 'jsonl-aliased' ? aliasedLine(fresh) : canonicalLine(fresh);
  const obj = JSON.parse(line) as Record<string, unknown>;
  const tsKey = format === 'jsonl-aliased' ? 'timestamp' : 'ts';
  const accountKey = format === 'jsonl-aliased' ? 'org_id' : 'account_id';
  switch (kind) {
    case 'truncated':
      return { reason: 'truncated JSON', text: line.slice(0, Math.max(20, Math.floor(line.length * rng.uniform(0.2, 0.8)))) };
    case 'missing_account':
      delete obj[accountKey];
      return { reason: 'missing account_id', text: JSON.stringify(obj) };
    case 'bad_ts':
      obj[tsKey] = format === 'jsonl-aliased' ? 'soon' : '2026-02-31T25:61:00Z';
      return { reason: 'unparsable timestamp', text: JSON.stringify(obj) };
    default:
      obj[tsKey] = null;
      return { reason: 'missing timestamp', text: JSON.stringify(obj) };
  }
}
