import { WRITTEN_COLUMNS, type SimExchange } from '../exchange.js';

/** How one day's file is written: the variety a real export shows. */
export type LogFormat = 'jsonl' | 'jsonl-aliased' | 'csv';

/** Canonical JSON Lines: contract column names, ISO-8601 UTC timestamps, absent fields omitted. */
export function canonicalLine(e: SimExchange): string {
  const o: Record<string, unknown> = {};
  for (const k of WRITTEN_COLUMNS) {
    const v = k === 'ts' ? new Date(e.ts).toISOString() : e[k];
    if (v !== null) o[k] = v;
  }
  return JSON.stringify(o);
}

/**
 * Another exporter's dialect: aliased and nested field names (all listed in src/load/schema.ts)
 * and epoch-millisecond timestamps.
 */
export function aliasedLine(e: SimExchange): string {
  const request: Record<string, unknown> = { id: e.request_id, model: e.model };
  if (e.max_tokens !== null) request.max_tokens = e.max_tokens;
  if (e.temperature !== null) request.temperature = e.temperature;
  const o: Record<string, unknown> = {
    timestamp: e.ts,
    org_id: e.account_id,
    api_key: e.api_key_id,
    request,
    client_ip: e.ip,
    userAgent: e.user_agent,
    fingerprint: e.client_fingerprint,
    geo: { asn: e.asn, country: e.country },
    usage: { input_tokens: e.input_tokens, output_tokens: e.output_tokens },
    user_prompt: e.prompt,
  };
  if (e.system_prompt !== null) o.systemPrompt = e.system_prompt;
  o.thread_id = e.conversation_id;
  o.turn_index = e.turn;
  if (e.tools !== null) o.tool_names = e.tools;
  o.status_code = Number(e.status);
  return JSON.stringify(o);
}

export const CSV_HEADER = WRITTEN_COLUMNS.join(',');

/** RFC 4180 row; timestamps without a zone (UTC by the contract), nulls as empty fields. */
export function csvRow(e: SimExchange): string {
  return WRITTEN_COLUMNS.map((k) => {
    const v = k === 'ts' ? new Date(e.ts).toISOString().replace('T', ' ').replace('Z', '') : e[k];
    return csvField(v === null ? '' : String(v));
  }).join(',');
}

export function csvField(s: string): string {
  return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatLine(format: LogFormat, e: SimExchange): string {
  return format === 'csv' ? csvRow(e) : format === 'jsonl-aliased' ? aliasedLine(e) : canonicalLine(e);
}
