-- Messages become text: macros over the JSON of a request or an answer, shared by every export
-- profile and by --map derives (source.ts). They read the common shapes: OpenAI chat (content a
-- string or a list of parts), Anthropic messages (content blocks), Bedrock Converse (`{text}`
-- blocks, `toolUse`), Gemini / Vertex (`parts`, `functionCall`), OpenTelemetry GenAI (`parts` of
-- `{type, content}`), legacy completions (`text`).

-- A JSON string that holds JSON, parsed; any other value as it is.
CREATE OR REPLACE TEMP MACRO da_unwrap(x) AS CASE
  WHEN json_type(x) = 'VARCHAR' AND regexp_matches(x, '^"\s*[\[{]') THEN coalesce(try(json(json_extract_string(x, '$'))), x)
  ELSE x END;
-- The elements of a JSON list (NULL for anything else).
CREATE OR REPLACE TEMP MACRO da_list(v) AS CASE WHEN json_type(v) = 'ARRAY' THEN json_extract(v, '$[*]') END;
-- An answer's message: a choice's `message`, a Gemini candidate's `content`, else the value.
CREATE OR REPLACE TEMP MACRO da_as_message(m) AS CASE
  WHEN json_type(m, '$.message') = 'OBJECT' THEN json_extract(m, '$.message')
  WHEN json_type(m, '$.content') = 'OBJECT' THEN json_extract(m, '$.content')
  ELSE m END;
-- A value as a list of messages: a list as it is, one object as a list of one.
CREATE OR REPLACE TEMP MACRO da_messages(v) AS CASE
  WHEN json_type(v) = 'ARRAY' THEN list_transform(json_extract(v, '$[*]'), lambda m: da_as_message(m))
  WHEN json_type(v) = 'OBJECT' THEN [da_as_message(v)]
  WHEN json_type(v) = 'VARCHAR' THEN [json_object('content', json_extract_string(v, '$'))] END;
-- The blocks of one message: `content` or `parts` when a list; a string content, a completion
-- choice's `text` or a Titan result's `outputText`, as one text block; a string as a text block.
CREATE OR REPLACE TEMP MACRO da_blocks(m) AS CASE
  WHEN json_type(m) = 'VARCHAR' THEN [json_object('text', json_extract_string(m, '$'))]
  WHEN json_type(m, '$.content') = 'ARRAY' THEN json_extract(m, '$.content[*]')
  WHEN json_type(m, '$.parts') = 'ARRAY' THEN json_extract(m, '$.parts[*]')
  WHEN json_type(m, '$.content') = 'VARCHAR' THEN [json_object('text', json_extract_string(m, '$.content'))]
  WHEN json_type(m, '$.text') = 'VARCHAR' THEN [json_object('text', json_extract_string(m, '$.text'))]
  WHEN json_type(m, '$.outputText') = 'VARCHAR' THEN [json_object('text', json_extract_string(m, '$.outputText'))]
  ELSE []::JSON[] END;
-- The text of a block: `text` of a text block (typed `text`/`input_text`/`output_text`, or
-- untyped as in Converse and Gemini), `content` of an OpenTelemetry text part; NULL otherwise.
CREATE OR REPLACE TEMP MACRO da_block_text(b) AS CASE
  WHEN json_type(b) = 'VARCHAR' THEN json_extract_string(b, '$')
  WHEN coalesce(json_extract_string(b, '$.type'), 'text') IN ('text', 'input_text', 'output_text') THEN
    coalesce(CASE WHEN json_type(b, '$.text') = 'VARCHAR' THEN json_extract_string(b, '$.text') END,
             CASE WHEN json_type(b, '$.content') = 'VARCHAR' THEN json_extract_string(b, '$.content') END)
  END;
-- True for an image, file, document, audio or video block (counted, never inlined).
CREATE OR REPLACE TEMP MACRO da_block_attachment(b) AS
  coalesce(json_extract_string(b, '$.type') IN ('image', 'image_url', 'input_image', 'file', 'input_file', 'document',
    'input_audio', 'audio', 'video', 'blob', 'uri'), false)
  OR (json_type(b) = 'OBJECT' AND json_extract_string(b, '$.type') IS NULL AND (json_exists(b, '$.image') OR json_exists(b, '$.document')
    OR json_exists(b, '$.video') OR json_exists(b, '$.inlineData') OR json_exists(b, '$.fileData')
    OR json_exists(b, '$.inline_data') OR json_exists(b, '$.file_data')));
-- A message's text: its text blocks joined by a new line; NULL when it has none.
CREATE OR REPLACE TEMP MACRO da_message_text(m) AS nullif(array_to_string(
  list_filter(list_transform(da_blocks(m), lambda b: da_block_text(b)), lambda t: t IS NOT NULL AND t <> ''), chr(10)), '');
