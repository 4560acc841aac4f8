import type { Derive } from './source.js';

/** What kind of caller identity a caller candidate is, in the documented order of preference. */
export type CallerKind = 'end user' | 'key' | 'user' | 'role session' | 'team' | 'account';

/** The order callers are preferred in: the narrowest identity an export records comes first. */
export const CALLER_ORDER: readonly CallerKind[] = ['end user', 'key', 'user', 'role session', 'team', 'account'];

export interface ProfileColumn {
  /** Candidate paths (as `--map` writes them); the first whose value is not empty wins. */
  paths: readonly string[];
  derive?: Derive;
}

/**
 * An export profile: the traits of one system's export, kept in one place (`PROFILES`), from
 * which detection, the mapping, `schema --formats`, the README table and the tests all derive.
 */
export interface Profile {
  name: string;
  title: string;
  /** Detected when the first records hold every field of one of these sets (dotted paths). */
  detect: readonly (readonly string[])[];
  /** Canonical column -> where it comes from. `account_id` comes from `caller`. */
  columns: Readonly<Record<string, ProfileColumn>>;
  /** Caller identity candidates in order of preference (`CALLER_ORDER`): `account_id`. */
  caller: readonly { path: string; kind: CallerKind }[];
  /** Only rows whose value at `path` is one of `values` are exchanges; the others are counted as not exchanges. */
  where?: readonly { path: string; values: readonly string[] }[];
  /**
   * Rows sharing the value of the first non-empty of these paths are one exchange (a request
   * row and its response row): their JSON objects are merged (RFC 7396, the earlier row's value kept where both have one) before the columns are read.
   */
  pairBy?: readonly string[];
  /**
   * Fields whose JSON text is the record itself (CloudWatch Logs events carry the log record as
   * `message`, a Logs Insights CSV as `@message`): detected through them too, every path then
   * read below the envelope.
   */
  envelopes?: readonly string[];
  /** Records are not the file's rows but nested inside them (`otlp-spans`: every span of `resourceSpans`). */
  records?: 'otlp-spans';
  /** Evidence the export does not carry, for the README and `schema --formats`. */
  lacks: string;
}

const OTEL_ATTR = (name: string) => `span.attributes[${JSON.stringify(name)}]`;
const OTEL_RES = (name: string) => `resource[${JSON.stringify(name)}]`;

