-- Messages become text: macros over the JSON of a request or an answer, shared by every export
-- profile and by --map derives (source.ts). They read the common shapes: OpenAI chat (content a
-- string or a list of parts), Anthropic messages (content blocks), Bedrock Converse (`{text}`
-- blocks, `toolUse`), Gemini / Vertex (`parts`, `functionCall`), OpenTelemetry GenAI (`parts` of
-- `{type, content}`), legacy completions (`text`).

-- Each value is parsed once into typed structs (`json_transform`, which gives NULL where a member
-- has another type), and every text, count and name is taken from the structs: a macro that asks
-- `json_type`, `json_extract` and `json_exists` of the same text parses it once per question,
-- which on large exports cost twenty times the read itself. A message or block that the structs
-- cannot tell apart from an object without any member read here (a string, a number, `{}`) is
-- read from its own JSON instead. Values reach these macros as DuckDB writes JSON, without
-- spaces (`json_extract`, `json_transform`, `json()`, `to_json`; `da_unwrap` rewrites any other),
-- so the first character tells a value's type. Each macro names an argument that is an
-- expression once (or binds it in a lambda): the planner's cost grows with the expanded text.
CREATE OR REPLACE TEMP MACRO da_kind(j) AS CASE left(j, 1) WHEN '[' THEN 'ARRAY' WHEN '{' THEN 'OBJECT' WHEN '"' THEN 'VARCHAR' END;
-- The text of a JSON string; NULL for any other value.
CREATE OR REPLACE TEMP MACRO da_str(j) AS CASE WHEN left(j, 1) = '"' THEN json_extract_string(j, '$') END;

-- A JSON string that holds JSON, parsed; any other value as it is. JSON text whose quotes were
-- doubled once more than CSV needs (Helicone's export tool writes `{""model"":…}`) is read too.
CREATE OR REPLACE TEMP MACRO da_unwrap(x) AS list_transform([x], lambda y: CASE
  WHEN da_kind(y) = 'VARCHAR' AND regexp_matches(y, '^"\s*[\[{]') THEN coalesce(try(json(json_extract_string(y, '$'))),
    try(json(replace(json_extract_string(y, '$'), '""', '"'))), y)
  WHEN regexp_matches(y, '^\s') THEN coalesce(try(json(y)), y)
  ELSE y END)[1];

-- A block: `text` of a text block (typed `text`/`input_text`/`output_text`, or untyped as in
-- Converse and Gemini), `content` of an OpenTelemetry text part; `attachment` for an image, file,
-- document, audio or video block (counted, never inlined); `call`, the tool a tool-use block calls.
CREATE OR REPLACE TEMP MACRO da_block_type() AS '{"type":"VARCHAR","text":"JSON","content":"JSON","name":"VARCHAR","toolUse":"JSON",
  "functionCall":"JSON","function_call":"JSON","image":"JSON","document":"JSON","video":"JSON","inlineData":"JSON","fileData":"JSON",
  "inline_data":"JSON","file_data":"JSON"}';
CREATE OR REPLACE TEMP MACRO da_text_block(t) AS struct_pack(text := t, attachment := false, call := CAST(NULL AS VARCHAR));
-- A block from its struct; `obj`: the block is a JSON object.
CREATE OR REPLACE TEMP MACRO da_block_s(b, obj) AS struct_pack(
  text := CASE WHEN coalesce(b.type, 'text') IN ('text', 'input_text', 'output_text') THEN coalesce(da_str(b.text), da_str(b.content)) END,
  attachment := coalesce(b.type IN ('image', 'image_url', 'input_image', 'file', 'input_file', 'document', 'input_audio', 'audio', 'video', 'blob', 'uri'), false)
    OR (obj AND b.type IS NULL AND (b.image IS NOT NULL OR b.document IS NOT NULL OR b.video IS NOT NULL OR b.inlineData IS NOT NULL
      OR b.fileData IS NOT NULL OR b.inline_data IS NOT NULL OR b.file_data IS NOT NULL)),
  call := CASE
    WHEN b.type IN ('tool_use', 'tool_call', 'function_call', 'server_tool_use') THEN b.name
    WHEN b.toolUse IS NOT NULL THEN json_extract_string(b.toolUse, '$.name')
    WHEN b.functionCall IS NOT NULL THEN json_extract_string(b.functionCall, '$.name')
    WHEN da_kind(b.function_call) = 'OBJECT' THEN json_extract_string(b.function_call, '$.name') END);
