/**
 * The SQL expression that turns a prompt into its template: the parts a generator fills in
 * (code, URLs, e-mail addresses, quoted spans, hex ids, numbers, capitalised names) are masked,
 * then case and whitespace are normalised. What is left is the scaffold a prompt set shares.
 * Order matters: code and URLs go first because they contain numbers and quotes of their own.
 */
const MASKS: readonly [pattern: string, replacement: string][] = [
  ['(?s)```.*?(```|$)', ' <code> '],
  ['`[^`\\n]*`', ' <code> '],
  ['(?i)\\b(https?|ftp)://[^\\s<>"]+|\\bwww\\.[^\\s<>"]+', ' <url> '],
  ['[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+', ' <email> '],
  ['"[^"\\n]*"|“[^”\\n]*”|«[^»\\n]*»', ' <q> '],
  ["(^|[\\s(:=])'[^'\\n]*'", '\\1<q> '],
  ['(?i)\\b0x[0-9a-f]+\\b|\\b[0-9a-fA-F]{8,}(-[0-9a-fA-F]{4,})*\\b', ' <id> '],
  ['[-+]?[0-9]+([.,:/][0-9]+)*', '<n>'],
  // A capitalised word that does not open a sentence is most likely a name (person, product, place).
  ["([^.!?\\s]\\s+)[A-Z][A-Za-z'-]*(\\s+[A-Z][A-Za-z'-]*)*", '\\1<name>'],
];

export function templateTextSql(column: string): string {
  let expr = column;
  for (const [pattern, replacement] of MASKS) {
    expr = `regexp_replace(${expr}, '${pattern.replace(/'/g, "''")}', '${replacement.replace(/'/g, "''")}', 'g')`;
  }
  return `trim(regexp_replace(lower(${expr}), '\\s+', ' ', 'g'))`;
}

/** Template id: the first 16 hex digits of the masked text's MD5; NULL for an absent prompt. */
export function templateIdSql(column: string): string {
  return `CASE WHEN ${column} IS NULL OR trim(${column}) = '' THEN NULL ELSE substr(md5(${templateTextSql(column)}), 1, 16) END`;
}