export const PROFILES: readonly Profile[] = [
  {
    name: 'bedrock-invocation',
    title: 'AWS Bedrock model invocation logs (S3 .json.gz objects or CloudWatch Logs), Converse and InvokeModel bodies',
    detect: [['schemaType', 'modelId', 'operation'], ['schemaType', 'modelId', 'identity.arn']],
    envelopes: ['message', '@message'],
    caller: [{ path: 'identity.arn', kind: 'role session' }, { path: 'accountId', kind: 'account' }],
    columns: {
      request_id: { paths: ['requestId'] },
      ts: { paths: ['timestamp'] },
      model: { paths: ['modelId'] },
      input_tokens: { paths: ['input.inputTokenCount'] },
      output_tokens: { paths: ['output.outputTokenCount'] },
      max_tokens: {
        paths: ['input.inputBodyJson.inferenceConfig.maxTokens', 'input.inputBodyJson.inferenceConfig.max_new_tokens', 'input.inputBodyJson.max_tokens',
          'input.inputBodyJson.max_gen_len', 'input.inputBodyJson.textGenerationConfig.maxTokenCount', 'input.inputBodyJson.max_tokens_to_sample'],
      },
      temperature: {
        paths: ['input.inputBodyJson.inferenceConfig.temperature', 'input.inputBodyJson.temperature', 'input.inputBodyJson.textGenerationConfig.temperature'],
      },
      prompt: { paths: ['input.inputBodyJson.messages', 'input.inputBodyJson.inputText', 'input.inputBodyJson.prompt'], derive: 'user_text' },
      system_prompt: { paths: ['input.inputBodyJson.system'], derive: 'system_text' },
      response: {
        paths: ['output.outputBodyJson.output.message', 'output.outputBodyJson.content', 'output.outputBodyJson.generation',
          'output.outputBodyJson.results', 'output.outputBodyJson.completion', 'output.outputBodyJson.choices'],
        derive: 'answer_text',
      },
      turns: { paths: ['input.inputBodyJson.messages'], derive: 'turns' },
      attachments: { paths: ['input.inputBodyJson.messages'], derive: 'attachments' },
      tools: { paths: ['input.inputBodyJson.toolConfig.tools', 'input.inputBodyJson.tools'], derive: 'tool_names' },
      tool_calls: { paths: ['output.outputBodyJson.output.message', 'output.outputBodyJson.content', 'output.outputBodyJson.choices'], derive: 'tool_calls' },
      status: { paths: ['errorCode', 'output.outputBodyJson.stopReason', 'output.outputBodyJson.stop_reason'] },
    },
    lacks: 'client IP, user agent, TLS fingerprint (CloudTrail has them for the same request id)',
  },
  {
    name: 'litellm-spendlogs',
    title: 'LiteLLM proxy spend logs (LiteLLM_SpendLogs, CSV from psql or JSON), messages and metadata as JSON text',
    detect: [['request_id', 'call_type', 'api_key', 'spend', 'startTime']],
    caller: [
      { path: 'end_user', kind: 'end user' },
      { path: 'api_key', kind: 'key' },
      { path: 'metadata.user_api_key', kind: 'key' },
      { path: 'user', kind: 'user' },
      { path: 'metadata.user_api_key_user_id', kind: 'user' },
      { path: 'team_id', kind: 'team' },
      { path: 'metadata.user_api_key_team_id', kind: 'team' },
      { path: 'organization_id', kind: 'account' },
      { path: 'metadata.user_api_key_org_id', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['request_id'] },
      ts: { paths: ['startTime'] },
      api_key_id: { paths: ['api_key', 'metadata.user_api_key'] },
      ip: { paths: ['requester_ip_address', 'metadata.requester_ip_address'] },
      model: { paths: ['model_group', 'model'] },
      input_tokens: { paths: ['prompt_tokens'] },
      output_tokens: { paths: ['completion_tokens'] },
      max_tokens: { paths: ['proxy_server_request.max_tokens', 'proxy_server_request.max_completion_tokens'] },
      temperature: { paths: ['proxy_server_request.temperature'] },
      // `messages` is filled for realtime calls only; the request body (proxy_server_request) holds
      // the chat messages when prompts are stored in spend logs.
      prompt: { paths: ['proxy_server_request.messages', 'messages', 'proxy_server_request.input', 'proxy_server_request.prompt'], derive: 'user_text' },
      system_prompt: { paths: ['proxy_server_request.messages', 'messages', 'proxy_server_request.system'], derive: 'system_text' },
      response: { paths: ['response.choices', 'response.output', 'response.content'], derive: 'answer_text' },
      conversation_id: { paths: ['session_id'] },
      turns: { paths: ['proxy_server_request.messages', 'messages'], derive: 'turns' },
      attachments: { paths: ['proxy_server_request.messages', 'messages'], derive: 'attachments' },
      tools: { paths: ['proxy_server_request.tools', 'proxy_server_request.functions'], derive: 'tool_names' },
      tool_calls: { paths: ['response.choices', 'response.output', 'response.content'], derive: 'tool_calls' },
      status: { paths: ['status'] },
    },
    lacks: 'user agent, TLS fingerprint; prompt and answer only when the proxy stores prompts in spend logs (store_prompts_in_spend_logs)',
  },
  {
    name: 'otlp-genai',
    title: 'OpenTelemetry GenAI spans as OTLP/JSON (resourceSpans; one document, pretty-printed, or one request per line)',
    detect: [['resourceSpans']],
    records: 'otlp-spans',
    where: [{ path: OTEL_ATTR('gen_ai.operation.name'), values: ['chat', 'text_completion', 'generate_content'] }],
    caller: [
      { path: OTEL_ATTR('user.id'), kind: 'end user' },
      { path: OTEL_ATTR('enduser.id'), kind: 'end user' },
      { path: OTEL_RES('user.id'), kind: 'end user' },
      { path: OTEL_RES('enduser.id'), kind: 'end user' },
    ],
    columns: {
      request_id: { paths: ['span.spanId'] },
      ts: { paths: ['span.startTimeUnixNano'] },
      ip: { paths: [OTEL_ATTR('client.address')] },
      user_agent: { paths: [OTEL_ATTR('user_agent.original')] },
      model: { paths: [OTEL_ATTR('gen_ai.request.model'), OTEL_ATTR('gen_ai.response.model')] },
      input_tokens: { paths: [OTEL_ATTR('gen_ai.usage.input_tokens')] },
      output_tokens: { paths: [OTEL_ATTR('gen_ai.usage.output_tokens')] },
      max_tokens: { paths: [OTEL_ATTR('gen_ai.request.max_tokens')] },
      temperature: { paths: [OTEL_ATTR('gen_ai.request.temperature')] },
      prompt: { paths: [OTEL_ATTR('gen_ai.input.messages'), OTEL_ATTR('gen_ai.prompt')], derive: 'user_text' },
      system_prompt: { paths: [OTEL_ATTR('gen_ai.system_instructions'), OTEL_ATTR('gen_ai.input.messages')], derive: 'system_text' },
      response: { paths: [OTEL_ATTR('gen_ai.output.messages'), OTEL_ATTR('gen_ai.completion')], derive: 'answer_text' },
      conversation_id: { paths: [OTEL_ATTR('gen_ai.conversation.id')] },
      turns: { paths: [OTEL_ATTR('gen_ai.input.messages')], derive: 'turns' },
      attachments: { paths: [OTEL_ATTR('gen_ai.input.messages')], derive: 'attachments' },
      tools: { paths: [OTEL_ATTR('gen_ai.tool.definitions')], derive: 'tool_names' },
      tool_calls: { paths: [OTEL_ATTR('gen_ai.output.messages')], derive: 'tool_calls' },
      status: { paths: [OTEL_ATTR('error.type'), 'span.status.code'] },
    },
    lacks: 'account and key (only user.id when the application sets it); client IP and user agent unless the server span records client.address / user_agent.original',
  },
  {
    name: 'openai-pairs',
    title: 'OpenAI-compatible request and response bodies logged side by side (Batch API input and output lines, or request/response log lines), paired by id',
    detect: [['custom_id', 'body.model'], ['custom_id', 'response.body.id'], ['request.messages', 'response.choices'], ['request.model', 'response.object']],
    pairBy: ['custom_id', 'request_id', 'id'],
    caller: [
      { path: 'body.safety_identifier', kind: 'end user' },
      { path: 'body.user', kind: 'end user' },
      { path: 'request.safety_identifier', kind: 'end user' },
      { path: 'request.user', kind: 'end user' },
      { path: 'user', kind: 'end user' },
      { path: 'api_key_id', kind: 'key' },
      { path: 'project_id', kind: 'account' },
      { path: 'organization_id', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['custom_id', 'request_id', 'id'] },
      ts: { paths: ['timestamp', 'ts', 'created', 'response.body.created', 'response.created'] },
      ip: { paths: ['client_ip', 'ip'] },
      user_agent: { paths: ['user_agent'] },
      model: { paths: ['body.model', 'request.model', 'response.body.model', 'response.model'] },
      input_tokens: { paths: ['response.body.usage.prompt_tokens', 'response.usage.prompt_tokens', 'response.body.usage.input_tokens', 'response.usage.input_tokens'] },
      output_tokens: { paths: ['response.body.usage.completion_tokens', 'response.usage.completion_tokens', 'response.body.usage.output_tokens', 'response.usage.output_tokens'] },
      max_tokens: { paths: ['body.max_completion_tokens', 'body.max_tokens', 'request.max_completion_tokens', 'request.max_tokens'] },
      temperature: { paths: ['body.temperature', 'request.temperature'] },
      prompt: { paths: ['body.messages', 'request.messages', 'body.input', 'request.input', 'body.prompt', 'request.prompt'], derive: 'user_text' },
      system_prompt: { paths: ['body.messages', 'request.messages', 'body.instructions', 'request.instructions'], derive: 'system_text' },
      response: { paths: ['response.body.choices', 'response.choices', 'response.body.output', 'response.output'], derive: 'answer_text' },
      turns: { paths: ['body.messages', 'request.messages', 'body.input', 'request.input'], derive: 'turns' },
      attachments: { paths: ['body.messages', 'request.messages', 'body.input', 'request.input'], derive: 'attachments' },
      tools: { paths: ['body.tools', 'request.tools', 'body.functions', 'request.functions'], derive: 'tool_names' },
      tool_calls: { paths: ['response.body.choices', 'response.choices', 'response.body.output', 'response.output'], derive: 'tool_calls' },
      status: { paths: ['response.status_code', 'error.code', 'response.body.error.code'] },
    },
    lacks: 'client IP, user agent, key and account (the bodies carry only the end user the application passed as user / safety_identifier)',
  },
];