-- True when a block struct holds none of the members read: the block is then read from its JSON.
CREATE OR REPLACE TEMP MACRO da_block_blank(b) AS b IS NULL OR (b.type IS NULL AND b.text IS NULL AND b.content IS NULL AND b.name IS NULL
  AND b.toolUse IS NULL AND b.functionCall IS NULL AND b.function_call IS NULL AND b.image IS NULL AND b.document IS NULL AND b.video IS NULL
  AND b.inlineData IS NULL AND b.fileData IS NULL AND b.inline_data IS NULL AND b.file_data IS NULL);
-- The blocks of a JSON list of blocks, parsed once; a block that is a string is a text block.
CREATE OR REPLACE TEMP MACRO da_block_list(j) AS list_transform([j], lambda bl: list_transform(json_transform(bl, '[' || da_block_type() || ']'),
  lambda bb, bi: CASE WHEN da_block_blank(bb) THEN da_text_block(list_transform([json_extract(bl, '$[' || (bi - 1) || ']')], lambda bj: da_str(bj))[1])
    ELSE da_block_s(bb, true) END))[1];

-- A message: its role (lower case; Gemini leaves a single user turn without one), whether it
-- names one, its text (text blocks joined by a new line; NULL when it has none), its attachment
-- blocks, the tools it calls.
CREATE OR REPLACE TEMP MACRO da_message_type() AS '{"role":"VARCHAR","content":"JSON","parts":"JSON","text":"JSON","outputText":"JSON",
  "message":"JSON","tool_calls":"JSON","function_call":"JSON"}';
-- The blocks of a message struct: `content` or `parts` when a list; a string content, a
-- completion choice's `text` or a Titan result's `outputText`, as one text block.
CREATE OR REPLACE TEMP MACRO da_blocks_s(m) AS CASE
  WHEN da_kind(m.content) = 'ARRAY' OR da_kind(m.parts) = 'ARRAY' THEN da_block_list(CASE WHEN da_kind(m.content) = 'ARRAY' THEN m.content ELSE m.parts END)
  WHEN da_kind(m.content) = 'VARCHAR' OR da_kind(m.text) = 'VARCHAR' OR da_kind(m.outputText) = 'VARCHAR' THEN [da_text_block(json_extract_string(CASE
    WHEN da_kind(m.content) = 'VARCHAR' THEN m.content WHEN da_kind(m.text) = 'VARCHAR' THEN m.text ELSE m.outputText END, '$'))]
  ELSE []::STRUCT(text VARCHAR, attachment BOOLEAN, call VARCHAR)[] END;
CREATE OR REPLACE TEMP MACRO da_message_s(m) AS list_transform([da_blocks_s(m)], lambda mb: struct_pack(
  role := lower(coalesce(m.role, 'user')),
  has_role := m.role IS NOT NULL,
  text := nullif(array_to_string(list_filter(list_transform(mb, lambda x: x.text), lambda t: t IS NOT NULL AND t <> ''), chr(10)), ''),
  attachments := len(list_filter(mb, lambda x: x.attachment)),
  calls := list_concat(list_filter(list_transform(mb, lambda x: x.call), lambda x: x IS NOT NULL),
    CASE WHEN m.tool_calls IS NOT NULL THEN coalesce(json_extract_string(m.tool_calls, '$[*].function.name'), []::VARCHAR[]) ELSE []::VARCHAR[] END,
    CASE WHEN m.function_call IS NOT NULL AND json_exists(m.function_call, '$.name') THEN [json_extract_string(m.function_call, '$.name')] ELSE []::VARCHAR[] END)))[1];
-- A message from a string (NULL: from a value that is no message): one text block.
CREATE OR REPLACE TEMP MACRO da_text_message(t) AS struct_pack(role := 'user', has_role := false, text := nullif(t, ''),
  attachments := CAST(0 AS BIGINT), calls := []::VARCHAR[]);