-- A message's role, lower case; Gemini leaves a single user turn without one.
CREATE OR REPLACE TEMP MACRO da_role(m) AS lower(coalesce(json_extract_string(m, '$.role'), 'user'));
CREATE OR REPLACE TEMP MACRO da_is_system(m) AS da_role(m) IN ('system', 'developer');

-- prompt: the text of the last user turn that has text (a tool result alone is no prompt).
CREATE OR REPLACE TEMP MACRO da_user_text(v) AS CASE
  WHEN json_type(v) = 'VARCHAR' THEN json_extract_string(v, '$')
  ELSE list_filter(list_transform(da_list(v), lambda m: CASE WHEN da_role(m) IN ('user', 'human') THEN da_message_text(m) END),
                   lambda t: t IS NOT NULL)[-1] END;
-- system_prompt: a string; text blocks; a Gemini systemInstruction; or the system/developer
-- messages of a messages list, joined.
CREATE OR REPLACE TEMP MACRO da_system_text(v) AS CASE
  WHEN json_type(v) = 'VARCHAR' THEN json_extract_string(v, '$')
  WHEN json_type(v) = 'OBJECT' THEN da_message_text(v)
  WHEN json_type(v) = 'ARRAY' THEN CASE
    WHEN len(list_filter(da_list(v), lambda m: json_exists(m, '$.role'))) > 0
      THEN nullif(array_to_string(list_filter(list_transform(da_list(v), lambda m: CASE WHEN da_is_system(m) THEN da_message_text(m) END),
                                              lambda t: t IS NOT NULL), chr(10)), '')
    ELSE nullif(array_to_string(list_filter(list_transform(da_list(v), lambda b: da_block_text(b)), lambda t: t IS NOT NULL AND t <> ''), chr(10)), '')
    END
  END;
-- turns: the messages of the request that are not system ones (the conversation's depth).
CREATE OR REPLACE TEMP MACRO da_turns(v) AS CAST(len(list_filter(da_list(v), lambda m: NOT da_is_system(m))) AS VARCHAR);
-- attachments: image / file / audio / video blocks over every message of the request.
CREATE OR REPLACE TEMP MACRO da_attachments(v) AS CASE WHEN json_type(v) = 'ARRAY' THEN CAST(coalesce(list_sum(list_transform(da_list(v),
  lambda m: len(list_filter(da_blocks(m), lambda b: da_block_attachment(b))))), 0) AS VARCHAR) END;
-- tools: names of the tools offered (OpenAI `function.name`, Anthropic / OpenTelemetry `name`,
-- Converse `toolSpec.name`, Gemini `functionDeclarations[].name`), comma-separated.
CREATE OR REPLACE TEMP MACRO da_tool_names(v) AS nullif(array_to_string(list_filter(flatten(list_transform(da_list(v), lambda t: CASE
    WHEN json_type(t, '$.functionDeclarations') = 'ARRAY' THEN json_extract_string(t, '$.functionDeclarations[*].name')
    ELSE [coalesce(json_extract_string(t, '$.name'), json_extract_string(t, '$.function.name'), json_extract_string(t, '$.toolSpec.name'))] END)),
  lambda x: x IS NOT NULL), ','), '');
-- The names of the tools one answer message calls.
CREATE OR REPLACE TEMP MACRO da_message_calls(m) AS list_concat(
  list_filter(list_transform(da_blocks(m), lambda b: CASE
    WHEN json_extract_string(b, '$.type') IN ('tool_use', 'tool_call', 'function_call', 'server_tool_use') THEN json_extract_string(b, '$.name')
    WHEN json_exists(b, '$.toolUse') THEN json_extract_string(b, '$.toolUse.name')
    WHEN json_exists(b, '$.functionCall') THEN json_extract_string(b, '$.functionCall.name') END), lambda x: x IS NOT NULL),
  coalesce(json_extract_string(m, '$.tool_calls[*].function.name'), []::VARCHAR[]),
  CASE WHEN json_exists(m, '$.function_call.name') THEN [json_extract_string(m, '$.function_call.name')] ELSE []::VARCHAR[] END);
-- tool_calls: the tools the answer calls, comma-separated.
CREATE OR REPLACE TEMP MACRO da_tool_calls(v) AS nullif(array_to_string(flatten(list_transform(da_messages(v), lambda m: da_message_calls(m))), ','), '');
-- response: the text of the answer's messages (choices, candidates, output messages), joined.
CREATE OR REPLACE TEMP MACRO da_answer_text(v) AS nullif(array_to_string(
  list_filter(list_transform(da_messages(v), lambda m: da_message_text(m)), lambda t: t IS NOT NULL), chr(10)), '');