export const profileByName = (name: string): Profile | undefined => PROFILES.find((p) => p.name === name);

/**
 * The profile whose detection set the sampled fields (dotted, lower case) hold; with several,
 * the one whose set names the most fields, then the first in `PROFILES`. Undefined: no profile
 * fits, and the column names and aliases of `schema.ts` decide.
 */
export function detectProfile(fields: ReadonlySet<string>): { profile: Profile; envelope?: string } | undefined {
  let best: { profile: Profile; envelope?: string; size: number } | undefined;
  for (const profile of PROFILES) {
    for (const envelope of [undefined, ...(profile.envelopes ?? [])]) {
      const prefix = envelope ? `${envelope.toLowerCase()}.` : '';
      for (const set of profile.detect) {
        if (set.every((f) => fields.has(prefix + f.toLowerCase())) && (!best || set.length > best.size)) best = { profile, envelope, size: set.length };
      }
    }
  }
  return best && { profile: best.profile, envelope: best.envelope };
}

/** The profile with every path read below `envelope` (a field holding the record as JSON text). */
export function underEnvelope(profile: Profile, envelope: string): Profile {
  const under = (path: string) => (path.startsWith('[') ? `${JSON.stringify([envelope])}${path}` : `[${JSON.stringify(envelope)}].${path}`);
  return {
    ...profile,
    columns: Object.fromEntries(Object.entries(profile.columns).map(([c, col]) => [c, { ...col, paths: col.paths.map(under) }])),
    caller: profile.caller.map((c) => ({ ...c, path: under(c.path) })),
    where: profile.where?.map((w) => ({ ...w, path: under(w.path) })),
    pairBy: profile.pairBy?.map(under),
  };
}

/** The head of a file that is one pretty-printed OTLP/JSON document (no line is a whole record). */
export const OTLP_DOCUMENT_HEAD = /^\s*\{\s*"resourceSpans"\s*:/;
