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
-- so the first character tells a value's type (`starts_with`: `left` walks the whole text). Each macro names an argument that is an
-- expression once (or binds it in a lambda): the planner's cost grows with the expanded text.
CREATE OR REPLACE TEMP MACRO da_kind(j) AS CASE WHEN starts_with(j, '[') THEN 'ARRAY' WHEN starts_with(j, '{') THEN 'OBJECT' WHEN starts_with(j, '"') THEN 'VARCHAR' END;
-- The text of a JSON string; NULL for any other value.
CREATE OR REPLACE TEMP MACRO da_str(j) AS CASE WHEN starts_with(j, '"') THEN json_extract_string(j, '$') END;

-- A JSON string that holds JSON, parsed; any other value as it is. JSON text whose quotes were
-- doubled once more than CSV needs (Helicone's export tool writes `{""model"":…}`) is read too.
CREATE OR REPLACE TEMP MACRO da_unwrap(x) AS CASE
  WHEN starts_with(x, '"') AND regexp_matches(x, '^"\s*[\[{]') THEN coalesce(try(json(json_extract_string(x, '$'))),
    try(json(replace(json_extract_string(x, '$'), '""', '"'))), x)
  WHEN regexp_matches(x, '^\s') THEN coalesce(try(json(x)), x)
  ELSE x END;

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
-- The blocks of a JSON list of blocks, each parsed once; a block that is a string is a text block.
-- Lists are read in steps of `list_transform`, one after another, never a lambda inside another
-- that names an outer one's value: DuckDB copies such a captured value for every element.
CREATE OR REPLACE TEMP MACRO da_block_list(j) AS list_transform(list_transform(json_transform(j, '["JSON"]'),
  lambda e: struct_pack(s := da_str(e), obj := coalesce(starts_with(e, '{'), false), b := json_transform(e, da_block_type()))),
  lambda x: CASE WHEN x.s IS NOT NULL THEN da_text_block(x.s) ELSE da_block_s(x.b, x.obj) END);

-- A message: its role (lower case; Gemini leaves a single user turn without one), whether it
-- names one, its text (text blocks joined by a new line; NULL when it has none), its attachment
-- blocks, the tools it calls.
CREATE OR REPLACE TEMP MACRO da_message_type() AS '{"role":"VARCHAR","content":"JSON","parts":"JSON","text":"JSON","outputText":"JSON",
  "message":"JSON","tool_calls":"JSON","function_call":"JSON","type":"VARCHAR","name":"VARCHAR"}';
-- The blocks of a message struct: `content` or `parts` when a list; a string content, a
-- completion choice's `text` or a Titan result's `outputText`, as one text block.
CREATE OR REPLACE TEMP MACRO da_blocks_s(m) AS CASE
  WHEN da_kind(m.content) = 'ARRAY' OR da_kind(m.parts) = 'ARRAY' THEN da_block_list(CASE WHEN da_kind(m.content) = 'ARRAY' THEN m.content ELSE m.parts END)
  WHEN da_kind(m.content) = 'VARCHAR' OR da_kind(m.text) = 'VARCHAR' OR da_kind(m.outputText) = 'VARCHAR' THEN [da_text_block(json_extract_string(CASE
    WHEN da_kind(m.content) = 'VARCHAR' THEN m.content WHEN da_kind(m.text) = 'VARCHAR' THEN m.text ELSE m.outputText END, '$'))]
  ELSE []::STRUCT(text VARCHAR, attachment BOOLEAN, call VARCHAR)[] END;
