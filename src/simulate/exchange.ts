/** One simulated exchange, in the canonical columns of CONTRACT.md, plus its true label. */
export interface SimExchange {
  request_id: string;
  /** Epoch milliseconds. */
  ts: number;
  account_id: string;
  api_key_id: string;
  ip: string;
  user_agent: string;
  client_fingerprint: string;
  asn: string;
  country: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  max_tokens: number | null;
  temperature: number | null;
  prompt: string;
  system_prompt: string | null;
  conversation_id: string;
  turn: number;
  tools: string | null;
  status: string;
  /** Index of the true campaign, or -1 for honest traffic. Never written to the logs. */
  label: number;
}

/** The fields an exchange gets from who sends it and what is asked, before an account is chosen. */
export type ExchangeDraft = Omit<SimExchange, 'request_id' | 'account_id' | 'api_key_id' | 'label'>;

/** Canonical written order of the columns. */
export const WRITTEN_COLUMNS = [
  'request_id',
  'ts',
  'account_id',
  'api_key_id',
  'ip',
  'user_agent',
  'client_fingerprint',
  'asn',
  'country',
  'model',
  'input_tokens',
  'output_tokens',
  'max_tokens',
  'temperature',
  'prompt',
  'system_prompt',
  'conversation_id',
  'turn',
  'tools',
  'status',
] as const;

/** Rough token count of a text: about four characters a token, as for English. */
export function tokens(text: string | null): number {
  return text ? Math.max(1, Math.round(text.length / 4)) : 0;
}

export function byTime(a: SimExchange, b: SimExchange): number {
  return a.ts - b.ts || (a.request_id < b.request_id ? -1 : a.request_id > b.request_id ? 1 : 0);
}
