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
   * With `pairBy`: fields whose text an export splits over several rows of one id (Azure API
   * Management logs messages over 32 KB in 32 KB chunks), put back together in the order of the
   * `order` field before the rows are merged. A group with one piece is merged as any other.
   */
  chunks?: { order: string; fields: readonly string[] };
  /**
   * The file is not exchanges but a second table of another profile's export (`of`), joined to
   * it by `pairBy`: its rows are merged into that profile's records with the same key (before
   * them, so the exchange's own fields win) and counted as not exchanges themselves.
   */
  companionOf?: string;
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
    detect: [
      ['schemaType', 'modelId', 'operation'],
      ['schemaType', 'modelId', 'identity.arn'],
    ],
    envelopes: ['message', '@message'],
    caller: [
      { path: 'identity.arn', kind: 'role session' },
      { path: 'accountId', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['requestId'] },
      ts: { paths: ['timestamp'] },
      model: { paths: ['modelId'] },
      input_tokens: { paths: ['input.inputTokenCount'] },
      output_tokens: { paths: ['output.outputTokenCount'] },
      max_tokens: {
        paths: [
          'input.inputBodyJson.inferenceConfig.maxTokens',
          'input.inputBodyJson.inferenceConfig.max_new_tokens',
          'input.inputBodyJson.max_tokens',
          'input.inputBodyJson.max_gen_len',
          'input.inputBodyJson.textGenerationConfig.maxTokenCount',
          'input.inputBodyJson.max_tokens_to_sample',
        ],
      },
      temperature: {
        paths: [
          'input.inputBodyJson.inferenceConfig.temperature',
          'input.inputBodyJson.temperature',
          'input.inputBodyJson.textGenerationConfig.temperature',
        ],
      },
      prompt: {
        paths: ['input.inputBodyJson.messages', 'input.inputBodyJson.inputText', 'input.inputBodyJson.prompt'],
        derive: 'user_text',
      },
      system_prompt: { paths: ['input.inputBodyJson.system'], derive: 'system_text' },
      response: {
        paths: [
          'output.outputBodyJson.output.message',
          'output.outputBodyJson.content',
          'output.outputBodyJson.generation',
          'output.outputBodyJson.results',
          'output.outputBodyJson.completion',
          'output.outputBodyJson.choices',
        ],
        derive: 'answer_text',
      },
      turns: { paths: ['input.inputBodyJson.messages'], derive: 'turns' },
      attachments: { paths: ['input.inputBodyJson.messages'], derive: 'attachments' },
      tools: { paths: ['input.inputBodyJson.toolConfig.tools', 'input.inputBodyJson.tools'], derive: 'tool_names' },
      tool_calls: {
        paths: ['output.outputBodyJson.output.message', 'output.outputBodyJson.content', 'output.outputBodyJson.choices'],
        derive: 'tool_calls',
      },
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
      prompt: {
        paths: ['proxy_server_request.messages', 'messages', 'proxy_server_request.input', 'proxy_server_request.prompt'],
        derive: 'user_text',
      },
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
    lacks:
      'account and key (only user.id when the application sets it); client IP and user agent unless the server span records client.address / user_agent.original',
  },
  {
    name: 'openai-pairs',
    title:
      'OpenAI-compatible request and response bodies logged side by side (Batch API input and output lines, or request/response log lines), paired by id',
    detect: [
      ['custom_id', 'body.model'],
      ['custom_id', 'response.body.id'],
      ['request.messages', 'response.choices'],
      ['request.model', 'response.object'],
    ],
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
      input_tokens: {
        paths: [
          'response.body.usage.prompt_tokens',
          'response.usage.prompt_tokens',
          'response.body.usage.input_tokens',
          'response.usage.input_tokens',
        ],
      },
      output_tokens: {
        paths: [
          'response.body.usage.completion_tokens',
          'response.usage.completion_tokens',
          'response.body.usage.output_tokens',
          'response.usage.output_tokens',
        ],
      },
      max_tokens: { paths: ['body.max_completion_tokens', 'body.max_tokens', 'request.max_completion_tokens', 'request.max_tokens'] },
      temperature: { paths: ['body.temperature', 'request.temperature'] },
      prompt: {
        paths: ['body.messages', 'request.messages', 'body.input', 'request.input', 'body.prompt', 'request.prompt'],
        derive: 'user_text',
      },
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
  {
    name: 'helicone',
    title: 'Helicone request export (@helicone/export JSON Lines / JSON / CSV, bodies included with --include-body)',
    detect: [
      ['request_id', 'request_created_at', 'response_id', 'helicone_user'],
      ['response_id', 'request_created_at', 'request_body', 'request_user_id'],
    ],
    caller: [
      { path: 'request_user_id', kind: 'end user' },
      { path: 'helicone_user', kind: 'user' },
    ],
    columns: {
      request_id: { paths: ['request_id', 'response_id'] },
      ts: { paths: ['request_created_at', 'response_created_at'] },
      country: { paths: ['country_code'] },
      model: { paths: ['model', 'request_model', 'response_model', 'request_body.model'] },
      input_tokens: { paths: ['prompt_tokens', 'response_body.usage.prompt_tokens', 'response_body.usage.input_tokens'] },
      output_tokens: { paths: ['completion_tokens', 'response_body.usage.completion_tokens', 'response_body.usage.output_tokens'] },
      max_tokens: { paths: ['request_body.max_completion_tokens', 'request_body.max_tokens'] },
      temperature: { paths: ['request_body.temperature'] },
      prompt: { paths: ['request_body.messages', 'request_body.input', 'request_body.prompt'], derive: 'user_text' },
      system_prompt: { paths: ['request_body.system', 'request_body.messages', 'request_body.instructions'], derive: 'system_text' },
      response: { paths: ['response_body.choices', 'response_body.content', 'response_body.output'], derive: 'answer_text' },
      conversation_id: { paths: ['request_properties["Helicone-Session-Id"]', 'properties["Helicone-Session-Id"]'] },
      turns: { paths: ['request_body.messages', 'request_body.input'], derive: 'turns' },
      attachments: { paths: ['request_body.messages', 'request_body.input'], derive: 'attachments' },
      tools: { paths: ['request_body.tools', 'request_body.functions'], derive: 'tool_names' },
      tool_calls: { paths: ['response_body.choices', 'response_body.content', 'response_body.output'], derive: 'tool_calls' },
      status: { paths: ['response_status'] },
    },
    lacks:
      'client IP, user agent, TLS fingerprint, API key (helicone_user is the Helicone login); the prompt unless exported with --include-body',
  },
  {
    name: 'langfuse-observations',
    title: 'Langfuse observations export (blob storage observations_v2/ or observations/; GENERATION rows are the exchanges)',
    detect: [
      ['trace_id', 'type', 'start_time', 'provided_model_name'],
      ['trace_id', 'type', 'start_time', 'usage_details'],
    ],
    where: [{ path: 'type', values: ['GENERATION'] }],
    caller: [
      { path: 'user_id', kind: 'end user' },
      { path: 'project_id', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['id'] },
      ts: { paths: ['start_time'] },
      model: { paths: ['provided_model_name', 'model'] },
      input_tokens: { paths: ['usage_details.input', 'usage_details.input_tokens', 'usage_details.prompt_tokens'] },
      output_tokens: { paths: ['usage_details.output', 'usage_details.output_tokens', 'usage_details.completion_tokens'] },
      max_tokens: { paths: ['model_parameters.max_tokens', 'model_parameters.max_completion_tokens', 'model_parameters.maxTokens'] },
      temperature: { paths: ['model_parameters.temperature'] },
      prompt: { paths: ['input.messages', 'input.contents', 'input'], derive: 'user_text' },
      system_prompt: { paths: ['input.system', 'input.messages', 'input'], derive: 'system_in_messages' },
      response: { paths: ['output'], derive: 'answer_text' },
      conversation_id: { paths: ['session_id', 'trace_id'] },
      turns: { paths: ['input.messages', 'input'], derive: 'turns' },
      attachments: { paths: ['input.messages', 'input'], derive: 'attachments' },
      tools: { paths: ['input.tools', 'tool_definitions'], derive: 'tool_names' },
      tool_calls: { paths: ['output'], derive: 'tool_calls' },
    },
    lacks:
      'client IP, user agent, TLS fingerprint, country, API key; user_id only when the application sets it (legacy observations/ rows have none)',
  },
  {
    name: 'portkey',
    title: 'Portkey logs export (JSON Lines; metadata._user is the caller)',
    detect: [
      ['ai_org', 'ai_model'],
      ['req_units', 'res_units'],
    ],
    caller: [
      { path: 'metadata._user', kind: 'end user' },
      { path: 'metadata.user', kind: 'end user' },
      { path: 'virtual_key', kind: 'key' },
      { path: 'metadata._organisation', kind: 'account' },
      { path: 'metadata.organization', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['id'] },
      ts: { paths: ['created_at'] },
      api_key_id: { paths: ['virtual_key'] },
      model: { paths: ['ai_model', 'request.body.model', 'response.body.model'] },
      input_tokens: { paths: ['req_units', 'response.body.usage.prompt_tokens'] },
      output_tokens: { paths: ['res_units', 'response.body.usage.completion_tokens'] },
      max_tokens: { paths: ['request.body.max_completion_tokens', 'request.body.max_tokens'] },
      temperature: { paths: ['request.body.temperature'] },
      prompt: {
        paths: ['request.body.messages', '["request.body"].messages', 'request.body.prompt', 'request.body.input'],
        derive: 'user_text',
      },
      system_prompt: { paths: ['request.body.system', 'request.body.messages', '["request.body"].messages'], derive: 'system_text' },
      response: { paths: ['response.body.choices', '["response.body"].choices', 'response.body.content'], derive: 'answer_text' },
      conversation_id: { paths: ['trace_id'] },
      turns: { paths: ['request.body.messages', '["request.body"].messages'], derive: 'turns' },
      attachments: { paths: ['request.body.messages', '["request.body"].messages'], derive: 'attachments' },
      tools: { paths: ['request.body.tools', '["request.body"].tools', 'request.body.functions'], derive: 'tool_names' },
      tool_calls: { paths: ['response.body.choices', '["response.body"].choices', 'response.body.content'], derive: 'tool_calls' },
      status: { paths: ['response_status_code', 'response.status'] },
    },
    lacks: 'client IP, user agent, TLS fingerprint, API key (the in-app export has no virtual_key); no caller when metadata._user is unset',
  },
  {
    name: 'cloudflare-ai-gateway',
    title:
      'Cloudflare AI Gateway logs (Logpush ai_gateway_events after decryption, or the REST List Gateway Logs results); metadata as JSON text',
    detect: [
      ['Gateway', 'Provider', 'RequestBody'],
      ['Gateway', 'Endpoint', 'StatusCode', 'Timestamp'],
      ['tokens_in', 'tokens_out', 'provider', 'created_at', 'path'],
    ],
    caller: [
      { path: 'Metadata.user', kind: 'end user' },
      { path: 'Metadata.user_id', kind: 'end user' },
      { path: 'Metadata.userId', kind: 'end user' },
      { path: 'metadata.user', kind: 'end user' },
      { path: 'metadata.user_id', kind: 'end user' },
      { path: 'metadata.userId', kind: 'end user' },
      { path: 'Metadata.team', kind: 'team' },
      { path: 'metadata.team', kind: 'team' },
      { path: 'Gateway', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['id'] },
      ts: { paths: ['Timestamp', 'created_at'] },
      model: { paths: ['RequestedModel', 'Model', 'model'] },
      input_tokens: { paths: ['tokens_in', 'ResponseBody.usage.prompt_tokens', 'ResponseBody.usage.input_tokens'] },
      output_tokens: { paths: ['tokens_out', 'ResponseBody.usage.completion_tokens', 'ResponseBody.usage.output_tokens'] },
      max_tokens: { paths: ['RequestBody.max_completion_tokens', 'RequestBody.max_tokens'] },
      temperature: { paths: ['RequestBody.temperature'] },
      prompt: { paths: ['RequestBody.messages', 'RequestBody.prompt', 'RequestBody.input'], derive: 'user_text' },
      system_prompt: { paths: ['RequestBody.system', 'RequestBody.messages'], derive: 'system_text' },
      response: {
        paths: ['ResponseBody.choices', 'ResponseBody.content', 'ResponseBody.result.response', 'ResponseBody.output'],
        derive: 'answer_text',
      },
      turns: { paths: ['RequestBody.messages'], derive: 'turns' },
      attachments: { paths: ['RequestBody.messages'], derive: 'attachments' },
      tools: { paths: ['RequestBody.tools'], derive: 'tool_names' },
      tool_calls: { paths: ['ResponseBody.choices', 'ResponseBody.content'], derive: 'tool_calls' },
      status: { paths: ['StatusCode', 'status_code'] },
    },
    lacks:
      'client IP, user agent, TLS fingerprint, country, API key; the caller only from custom metadata; no prompt in the REST list or in Logpush bodies left encrypted; Logpush has no log id',
  },
  {
    name: 'openrouter-activity',
    title: 'OpenRouter activity export (CSV from the Activity page)',
    detect: [['generation_id', 'model_permaslug']],
    caller: [{ path: 'api_key_name', kind: 'key' }],
    columns: {
      request_id: { paths: ['generation_id'] },
      ts: { paths: ['created_at'] },
      api_key_id: { paths: ['api_key_name'] },
      model: { paths: ['model_permaslug', 'model'] },
      input_tokens: { paths: ['tokens_prompt'] },
      output_tokens: { paths: ['tokens_completion'] },
    },
    lacks: 'prompt, system prompt, answer and tools (metering only); client IP, user agent, TLS fingerprint, country, end user',
  },
  {
    name: 'azure-apim-llm',
    title:
      'Azure API Management LLM logs (ApiManagementGatewayLlmLog rows joined per CorrelationId; caller and IP from ApiManagementGatewayLogs)',
    detect: [
      ['CorrelationId', 'DeploymentName', 'SequenceNumber'],
      ['CorrelationId', 'PromptTokens', 'ModelName'],
    ],
    pairBy: ['CorrelationId'],
    chunks: { order: 'SequenceNumber', fields: ['RequestMessages', 'ResponseMessages'] },
    // From the joined ApiManagementGatewayLogs row; without it only the APIM instance is known.
    caller: [
      { path: 'ApimSubscriptionId', kind: 'key' },
      { path: 'UserId', kind: 'user' },
      { path: '_ResourceId', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['CorrelationId'] },
      ts: { paths: ['TimeGenerated'] },
      api_key_id: { paths: ['ApimSubscriptionId'] },
      ip: { paths: ['CallerIpAddress'] },
      user_agent: { paths: ['RequestHeaders["User-Agent"]', 'RequestHeaders["user-agent"]'] },
      model: { paths: ['ModelName', 'DeploymentName'] },
      input_tokens: { paths: ['PromptTokens'] },
      output_tokens: { paths: ['CompletionTokens'] },
      prompt: { paths: ['RequestMessages'], derive: 'user_text' },
      system_prompt: { paths: ['RequestMessages'], derive: 'system_text' },
      response: { paths: ['ResponseMessages'], derive: 'answer_text' },
      turns: { paths: ['RequestMessages'], derive: 'turns' },
      attachments: { paths: ['RequestMessages'], derive: 'attachments' },
      tool_calls: { paths: ['ResponseMessages'], derive: 'tool_calls' },
      status: { paths: ['ResponseCode'] },
    },
    lacks:
      'caller, IP and user agent unless ApiManagementGatewayLogs is given too (user agent only when header logging is on); tool definitions; TLS fingerprint',
  },
  {
    name: 'azure-apim-gateway',
    title:
      'Azure API Management gateway logs (ApiManagementGatewayLogs): caller, IP and headers of the azure-apim-llm records, joined on CorrelationId',
    detect: [['CorrelationId', 'CallerIpAddress', 'ApimSubscriptionId']],
    companionOf: 'azure-apim-llm',
    pairBy: ['CorrelationId'],
    // The callers it brings to the azure-apim-llm records it joins.
    caller: [
      { path: 'ApimSubscriptionId', kind: 'key' },
      { path: 'UserId', kind: 'user' },
    ],
    columns: {},
    lacks: 'prompts and model (in ApiManagementGatewayLlmLog); given alone it adds no exchange',
  },
  {
    name: 'vertex-request-response',
    title: 'Google Vertex AI request-response logging (BigQuery table exported as JSON Lines; JSON columns nested or as text)',
    detect: [
      ['logging_time', 'api_method', 'full_request.contents'],
      ['logging_time', 'full_request.contents', 'full_response.candidates'],
    ],
    // Request labels are the only caller the table can hold; without them, the project that owns
    // the model resource (`projects/P/…` in the request's model path or the endpoint).
    caller: [
      { path: 'resource_project(full_request.labels.user)', kind: 'end user' },
      { path: 'resource_project(full_request.labels.user_id)', kind: 'end user' },
      { path: 'resource_project(full_request.labels.userId)', kind: 'end user' },
      { path: 'resource_project(full_request.labels.team)', kind: 'team' },
      { path: 'resource_project(full_request.model)', kind: 'account' },
      { path: 'resource_project(endpoint)', kind: 'account' },
    ],
    columns: {
      request_id: { paths: ['request_id'] },
      ts: { paths: ['logging_time'] },
      model: { paths: ['full_response.model_version', 'full_response.modelVersion', 'model'] },
      input_tokens: {
        paths: [
          'full_response.usage_metadata.prompt_token_count',
          'full_response.usageMetadata.promptTokenCount',
          'full_response.usage.input_tokens',
        ],
      },
      output_tokens: {
        paths: [
          'full_response.usage_metadata.candidates_token_count',
          'full_response.usageMetadata.candidatesTokenCount',
          'full_response.usage.output_tokens',
        ],
      },
      max_tokens: {
        paths: [
          'full_request.generation_config.max_output_tokens',
          'full_request.generationConfig.maxOutputTokens',
          'full_request.max_tokens',
        ],
      },
      temperature: {
        paths: ['full_request.generation_config.temperature', 'full_request.generationConfig.temperature', 'full_request.temperature'],
      },
      prompt: { paths: ['full_request.contents', 'full_request.messages'], derive: 'user_text' },
      system_prompt: {
        paths: ['full_request.system_instruction', 'full_request.systemInstruction', 'full_request.system'],
        derive: 'system_text',
      },
      response: { paths: ['full_response.candidates', 'full_response.content'], derive: 'answer_text' },
      turns: { paths: ['full_request.contents', 'full_request.messages'], derive: 'turns' },
      attachments: { paths: ['full_request.contents', 'full_request.messages'], derive: 'attachments' },
      tools: { paths: ['full_request.tools'], derive: 'tool_names' },
      tool_calls: { paths: ['full_response.candidates', 'full_response.content'], derive: 'tool_calls' },
    },
    lacks:
      'any caller identity unless the application sets request labels (else the project); client IP, user agent, TLS fingerprint, country, API key; rows are sampled',
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
        if (set.every((f) => fields.has(prefix + f.toLowerCase())) && (!best || set.length > best.size))
          best = { profile, envelope, size: set.length };
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