-- A message from its struct `m` and its blocks `mb`.
CREATE OR REPLACE TEMP MACRO da_message_s(m, mb) AS struct_pack(
  role := lower(coalesce(m.role, 'user')),
  has_role := m.role IS NOT NULL,
  text := nullif(array_to_string(list_filter(list_transform(mb, lambda x: x.text), lambda t: t IS NOT NULL AND t <> ''), chr(10)), ''),
  attachments := len(list_filter(mb, lambda x: x.attachment)),
  calls := list_concat(list_filter(list_transform(mb, lambda x: x.call), lambda x: x IS NOT NULL),
    CASE WHEN m.tool_calls IS NOT NULL THEN coalesce(json_extract_string(m.tool_calls, '$[*].function.name'), []::VARCHAR[]) ELSE []::VARCHAR[] END,
    CASE WHEN m.function_call IS NOT NULL AND json_exists(m.function_call, '$.name') THEN [json_extract_string(m.function_call, '$.name')] ELSE []::VARCHAR[] END,
    -- A tool-use item read as a message: an Anthropic answer's `content` list read as the answer,
    -- an OpenAI Responses `output` item.
    CASE WHEN m.type IN ('tool_use', 'tool_call', 'function_call', 'server_tool_use') AND m.name IS NOT NULL THEN [m.name] ELSE []::VARCHAR[] END));
-- A message from a string: one text block.
CREATE OR REPLACE TEMP MACRO da_text_message(t) AS struct_pack(role := 'user', has_role := false, text := nullif(t, ''),
  attachments := CAST(0 AS BIGINT), calls := []::VARCHAR[]);
-- An answer's message: a choice's `message` or a Gemini candidate's `content` when that is an object.
CREATE OR REPLACE TEMP MACRO da_as_message(m) AS CASE
  WHEN da_kind(m.message) = 'OBJECT' THEN json_transform(m.message, da_message_type())
  WHEN da_kind(m.content) = 'OBJECT' THEN json_transform(m.content, da_message_type())
  ELSE m END;
-- Messages from a list of their JSON values, each parsed once; `answer`: each read as an
-- answer's message. A message that is a string is one text block.
CREATE OR REPLACE TEMP MACRO da_message_items(items, answer) AS list_transform(list_transform(list_transform(list_transform(items,
    lambda e: struct_pack(s := da_str(e), m := json_transform(e, da_message_type()))),
    lambda x: struct_pack(s := x.s, m := CASE WHEN answer THEN da_as_message(x.m) ELSE x.m END)),
    lambda x: struct_pack(s := x.s, m := x.m, mb := CASE WHEN x.s IS NULL THEN da_blocks_s(x.m) END)),
    lambda x: CASE WHEN x.s IS NOT NULL THEN da_text_message(x.s) ELSE da_message_s(x.m, x.mb) END);
-- The messages of a JSON list (NULL for anything but a list).
CREATE OR REPLACE TEMP MACRO da_message_list(v, answer) AS CASE WHEN da_kind(v) = 'ARRAY' THEN da_message_items(json_transform(v, '["JSON"]'), answer) END;
-- A value as a list of messages: a list as it is, one object as a list of one, a string as one text message.
CREATE OR REPLACE TEMP MACRO da_messages(v, answer) AS CASE
  WHEN da_kind(v) = 'VARCHAR' THEN [da_text_message(json_extract_string(v, '$'))]
  ELSE da_message_items(CASE WHEN da_kind(v) = 'ARRAY' THEN json_transform(v, '["JSON"]') WHEN da_kind(v) = 'OBJECT' THEN [v] END, answer) END;
CREATE OR REPLACE TEMP MACRO da_is_system(role) AS role IN ('system', 'developer');

-- prompt: the text of the last user turn that has text (a tool result alone is no prompt).
CREATE OR REPLACE TEMP MACRO da_user_text_l(l) AS list_filter(list_transform(l, lambda m: CASE WHEN m.role IN ('user', 'human') THEN m.text END),
  lambda t: t IS NOT NULL)[-1];
CREATE OR REPLACE TEMP MACRO da_user_text(v) AS CASE
  WHEN da_kind(v) = 'VARCHAR' THEN json_extract_string(v, '$')
  ELSE da_user_text_l(da_message_list(v, false)) END;
-- A request's value read once for every derive of it (`source.ts` shares it between columns):
-- its type, its text when a string, its messages when a list.
CREATE OR REPLACE TEMP MACRO da_request(v) AS struct_pack(k := da_kind(v), s := CASE WHEN da_kind(v) = 'VARCHAR' THEN json_extract_string(v, '$') END,
  l := da_message_list(v, false));