-- An answer's message: a choice's `message` or a Gemini candidate's `content` when that is an object.
CREATE OR REPLACE TEMP MACRO da_as_message(m) AS CASE
  WHEN da_kind(m.message) = 'OBJECT' THEN json_transform(m.message, da_message_type())
  WHEN da_kind(m.content) = 'OBJECT' THEN json_transform(m.content, da_message_type())
  ELSE m END;
CREATE OR REPLACE TEMP MACRO da_message_blank(m) AS m IS NULL OR (m.role IS NULL AND m.content IS NULL AND m.parts IS NULL AND m.text IS NULL
  AND m.outputText IS NULL AND m.message IS NULL AND m.tool_calls IS NULL AND m.function_call IS NULL);
-- The messages of a JSON list, parsed once (NULL for anything but a list); `answer`: each read as an answer's message.
CREATE OR REPLACE TEMP MACRO da_message_list(v, answer) AS CASE WHEN da_kind(v) = 'ARRAY' THEN
  list_transform([v], lambda ml: list_transform(json_transform(ml, '[' || da_message_type() || ']'), lambda mm, mi: CASE
    WHEN da_message_blank(mm) THEN da_text_message(list_transform([json_extract(ml, '$[' || (mi - 1) || ']')], lambda mj: da_str(mj))[1])
    ELSE list_transform([CASE WHEN answer THEN da_as_message(mm) ELSE mm END], lambda am: da_message_s(am))[1] END))[1] END;
-- A value as a list of messages: a list as it is, one object as a list of one, a string as one text message.
CREATE OR REPLACE TEMP MACRO da_messages(v, answer) AS CASE
  WHEN da_kind(v) = 'VARCHAR' THEN [da_text_message(json_extract_string(v, '$'))]
  ELSE list_transform([CASE WHEN da_kind(v) = 'OBJECT' THEN '[' || v || ']' ELSE v END], lambda lv: da_message_list(lv, answer))[1] END;
CREATE OR REPLACE TEMP MACRO da_is_system(role) AS role IN ('system', 'developer');

-- prompt: the text of the last user turn that has text (a tool result alone is no prompt).
CREATE OR REPLACE TEMP MACRO da_user_text(v) AS CASE
  WHEN da_kind(v) = 'VARCHAR' THEN json_extract_string(v, '$')
  ELSE list_filter(list_transform(da_message_list(v, false), lambda m: CASE WHEN m.role IN ('user', 'human') THEN m.text END),
                   lambda t: t IS NOT NULL)[-1] END;
-- system_prompt: a string; text blocks; a Gemini systemInstruction; or the system/developer
-- messages of a messages list, joined.
CREATE OR REPLACE TEMP MACRO da_system_text(v) AS CASE
  WHEN da_kind(v) = 'VARCHAR' THEN json_extract_string(v, '$')
  WHEN da_kind(v) = 'OBJECT' THEN da_messages(v, false)[1].text
  WHEN da_kind(v) = 'ARRAY' THEN list_transform([da_message_list(v, false)], lambda sl: CASE
    WHEN len(list_filter(sl, lambda m: m.has_role)) > 0
      THEN nullif(array_to_string(list_filter(list_transform(sl, lambda m: CASE WHEN da_is_system(m.role) THEN m.text END),
                                              lambda t: t IS NOT NULL), chr(10)), '')
    ELSE nullif(array_to_string(list_filter(list_transform(da_block_list(v), lambda b: b.text), lambda t: t IS NOT NULL AND t <> ''), chr(10)), '')
    END)[1]
  END;
