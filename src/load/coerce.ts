import { quoteString } from '../db/sql.js';
import type { CanonicalColumn } from './schema.js';
import { isPlain, type FieldPath, type Mapping } from './mapping.js';
import { conditionsSql, Shared, showSource, sourceSql, sourceTops, type Condition, type Source } from './source.js';

/** The reason of a row the plan's filter says is not an exchange: counted apart, not quarantined. */
export const NOT_AN_EXCHANGE = 'not an exchange (row filter)';

/**
 * DuckDB JSON path of a field; every segment quoted so dots, dashes and @ inside names are literal.
 * A quoted segment cannot hold a double quote, so a name with one is reached by JSON Pointer
 * (`~` and `/` escaped), which reads any key; only then, because a pointer's numeric segment
 * would also index an array, where a quoted key never does.
 */
export function jsonPath(path: FieldPath): string {
  if (path.some((seg) => seg.includes('"'))) return path.map((seg) => '/' + seg.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  return '$' + path.map((seg) => `."${seg}"`).join('');
}

const NOUN: Record<string, string> = {
  TIMESTAMP: 'a time (ISO-8601 or epoch s/ms/µs)',
  INTEGER: 'a whole number',
  BIGINT: 'a whole number',
  DOUBLE: 'a number',
};

/**
 * Where the record's values come from. `line`: the relation yields `n` and `line` (the record's
 * text), parsed here. `fields`: the reader parsed the records itself and the relation yields `n`
 * and `s1..sk`, the mapped fields' text in `fieldSlots` order; the text is not at hand, so `raw`
 * and an absent `request_id`'s hash are left NULL for the caller to fill from the file's lines.
 */
export interface CoerceSource {
  kind: 'line' | 'fields';
  relation: string;
  /**
   * With `fields`: columns the relation also yields, carried through, and the record's text as
   * an expression over them; written only where needed (raw of a rejected record, hash of an
   * absent `request_id`), so that the text of every other record is never made.
   */
  record?: { columns: readonly string[]; text: string };
  /**
   * With `fields`: slots (1-based) whose value the relation also yields already typed, as `v<i>`:
   * the canonical value when the source's own type gives it exactly as the text would, else NULL,
   * and then (only then) `s<i>` holds the text and the usual coercion decides.
   */
  typed?: ReadonlySet<number>;
  /** With `fields`: the relation also yields `keep`, the row filter's verdict. */
  keeps?: boolean;
}

/** The mapped columns in the order of their `s` slots (s1 is the first). */
export function fieldSlots(columns: readonly CanonicalColumn[], mapping: Mapping): CanonicalColumn[] {
  return columns.filter((c) => mapping[c.name]);
}

/**
 * SQL that turns a reader's rows into typed canonical columns plus `reason` (why the record is
 * rejected; NULL when it is good) and `raw` (the record text, kept only when rejected). With a
 * `line` source one JSON parse per record extracts every mapped field at once. Each value is
 * trimmed and read as a number once, in its own layer, because the casts are most of the
 * load's cost after the parse. A value that is present but cannot be coerced rejects the
 * record: it never becomes NULL silently. Blank lines are no records. `hashId` names a column
 * whose absence is filled with a stable hash of the record text.
 */
export function coerceSql(
  source: CoerceSource,
  columns: readonly CanonicalColumn[],
  mapping: Mapping,
  hashId?: string,
  where: readonly Condition[] = [],
): string {
  const mapped = fieldSlots(columns, mapping);
  const slot = new Map(mapped.map((c, i) => [c.name, i + 1]));
  const fromLine = source.kind === 'line';
  const record = fromLine ? undefined : source.record;
  const text = fromLine ? 'line' : record?.text;
  const hash = text ? `'h_' || left(sha256(${text}), 32)` : 'CAST(NULL AS VARCHAR)';
  const direct = fromLine ? new Set<number>() : (source.typed ?? new Set<number>());
  // Line by line: plain fields come out of one json_extract_string of the line; sources read
  // the JSON of their top-level fields, extracted once too (`jt`).
  const plainCols = mapped.filter((c) => isPlain(mapping[c.name]!));
  const plainIndex = new Map(plainCols.map((c, k) => [c.name, k + 1]));
  const tops = [
    ...new Set([
      ...mapped.flatMap((c) => {
        const m = mapping[c.name]!;
        return isPlain(m) ? [] : sourceTops(m);
      }),
      ...where.map((w) => String(w.path[0])),
    ]),
  ];
  const lineRoot = (top: string): string => `jt[${tops.indexOf(top) + 1}]`;
  // Values several columns read (a message list), computed once under them.
  const shared = new Shared();
  // Layer 1: raw strings s_i; layer 2: for non-text columns the trimmed text t_i and its number d_i.
  const strings: string[] = [];
  const numbers: string[] = [];
  const carried: string[] = [];
  // Layer 3: typed columns; layer 4: reasons.
  const typed: string[] = [];
  const checks: string[] = [];
  for (const column of columns) {
    const i = slot.get(column.name);
    const name = column.name;
    if (i === undefined) {
      typed.push(name === hashId ? `${hash} AS ${name}` : `CAST(NULL AS ${column.type}) AS ${name}`);
      if (column.required) checks.push(quoteString(`missing ${name}`));
      continue;
    }
    const s = `s${i}`;
    const t = `t${i}`;
    const d = `d${i}`;
    const m = mapping[name]!;
    strings.push(
      fromLine
        ? isPlain(m)
          ? `v[${plainIndex.get(name)}] AS ${s}`
          : `${sourceSql(m, { root: lineRoot, share: shared.share })} AS ${s}`
        : s,
    );
    carried.push(s);
    if (column.type !== 'VARCHAR') {
      numbers.push(`nullif(trim(${s}), '') AS ${t}`);
      carried.push(t);
    }
    if (column.type === 'TIMESTAMP' || column.type === 'INTEGER' || column.type === 'BIGINT') {
      numbers.push(`TRY_CAST(nullif(trim(${s}), '') AS DOUBLE) AS ${d}`);
    }
    const v = direct.has(i) && column.type !== 'VARCHAR' ? `v${i}` : undefined;
    const orText = (expr: string) => (v ? `coalesce(${v}, ${expr})` : expr);
    switch (column.type) {
      case 'VARCHAR':
        typed.push(name === hashId ? `coalesce(nullif(${s}, ''), ${hash}) AS ${name}` : `${s} AS ${name}`);
        break;
      case 'TIMESTAMP':
        typed.push(`${orText(`da_time(${t}, ${d})`)} AS ${name}`);
        break;
      case 'INTEGER':
        typed.push(`${orText(`da_int(${d})`)} AS ${name}`);
        break;
      case 'BIGINT':
        typed.push(`${orText(`CAST(da_int(${d}) AS BIGINT)`)} AS ${name}`);
        break;
      case 'DOUBLE':
        typed.push(`${orText(`TRY_CAST(${t} AS DOUBLE)`)} AS ${name}`);
        break;
    }
    const field = quoteString(isPlain(m) ? m.join('.') : showSource(m as Source));
    if (column.required) {
      const blank = column.type === 'VARCHAR' ? `nullif(trim(${s}), '') IS NULL` : `${t} IS NULL${v ? ` AND ${v} IS NULL` : ''}`;
      checks.push(`CASE WHEN ${blank} THEN 'missing ${name} (' || ${field} || ' absent or empty)' END`);
    }
    if (column.type !== 'VARCHAR') {
      checks.push(
        `CASE WHEN ${t} IS NOT NULL AND ${name} IS NULL THEN '${name}: "' || left(${s}, 80) || '" is not ${NOUN[column.type]}' END`,
      );
    }
  }
  const checked = `nullif(concat_ws('; ', ${checks.join(', ') || 'NULL'}), '')`;
  const filtered = fromLine ? where.length > 0 : source.keeps === true;
  const valueChecks = filtered ? `CASE WHEN keep THEN ${checked} ELSE ${quoteString(NOT_AN_EXCHANGE)} END` : checked;
  // trim() and left() walk the whole text as characters, which on long lines cost more than the
  // JSON parse; the plain byte test on the first character settles nearly every line first.
  const reason = fromLine
    ? `CASE WHEN bad_json THEN 'not valid JSON'
    WHEN starts_with(line, '{') OR starts_with(ltrim(left(line, 4096)), '{') THEN ${valueChecks}
    ELSE 'not a JSON object' END`
    : valueChecks;
  const names = columns.map((c) => c.name).join(', ');
  const kept = fromLine ? ['line'] : [...(record?.columns ?? [])];
  const values = mapped.flatMap((c, k) => (direct.has(k + 1) && c.type !== 'VARCHAR' ? [`v${k + 1}`] : []));
  const lineCol = kept.map((c) => `${c}, `).join('');
  let parsed: string;
  if (fromLine) {
    const paths = plainCols.map((c) => quoteString(jsonPath(mapping[c.name] as FieldPath)));
    const extract =
      paths.length > 0 ? `try(json_extract_string(line, [${paths.join(', ')}]))` : `CASE WHEN try(json_valid(line)) THEN [NULL] END`;
    const jt = tops.length > 0 ? `, try(json_extract(line, [${tops.map((t) => quoteString(jsonPath([t]))).join(', ')}])) AS jt` : '';
    const keep = filtered ? `, ${conditionsSql(where, lineRoot)} AS keep` : '';
    parsed = `SELECT n, line, v IS NULL AS bad_json${keep}${strings.length ? ', ' : ''}${strings.join(', ')}
      FROM (${shared.wrap(`SELECT n, line, ${extract} AS v${jt} FROM (${source.relation})
             WHERE line IS NOT NULL AND (starts_with(line, '{') OR strlen(line) > 4096 OR trim(line) <> '')`)})`;
  } else {
    parsed = `SELECT ${['n', ...strings, ...values, ...kept, ...(filtered ? ['keep'] : [])].join(', ')} FROM (${source.relation})`;
  }
  const layer1 = [
    'n',
    ...(fromLine ? ['line', 'bad_json'] : [...kept, ...values]),
    ...(filtered ? ['keep'] : []),
    ...strings.map((x) => x.replace(/^[\s\S]* AS /, '')),
  ];
  const raw = text ? `CASE WHEN reason IS NOT NULL THEN ${text} END` : 'CAST(NULL AS VARCHAR)';
  return `SELECT n, ${names}, reason, ${raw} AS raw
  FROM (SELECT n, ${lineCol}${names}, ${reason} AS reason
        FROM (SELECT ${[...layer1.filter((c) => !/^s\d+$/.test(c)), ...carried, ...typed].join(',\n    ')}
              FROM (SELECT ${[...layer1, ...numbers].join(', ')}
                    FROM (${parsed}))))`;
}
