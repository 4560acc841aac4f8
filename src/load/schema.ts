/**
 * The canonical `exchanges` columns of the contract (CONTRACT.md section 1) and the field names
 * real exports use for them. `distill-audit schema` prints this table; the loader maps by it.
 */
export type ColumnType = 'VARCHAR' | 'TIMESTAMP' | 'INTEGER' | 'BIGINT' | 'DOUBLE';

export interface CanonicalColumn {
  name: string;
  type: ColumnType;
  required: boolean;
  meaning: string;
  /** Other names for the field, matched case-insensitively; dotted names are nested paths. */
  aliases: string[];
}

export const EXCHANGE_COLUMNS: readonly CanonicalColumn[] = [
  {
    name: 'request_id',
    type: 'VARCHAR',
    required: false,
    meaning: 'unique id of the exchange; a stable hash of the source record when absent',
    aliases: ['id', 'requestId', 'request.id', 'req_id', 'eventID', 'event_id', 'message_id', 'trace_id', 'x_request_id'],
  },
  {
    name: 'ts',
    type: 'TIMESTAMP',
    required: true,
    meaning: 'time of the request, UTC (ISO-8601, epoch s / ms / µs accepted)',
    aliases: [
      'timestamp',
      'time',
      'created_at',
      'createdAt',
      'startTime',
      'start_time',
      'eventTime',
      'event_time',
      'request_time',
      '@timestamp',
      'datetime',
      'date',
    ],
  },
  {
    name: 'account_id',
    type: 'VARCHAR',
    required: true,
    meaning: 'billing account / organisation charged',
    aliases: [
      'org_id',
      'organization_id',
      'organisation_id',
      'orgId',
      'organizationId',
      'accountId',
      'account',
      'user',
      'user_id',
      'userId',
      'customer_id',
      'tenant_id',
      'identity.account_id',
      'userIdentity.accountId',
    ],
  },
  {
    name: 'api_key_id',
    type: 'VARCHAR',
    required: false,
    meaning: 'key used inside the account',
    aliases: ['api_key', 'key_id', 'apiKeyId', 'api_key_hash', 'accessKeyId', 'userIdentity.accessKeyId', 'credential_id'],
  },
  {
    name: 'ip',
    type: 'VARCHAR',
    required: false,
    meaning: 'client IP as seen by the edge (IPv4 or IPv6)',
    aliases: [
      'client_ip',
      'remote_addr',
      'requester_ip_address',
      'sourceIPAddress',
      'source_ip',
      'src_ip',
      'ip_address',
      'clientIp',
      'remote_ip',
      'x_forwarded_for',
      'client.ip',
      'request.ip',
    ],
  },
  {
    name: 'user_agent',
    type: 'VARCHAR',
    required: false,
    meaning: 'HTTP User-Agent / SDK string',
    aliases: ['userAgent', 'ua', 'http_user_agent', 'client.user_agent', 'request.user_agent', 'headers.user-agent'],
  },
  {
    name: 'client_fingerprint',
    type: 'VARCHAR',
    required: false,
    meaning: 'TLS / HTTP fingerprint (JA3, JA4, header-order hash)',
    aliases: ['fingerprint', 'ja3', 'ja4', 'tls_fingerprint', 'ja3_hash', 'client.fingerprint', 'clientFingerprint'],
  },
  {
    name: 'asn',
    type: 'VARCHAR',
    required: false,
    meaning: 'autonomous system of ip, e.g. AS64500',
    aliases: ['as_number', 'asNumber', 'client_asn', 'geo.asn', 'client.asn'],
  },
  {
    name: 'country',
    type: 'VARCHAR',
    required: false,
    meaning: 'ISO-3166 alpha-2 of ip',
    aliases: ['country_code', 'countryCode', 'geo.country', 'client.country', 'geo_country'],
  },
  {
    name: 'model',
    type: 'VARCHAR',
    required: false,
    meaning: 'model name requested',
    aliases: ['model_name', 'modelId', 'model_id', 'request.model', 'body.model'],
  },
  {
    name: 'input_tokens',
    type: 'INTEGER',
    required: false,
    meaning: 'input tokens used',
    aliases: ['prompt_tokens', 'usage.input_tokens', 'usage.prompt_tokens', 'inputTokens', 'tokens_in'],
  },
  {
    name: 'output_tokens',
    type: 'INTEGER',
    required: false,
    meaning: 'output tokens used',
    aliases: ['completion_tokens', 'usage.output_tokens', 'usage.completion_tokens', 'outputTokens', 'tokens_out'],
  },
  {
    name: 'max_tokens',
    type: 'INTEGER',
    required: false,
    meaning: 'max_tokens requested',
    aliases: ['maxTokens', 'max_output_tokens', 'request.max_tokens', 'params.max_tokens', 'max_tokens_to_sample'],
  },
  {
    name: 'temperature',
    type: 'DOUBLE',
    required: false,
    meaning: 'temperature requested',
    aliases: ['request.temperature', 'params.temperature'],
  },
  {
    name: 'prompt',
    type: 'VARCHAR',
    required: false,
    meaning: 'text of the last user turn',
    aliases: ['input', 'user_prompt', 'request.prompt', 'prompt_text', 'query', 'question'],
  },
  {
    name: 'system_prompt',
    type: 'VARCHAR',
    required: false,
    meaning: 'system prompt text',
    aliases: ['system', 'systemPrompt', 'request.system', 'instructions', 'system_message'],
  },
  {
    name: 'response',
    type: 'VARCHAR',
    required: false,
    meaning: "text of the model's answer",
    aliases: ['output', 'completion', 'response_text', 'answer', 'response.text', 'responseText'],
  },
  {
    name: 'conversation_id',
    type: 'VARCHAR',
    required: false,
    meaning: 'multi-turn threading',
    aliases: ['conversationId', 'thread_id', 'threadId', 'session_id', 'sessionId', 'chat_id'],
  },
  {
    name: 'turn',
    type: 'INTEGER',
    required: false,
    meaning: 'turn number inside the conversation',
    aliases: ['turn_index', 'turnIndex', 'message_index', 'turn_number'],
  },
  {
    name: 'tools',
    type: 'VARCHAR',
    required: false,
    meaning: 'comma-separated names of tools offered',
    aliases: ['tool_names', 'toolNames', 'request.tools', 'functions'],
  },
  {
    name: 'status',
    type: 'VARCHAR',
    required: false,
    meaning: 'HTTP status or error type',
    aliases: ['status_code', 'statusCode', 'http_status', 'response.status', 'error_type', 'errorCode'],
  },
  {
    name: 'turns',
    type: 'INTEGER',
    required: false,
    meaning: 'messages in the request other than system ones (conversation depth)',
    aliases: ['num_turns', 'message_count', 'messages_count'],
  },
  {
    name: 'tool_calls',
    type: 'VARCHAR',
    required: false,
    meaning: 'comma-separated names of the tools the answer calls',
    aliases: ['tool_call_names', 'function_calls'],
  },
  {
    name: 'attachments',
    type: 'INTEGER',
    required: false,
    meaning: 'image, file, audio and video parts of the request (counted, never inlined)',
    aliases: ['attachment_count', 'images'],
  },
];