-- system_in_messages: the system/developer messages of a messages list only; NULL for anything
-- else (a field that holds either a messages list or a plain-text prompt, as Langfuse `input`).
CREATE OR REPLACE TEMP MACRO da_system_in_messages(v) AS CASE WHEN da_kind(v) = 'ARRAY' THEN da_system_text(v) END;
-- turns: the messages of the request that are not system ones (the conversation's depth).
CREATE OR REPLACE TEMP MACRO da_turns(v) AS CASE WHEN da_kind(v) = 'ARRAY' THEN
  CAST(len(list_filter(json_transform(v, '[{"role":"VARCHAR"}]'), lambda m: NOT da_is_system(lower(coalesce(m.role, 'user'))))) AS VARCHAR) END;
-- attachments: image / file / audio / video blocks over every message of the request.
-- NULL when there is no messages list (a plain-text prompt), so a later candidate path can win.
CREATE OR REPLACE TEMP MACRO da_attachments(v) AS CASE WHEN da_kind(v) = 'ARRAY' THEN CAST(coalesce(list_sum(list_transform(da_message_list(v, false),
  lambda m: m.attachments)), 0) AS VARCHAR) END;
-- tools: names of the tools offered (OpenAI `function.name`, Anthropic / OpenTelemetry `name`,
-- Converse `toolSpec.name`, Gemini `functionDeclarations[].name` or, as Vertex logs it,
-- `function_declarations[].name`), comma-separated; an object that is not one tool is a map
-- from tool name to definition (Langfuse `tool_definitions`), its keys the names.
CREATE OR REPLACE TEMP MACRO da_list(v) AS CASE WHEN json_type(v) = 'ARRAY' THEN json_extract(v, '$[*]') END;
CREATE OR REPLACE TEMP MACRO da_tool_map(v) AS json_type(v) = 'OBJECT' AND NOT (json_exists(v, '$.name') OR json_exists(v, '$.function')
  OR json_exists(v, '$.toolSpec') OR json_exists(v, '$.functionDeclarations') OR json_exists(v, '$.function_declarations') OR json_exists(v, '$.type'));
CREATE OR REPLACE TEMP MACRO da_tool_names(v) AS nullif(array_to_string(list_filter(CASE WHEN da_tool_map(v) THEN json_keys(v) ELSE
  flatten(list_transform(da_list(v), lambda t: CASE
    WHEN json_type(t, '$.functionDeclarations') = 'ARRAY' THEN json_extract_string(t, '$.functionDeclarations[*].name')
    WHEN json_type(t, '$.function_declarations') = 'ARRAY' THEN json_extract_string(t, '$.function_declarations[*].name')
    ELSE [coalesce(json_extract_string(t, '$.name'), json_extract_string(t, '$.function.name'), json_extract_string(t, '$.toolSpec.name'))] END)) END,
  lambda x: x IS NOT NULL), ','), '');
-- tool_calls: the tools the answer calls, comma-separated.
CREATE OR REPLACE TEMP MACRO da_tool_calls(v) AS nullif(array_to_string(flatten(list_transform(da_messages(v, true), lambda m: m.calls)), ','), '');
-- response: the text of the answer's messages (choices, candidates, output messages), joined.
CREATE OR REPLACE TEMP MACRO da_answer_text(v) AS nullif(array_to_string(
  list_filter(list_transform(da_messages(v, true), lambda m: m.text), lambda t: t IS NOT NULL), chr(10)), '');
-- resource_project: the project of a Google Cloud resource name (`projects/P/locations/…` → `P`),
-- any other text as it is (a caller path that is a label or a resource).
CREATE OR REPLACE TEMP MACRO da_resource_project(v) AS CASE WHEN json_type(v) = 'VARCHAR' THEN coalesce(
  nullif(regexp_extract(json_extract_string(v, '$'), '(^|/)projects/([^/]+)', 2), ''), json_extract_string(v, '$')) END;
-- A JSON object without its members that are empty strings or null: merged over an earlier row
-- (pairing), such a member would erase a value the earlier row holds.
CREATE OR REPLACE TEMP MACRO da_drop_empty(j) AS CASE WHEN json_type(j) = 'OBJECT' THEN to_json(map_from_entries(list_filter(list_transform(json_keys(j),
  lambda k: struct_pack(k := k, v := json_extract(j, '/' || replace(replace(k, '~', '~0'), '/', '~1')))),
  lambda e: e.v IS NOT NULL AND e.v::VARCHAR NOT IN ('""', 'null')))) ELSE j END;
