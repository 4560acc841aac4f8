import { quoteString } from '../db/sql.js';

/**
 * The SQL expression that turns a prompt into its template: the parts a generator fills in
 * (code, URLs, e-mail addresses, quoted spans, hex ids, numbers, capitalised names) are masked
 * to one token, then case and whitespace are normalised. What is left is the scaffold a prompt
 * set shares. One alternation does most masks in a single pass (RE2 takes the leftmost match,
 * then the first alternative, so code and URLs win over the numbers inside them); the two masks
 * that keep a character of context need their own passes.
 */
const FILLED = [
  '(?s)```.*?(```|$)', // fenced code
  '`[^`\\n]*`', // inline code
  '(?i)\\b(https?|ftp)://[^\\s<>"]+|\\bwww\\.[^\\s<>"]+', // URLs
  '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+', // e-mail addresses
  '"[^"\\n]*"|“[^”\\n]*”|«[^»\\n]*»', // double-quoted spans
  '(?i)\\b0x[0-9a-f]+\\b|\\b[0-9a-fA-F]{8,}(-[0-9a-fA-F]{4,})*\\b', // hex ids, UUIDs
  '[-+]?[0-9]+([.,:/][0-9]+)*', // numbers, dates, times
].join('|');
const SINGLE_QUOTED = "(^|[\\s(:=])'[^'\\n]*'";
// A capitalised word that does not open a sentence is most likely a name (person, product, place).
const NAMES = "([^.!?\\s]\\s+)[A-Z][A-Za-z'-]*(\\s+[A-Z][A-Za-z'-]*)*";

export function templateTextSql(column: string): string {
  let expr = `regexp_replace(${column}, ${quoteString(FILLED)}, ' <v> ', 'g')`;
  expr = `regexp_replace(${expr}, ${quoteString(SINGLE_QUOTED)}, '\\1<v> ', 'g')`;
  expr = `regexp_replace(${expr}, ${quoteString(NAMES)}, '\\1<v>', 'g')`;
  // Only runs of two or more, or whitespace other than a space, need rewriting: far fewer matches.
  return `trim(regexp_replace(lower(${expr}), '\\s\\s+|[\\t\\n\\r\\f\\v]', ' ', 'g'))`;
}

/** Template id: the first 16 hex digits of the masked text's MD5; NULL for an absent prompt. */
export function templateIdSql(column: string): string {
  return `CASE WHEN ${column} IS NULL OR trim(${column}) = '' THEN NULL ELSE substr(md5(${templateTextSql(column)}), 1, 16) END`;
}