/** Provenance columns the loader adds to every row. */
export const PROVENANCE_COLUMNS: readonly { name: string; type: ColumnType; meaning: string }[] = [
  { name: 'source_file', type: 'VARCHAR', meaning: 'input file the row came from' },
  { name: 'source_line', type: 'BIGINT', meaning: 'record number inside that file (1-based line for text formats)' },
];

export const ACCOUNT_COLUMNS: readonly CanonicalColumn[] = [
  {
    name: 'account_id',
    type: 'VARCHAR',
    required: true,
    meaning: 'joins to exchanges.account_id',
    aliases: ['org_id', 'organization_id', 'accountId', 'id'],
  },
  {
    name: 'created_at',
    type: 'TIMESTAMP',
    required: false,
    meaning: 'sign-up time',
    aliases: ['signup_at', 'signed_up_at', 'createdAt', 'registered_at'],
  },
  { name: 'email', type: 'VARCHAR', required: false, meaning: 'contact address', aliases: ['contact_email', 'owner_email'] },
  {
    name: 'email_domain',
    type: 'VARCHAR',
    required: false,
    meaning: 'domain of the contact address (derived from email when absent)',
    aliases: ['domain'],
  },
  {
    name: 'payment_fingerprint',
    type: 'VARCHAR',
    required: false,
    meaning: 'hashed card / billing instrument',
    aliases: ['card_fingerprint', 'payment_method_fingerprint', 'billing_fingerprint'],
  },
  {
    name: 'country',
    type: 'VARCHAR',
    required: false,
    meaning: 'declared or billing country',
    aliases: ['billing_country', 'country_code'],
  },
  {
    name: 'signup_channel',
    type: 'VARCHAR',
    required: false,
    meaning: 'self_serve, education, startup_program, research_access, reseller, ...',
    aliases: ['channel', 'signupChannel'],
  },
  {
    name: 'org_name',
    type: 'VARCHAR',
    required: false,
    meaning: 'declared organisation',
    aliases: ['organization_name', 'organisation_name', 'company'],
  },
  {
    name: 'plan',
    type: 'VARCHAR',
    required: false,
    meaning: 'subscription tier: free, build, scale, enterprise, ...',
    aliases: ['tier', 'subscription'],
  },
  { name: 'status', type: 'VARCHAR', required: false, meaning: 'enforcement state', aliases: ['account_status'] },
  { name: 'banned_at', type: 'TIMESTAMP', required: false, meaning: 'time of a ban, when banned', aliases: ['suspended_at', 'bannedAt'] },
];
