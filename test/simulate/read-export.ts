import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** An exchange as read back from the files, in canonical names, independent of the simulator's code. */
export interface ReadExchange {
  request_id: string;
  ts: number;
  account_id: string;
  api_key_id: string;
  ip: string;
  asn: string;
  user_agent: string;
  client_fingerprint: string;
  model: string;
  max_tokens: number | null;
  output_tokens: number;
  prompt: string;
  system_prompt: string | null;
  conversation_id: string;
  turn: number;
  tools: string | null;
}

export interface ReadFile {
  path: string;
  records: number;
  exchanges: ReadExchange[];
  malformed: number;
  duplicates: number;
}

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function fromCanonical(o: Record<string, unknown>): ReadExchange | null {
  const ts = typeof o.ts === 'string' ? Date.parse(o.ts.includes('Z') || o.ts.includes('+') ? o.ts : o.ts.replace(' ', 'T') + 'Z') : NaN;
  if (!o.account_id || Number.isNaN(ts)) return null;
  return {
    request_id: String(o.request_id),
    ts,
    account_id: String(o.account_id),
    api_key_id: String(o.api_key_id),
    ip: String(o.ip),
    asn: String(o.asn),
    user_agent: String(o.user_agent),
    client_fingerprint: String(o.client_fingerprint),
    model: String(o.model),
    max_tokens: o.max_tokens === undefined || o.max_tokens === '' || o.max_tokens === null ? null : Number(o.max_tokens),
    output_tokens: Number(o.output_tokens),
    prompt: String(o.prompt),
    system_prompt: o.system_prompt ? String(o.system_prompt) : null,
    conversation_id: String(o.conversation_id),
    turn: Number(o.turn),
    tools: o.tools ? String(o.tools) : null,
  };
}

function fromAliased(o: Record<string, any>): ReadExchange | null {
  // eslint-disable-line @typescript-eslint/no-explicit-any -- nested export shape
  if (typeof o.timestamp !== 'number' || !o.org_id) return null;
  return fromCanonical({
    request_id: o.request?.id,
    ts: new Date(o.timestamp).toISOString(),
    account_id: o.org_id,
    api_key_id: o.api_key,
    ip: o.client_ip,
    asn: o.geo?.asn,
    output_tokens: o.usage?.output_tokens,
    user_agent: o.userAgent,
    client_fingerprint: o.fingerprint,
    model: o.request?.model,
    max_tokens: o.request?.max_tokens ?? null,
    prompt: o.user_prompt,
    system_prompt: o.systemPrompt,
    conversation_id: o.thread_id,
    turn: o.turn_index,
    tools: o.tool_names,
  });
}

/** Reads every log file of a simulated export; a record that does not parse counts as malformed. */
export function readExport(dir: string): ReadFile[] {
  const files: ReadFile[] = [];
  for (const name of readdirSync(join(dir, 'logs')).sort()) {
    let text = readFileSync(join(dir, 'logs', name));
    if (name.endsWith('.gz')) text = gunzipSync(text);
    const body = text.toString('utf8');
    const file: ReadFile = { path: `logs/${name}`, records: 0, exchanges: [], malformed: 0, duplicates: 0 };
    const seen = new Set<string>();
    const take = (e: ReadExchange | null) => {
      file.records++;
      if (!e) file.malformed++;
      else if (seen.has(e.request_id)) file.duplicates++;
      else {
        seen.add(e.request_id);
        file.exchanges.push(e);
      }
    };
    if (/\.csv(\.gz)?$/.test(name)) {
      const [header, ...rows] = parseCsv(body);
      for (const r of rows) take(fromCanonical(Object.fromEntries(header!.map((h, i) => [h, r[i]]))));
    } else {
      for (const line of body.split('\n')) {
        if (line === '') continue;
        let o: Record<string, unknown> | null = null;
        try {
          o = JSON.parse(line) as Record<string, unknown>;
        } catch {
          o = null;
        }
        take(o === null ? null : name.includes('.ndjson') ? fromAliased(o) : fromCanonical(o));
      }
    }
    files.push(file);
  }
  return files;
}