CREATE OR REPLACE TEMP MACRO da_user_text_r(r) AS CASE WHEN r.k = 'VARCHAR' THEN r.s ELSE da_user_text_l(r.l) END;
-- system_prompt: a string; text blocks; a Gemini systemInstruction; or the system/developer
-- messages of a messages list, joined.
CREATE OR REPLACE TEMP MACRO da_system_text(v) AS CASE
  WHEN da_kind(v) = 'VARCHAR' THEN json_extract_string(v, '$')
  WHEN da_kind(v) = 'OBJECT' THEN da_messages(v, false)[1].text
  WHEN da_kind(v) = 'ARRAY' THEN list_transform([struct_pack(l := da_message_list(v, false), v := v)], lambda sv: CASE
    WHEN len(list_filter(sv.l, lambda m: m.has_role)) > 0
      THEN nullif(array_to_string(list_filter(list_transform(sv.l, lambda m: CASE WHEN da_is_system(m.role) THEN m.text END),
                                              lambda t: t IS NOT NULL), chr(10)), '')
    ELSE nullif(array_to_string(list_filter(list_transform(da_block_list(sv.v), lambda b: b.text), lambda t: t IS NOT NULL AND t <> ''), chr(10)), '')
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
CREATE OR REPLACE TEMP MACRO da_attachments_l(l) AS CAST(coalesce(list_sum(list_transform(l, lambda m: m.attachments)), 0) AS VARCHAR);
CREATE OR REPLACE TEMP MACRO da_attachments(v) AS CASE WHEN da_kind(v) = 'ARRAY' THEN da_attachments_l(da_message_list(v, false)) END;
CREATE OR REPLACE TEMP MACRO da_attachments_r(r) AS CASE WHEN r.k = 'ARRAY' THEN da_attachments_l(r.l) END;
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
-- An answer's value read once for every derive of it (`source.ts` shares it between columns).
CREATE OR REPLACE TEMP MACRO da_answer_messages(v) AS da_messages(v, true);
-- tool_calls: the tools the answer calls, comma-separated.
CREATE OR REPLACE TEMP MACRO da_tool_calls_l(l) AS nullif(array_to_string(flatten(list_transform(l, lambda m: m.calls)), ','), '');
CREATE OR REPLACE TEMP MACRO da_tool_calls(v) AS da_tool_calls_l(da_answer_messages(v));
-- response: the text of the answer's messages (choices, candidates, output messages), joined.
CREATE OR REPLACE TEMP MACRO da_answer_text_l(l) AS nullif(array_to_string(list_filter(list_transform(l, lambda m: m.text), lambda t: t IS NOT NULL), chr(10)), '');
CREATE OR REPLACE TEMP MACRO da_answer_text(v) AS da_answer_text_l(da_answer_messages(v));
-- resource_project: the project of a Google Cloud resource name (`projects/P/locations/…` → `P`),
-- any other text as it is (a caller path that is a label or a resource).
CREATE OR REPLACE TEMP MACRO da_resource_project(v) AS CASE WHEN json_type(v) = 'VARCHAR' THEN coalesce(
  nullif(regexp_extract(json_extract_string(v, '$'), '(^|/)projects/([^/]+)', 2), ''), json_extract_string(v, '$')) END;
-- A JSON object without its members that are empty strings or null: merged over an earlier row
-- (pairing), such a member would erase a value the earlier row holds.
CREATE OR REPLACE TEMP MACRO da_drop_empty(j) AS CASE WHEN json_type(j) = 'OBJECT' THEN to_json(map_from_entries(list_filter(list_transform(json_keys(j),
  lambda k: struct_pack(k := k, v := json_extract(j, '/' || replace(replace(k, '~', '~0'), '/', '~1')))),
  lambda e: e.v IS NOT NULL AND e.v::VARCHAR NOT IN ('""', 'null')))) ELSE j END;

-- The fast form of a request's messages: a list of `{"role": text, "content": [blocks]}`, each block
-- `{"text": text}` (Converse) or `{"type": text, "text": text}` (Anthropic, OpenAI parts), parsed in
-- one go into typed structs (`da_typed_messages`, NULL when the value does not take the types).
-- It is used only when the structs written back as JSON are the value itself, byte for byte
-- (`da_typed_same`): no other member (an image, a tool use, a name), no member in another case or
-- written twice, no number or object where text is expected, no `null` anywhere; then every
-- derive read from the structs is what the macros above read from the JSON. Any other value takes
-- the macros (`da_request_t`).
CREATE OR REPLACE TEMP MACRO da_typed_messages(v) AS CASE WHEN starts_with(v, '[') AND NOT contains(v, 'null')
  THEN try(json_transform(v, '[{"role":"VARCHAR","content":[{"type":"VARCHAR","text":"VARCHAR"}]}]')) END;
CREATE OR REPLACE TEMP MACRO da_typed_same(v, t) AS coalesce(replace(CAST(to_json(t) AS VARCHAR), '{"type":null,"text":', '{"text":') = v, false);
CREATE OR REPLACE TEMP MACRO da_typed_list(t) AS list_transform(t, lambda m: struct_pack(
  role := lower(m.role),
  has_role := true,
  text := nullif(array_to_string(list_filter(list_transform(m.content,
    lambda b: CASE WHEN coalesce(b.type, 'text') IN ('text', 'input_text', 'output_text') THEN b.text END), lambda x: x IS NOT NULL AND x <> ''), chr(10)), ''),
  attachments := len(list_filter(m.content, lambda b: b.type IN ('image', 'image_url', 'input_image', 'file', 'input_file', 'document', 'input_audio', 'audio', 'video', 'blob', 'uri'))),
  calls := []::VARCHAR[]));
-- `da_request` of `v`, its messages from the typed structs `t` where they are the value itself.
CREATE OR REPLACE TEMP MACRO da_request_t(v, t) AS struct_pack(k := da_kind(v), s := CASE WHEN da_kind(v) = 'VARCHAR' THEN json_extract_string(v, '$') END,
  l := CASE WHEN da_typed_same(v, t) THEN da_typed_list(t) ELSE da_message_list(v, false) END);
-- The same for an answer: one message object `{"role": text, "content": [blocks]}` (Converse's
-- `output.message`), or a list of blocks `{"type": text, "text": text}` / `{"text": text}` (an
-- Anthropic answer's `content`, each block read as a message: its text, no role), each used only
-- where written back it is the value itself; any other value takes `da_answer_messages`.
CREATE OR REPLACE TEMP MACRO da_typed_answer(v) AS CASE WHEN NOT contains(v, 'null') THEN struct_pack(
  o := CASE WHEN starts_with(v, '{') THEN try(json_transform(v, '{"role":"VARCHAR","content":[{"type":"VARCHAR","text":"VARCHAR"}]}')) END,
  b := CASE WHEN starts_with(v, '[') THEN try(json_transform(v, '[{"type":"VARCHAR","text":"VARCHAR"}]')) END) END;
-- An absent value (most candidate paths of a record) is NULL at once, as the macros make it.
CREATE OR REPLACE TEMP MACRO da_answer_t(v, t) AS CASE
  WHEN v IS NULL THEN NULL
  WHEN da_typed_same(v, t.o) THEN da_typed_list([t.o])
  WHEN da_typed_same(v, t.b) THEN list_transform(t.b, lambda b: struct_pack(role := 'user', has_role := false, text := nullif(b.text, ''),
    attachments := CAST(0 AS BIGINT), calls := []::VARCHAR[]))
  ELSE da_answer_messages(v) END;
-- The same for a system prompt written as a list of `{"text": text}` blocks (Converse `system`):
-- none names a role, so it is their texts joined, as `da_system_text` reads such a list.
CREATE OR REPLACE TEMP MACRO da_typed_system(v) AS CASE WHEN starts_with(v, '[') AND NOT contains(v, 'null')
  THEN try(json_transform(v, '[{"text":"VARCHAR"}]')) END;
CREATE OR REPLACE TEMP MACRO da_system_text_t(v, t) AS CASE WHEN da_typed_same(v, t)
  THEN nullif(array_to_string(list_filter(list_transform(t, lambda b: b.text), lambda x: x IS NOT NULL AND x <> ''), chr(10)), '')
  ELSE da_system_text(v) END;
