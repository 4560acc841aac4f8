import { quoteString } from '../db/sql.js';

/** One step into a record: an object key, or an array index (negative counts from the end). */
export type Step = string | number;
export type Path = readonly Step[];

/**
 * How a value is made from the JSON found at a path (SQL macros in `messages.sql`). `user_text`:
 * the last user turn's text parts joined; `system_text`: system prompt (a string, text parts, a
 * Gemini `systemInstruction`, or the system/developer messages of a messages list); `turns`: the
 * messages that are not system ones; `attachments`: image/file/audio parts of every message;
 * `tool_names`: names of the tools offered; `tool_calls`: names of the tools the answer calls;
 * `answer_text`: text of the answer messages / choices / candidates; `system_in_messages`: the
 * system text of a messages list only (a field holding a list or a plain-text prompt);
 * `resource_project`: the project of a `projects/P/…` resource name, other text as it is.
 */
export const DERIVES = [
  'user_text',
  'system_text',
  'system_in_messages',
  'turns',
  'attachments',
  'tool_names',
  'tool_calls',
  'answer_text',
  'resource_project',
] as const;
export type Derive = (typeof DERIVES)[number];

/**
 * Where a canonical column comes from: the first candidate path whose value is not empty wins;
 * with `derive`, the value is made from the JSON at the path. A value that is a JSON *string*
 * holding JSON (an export's `metadata` or `messages` column) is parsed when a path goes into it.
 */
export interface Source {
  paths: readonly Path[];
  derive?: Derive;
  /**
   * Per path: false when the file's sample shows no string holding JSON on the way, so the path
   * is read in one go, without the step-by-step parse (most of the cost on large files).
   */
  viaText?: readonly boolean[];
}

/**
 * A reader's way to the JSON below a top-level field: `root` gives the field's JSON; `at`, when
 * given, the value at a whole path below it, taken from one extraction of every path the
 * mapping reads below that field (one parse of the field per record instead of one per path).
 */
export interface Roots {
  root: (top: string) => string | undefined;
  at?: (top: string, steps: Path) => string | undefined;
  /**
   * When given, an expression several columns read (a message list normalized once for the
   * prompt and the attachments, an answer's messages for its text and its tool calls), or one a
   * derive would name several times, is computed once, in a projection under the columns
   * (`Shared`): returns the name it is given there.
   */
  share?: Shared['share'];
}

/**
 * Expressions computed once for every column that reads them, in two projections under the
 * columns: level 1 reads the record's fields, level 2 may read level 1's names too, level 3 those
 * of levels 1 and 2. A
 * projection binds a value without the cost of a lambda.
 */
export class Shared {
  private readonly levels: [Map<string, string>, Map<string, string>, Map<string, string>] = [new Map(), new Map(), new Map()];

  readonly share = (expr: string, level: 1 | 2 | 3 = 2): string => {
    const names = this.levels[level - 1];
    if (!names.has(expr)) names.set(expr, `y${level}_${names.size + 1}`);
    return names.get(expr)!;
  };

  /** `relation` (SQL of a SELECT) with the shared expressions added as columns. */
  wrap(relation: string): string {
    return this.levels.reduce(
      (from, names) =>
        names.size === 0 ? from : `SELECT *${[...names.entries()].map(([expr, name]) => `, ${expr} AS ${name}`).join('')} FROM (${from})`,
      relation,
    );
  }
}

/**
 * Derives whose value several columns read: the form computed once (`Roots.share`) and the
 * macro that finishes each column from it. The others read the value themselves.
 */
const SHARED: Partial<Record<Derive, { form: string; finish: string }>> = {
  user_text: { form: 'da_request', finish: 'da_user_text_r' },
  attachments: { form: 'da_request', finish: 'da_attachments_r' },
  answer_text: { form: 'da_answer_messages', finish: 'da_answer_text_l' },
  tool_calls: { form: 'da_answer_messages', finish: 'da_tool_calls_l' },
};

/**
 * The shared forms' fast versions (messages.sql): `typed` parses the value into typed structs,
 * `form` gives the shared form from the value and its structs, from the structs only where they
 * are the value itself written back (`da_typed_same`), from the macros otherwise.
 */
const TYPED: Record<string, { typed: string; form: string }> = {
  da_request: { typed: 'da_typed_messages', form: 'da_request_t' },
  da_answer_messages: { typed: 'da_typed_answer', form: 'da_answer_t' },
};

/** A row filter: the record is an exchange only when the value at `path` is one of `values`. */
export interface Condition {
  path: Path;
  values: readonly string[];
}

export const isSource = (v: unknown): v is Source => !!v && typeof v === 'object' && !Array.isArray(v) && 'paths' in v;

/**
 * Reads a path as written in `--map` and the profiles: keys joined by dots, array indexes in
 * brackets (`messages[-1].content`, `choices[0].message.content`), a key holding dots or
 * brackets quoted in brackets (`["user.id"]`), and a leading `$.` allowed. JSON Pointer
 * (`/a/b`) names any key, odd ones included, and never indexes. Wildcards and recursive descent
 * are refused: a column takes one value per record.
 */
export function parsePath(text: string): Path {
  const t = text.trim();
  if (t.startsWith('/')) {
    return t
      .slice(1)
      .split('/')
      .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (t.includes('*')) throw new Error(`"${text}": wildcards (*) are not paths; name one field, e.g. messages[-1].content`);
  if (t.startsWith('$..') || t.includes('..'))
    throw new Error(`"${text}": an empty step (..) is not a path; recursive descent is not supported`);
  let rest = t.startsWith('$.') ? t.slice(2) : t.startsWith('$[') ? t.slice(1) : t;
  if (rest === '' || rest === '$') throw new Error(`"${text}": empty path`);
  if (rest.startsWith('.')) throw new Error(`"${text}": a path cannot start with a dot`);
  if (rest.endsWith('.')) throw new Error(`"${text}": a path cannot end with a dot`);
  const steps: Step[] = [];
  let expectKey = true;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const quoted = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest);
      const index = /^\[\s*(-?\d+)\s*\]/.exec(rest);
      if (quoted) {
        steps.push(JSON.parse(`"${quoted[1]}"`) as string);
        rest = rest.slice(quoted[0].length);
      } else if (index) {
        if (steps.length === 0) throw new Error(`"${text}": a path starts with a field name, not an index`);
        steps.push(Number(index[1]));
        rest = rest.slice(index[0].length);
      } else {
        throw new Error(`"${text}": a bracket holds a whole number (an index) or a quoted key`);
      }
      expectKey = false;
      continue;
    }
    if (rest.startsWith('.')) {
      if (expectKey) throw new Error(`"${text}": an empty step (..) is not a path`);
      rest = rest.slice(1);
      if (rest === '' || rest.startsWith('.') || rest.startsWith('[')) throw new Error(`"${text}": a dot must be followed by a field name`);
      expectKey = true;
      continue;
    }
    if (!expectKey) throw new Error(`"${text}": expected "." or "[" after "]"`);
    const name = /^[^.[\]]+/.exec(rest)![0];
    if (name.includes(']')) throw new Error(`"${text}": unbalanced "]"`);
    steps.push(name);
    rest = rest.slice(name.length);
    expectKey = false;
  }
  if (steps.some((s) => typeof s === 'string' && s.trim() === '')) throw new Error(`"${text}": empty field name`);
  return steps;
}

/** A path written back the way `parsePath` reads it. */
export function showPath(path: Path): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[^.[\]"]+$/.test(step)) out += (out ? '.' : '') + step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

export function showSource(source: Source): string {
  const paths = source.paths.map(showPath);
  return paths.map((p) => (source.derive ? `${source.derive}(${p})` : p)).join(' | ');
}

/** The top-level fields a source reads. */
export function sourceTops(source: Source): string[] {
  return source.paths.map((p) => String(p[0]));
}

/** A DuckDB JSON path for steps below a value (`$."a"[0]."b"`, `[#-1]` for the last element). */
export function jsonSubPath(steps: Path): string {
  return '$' + steps.map((s) => (typeof s === 'number' ? (s < 0 ? `[#${s}]` : `[${s}]`) : `."${s}"`)).join('');
}

/**
 * The JSON value at `steps` below `value` (an SQL JSON expression): the whole path in one go
 * first, and only where that finds nothing, step by step, each value that is a JSON string
 * holding JSON parsed before the next step. DuckDB's COALESCE evaluates the second form only for
 * the rows the first left NULL.
 */
function jsonAt(value: string, steps: Path, viaText = true, direct?: string): string {
  if (steps.length === 0) return value;
  const odd = steps.some((s) => typeof s === 'string' && s.includes('"'));
  const at = (v: string, sub: Path): string => {
    if (!odd) return `json_extract(${v}, ${quoteString(jsonSubPath(sub))})`;
    // A quoted path cannot hold a double quote: such a key is reached by JSON Pointer, one step at
    // a time so that a numeric step is an index and a key is a key.
    return sub.reduce<string>(
      (acc, s) =>
        typeof s === 'number'
          ? `json_extract(${acc}, ${quoteString(jsonSubPath([s]))})`
          : `json_extract(${acc}, ${quoteString('/' + s.replace(/~/g, '~0').replace(/\//g, '~1'))})`,
      v,
    );
  };
  const whole = direct ?? at(value, steps);
  if (!viaText) return whole;
  const stepwise = steps.reduce<string>(
    (acc, s, i) =>
      at(
        once(acc, (v) => `da_unwrap(${v})`, `u${i}`),
        [s],
      ),
    value,
  );
  return `coalesce(${whole}, ${stepwise})`;
}

/**
 * `body` applied to the value of `expr`, the expression written once: a macro that names its
 * argument several times (`da_unwrap`, the derives) would otherwise copy it each time, and
 * nested, the copies grow exponentially with the path's length. A lambda binds it once.
 */
function once(expr: string, body: (v: string) => string, name: string): string {
  return `list_transform([${expr}], lambda ${name}: ${body(name)})[1]`;
}

/**
 * SQL giving a source's text for one record (NULL when no candidate has a non-empty value).
 * `root` gives the JSON value of a top-level field of the record (undefined: the file has no
 * way to hold it, and the candidate is left out).
 */
export function sourceSql(source: Source, roots: Roots | ((top: string) => string | undefined)): string {
  const { root, at, share } = typeof roots === 'function' ? { root: roots, at: undefined, share: undefined } : roots;
  const candidates: string[] = [];
  for (const [i, path] of source.paths.entries()) {
    const top = root(String(path[0]));
    if (top === undefined) continue;
    const steps = path.slice(1);
    const direct =
      steps.length > 0 && !steps.some((s) => typeof s === 'string' && s.includes('"')) ? at?.(String(path[0]), steps) : undefined;
    const value = jsonAt(top, steps, source.viaText?.[i] ?? true, direct);
    // A derive names its argument several times: a value that is more than a column or a list
    // element (the step-by-step read into JSON text) is bound once by a lambda. Only then: a
    // derive inside a lambda costs about twice as much.
    const simple = /^[a-z]\w*(\[\d+\])?$/.test(value);
    let text: string;
    if (!source.derive) {
      text = `json_extract_string(${value}, '$')`;
    } else if (share) {
      const shared = SHARED[source.derive];
      const typedForm = shared && TYPED[shared.form];
      if (shared && typedForm) {
        // The messages parsed once into typed structs, used where they are the value itself
        // (messages.sql): the unwrapped value, its structs, then the form.
        const unwrapped = share(`da_unwrap(${value})`, 1);
        const typed = share(`${typedForm.typed}(${unwrapped})`, 2);
        text = `${shared.finish}(${share(`${typedForm.form}(${unwrapped}, ${typed})`, 3)})`;
      } else if (source.derive === 'system_text') {
        // A list of text blocks parsed once into typed structs, used where they are the value itself.
        const unwrapped = share(`da_unwrap(${value})`, 1);
        text = `da_system_text_t(${unwrapped}, ${share(`da_typed_system(${unwrapped})`, 2)})`;
      } else {
        const unwrapped = simple ? `da_unwrap(${value})` : share(`da_unwrap(${value})`, 1);
        text = shared ? `${shared.finish}(${share(`${shared.form}(${unwrapped})`, 2)})` : `da_${source.derive}(${unwrapped})`;
      }
    } else {
      text = simple ? `da_${source.derive}(da_unwrap(${value}))` : once(value, (v) => `da_${source.derive}(da_unwrap(${v}))`, 'w');
    }
    candidates.push(`nullif(${text}, '')`);
  }
  if (candidates.length === 0) return 'CAST(NULL AS VARCHAR)';
  return candidates.length === 1 ? candidates[0]! : `coalesce(${candidates.join(', ')})`;
}

/**
 * SQL true when the record passes every condition. Condition values are bound parameters,
 * `$where1`, `$where2`…, given by `conditionParams`.
 */
export function conditionsSql(conditions: readonly Condition[], root: (top: string) => string | undefined): string | undefined {
  if (conditions.length === 0) return undefined;
  return conditions
    .map((c, i) => `coalesce(list_contains($where${i + 1}::VARCHAR[], ${sourceSql({ paths: [c.path] }, root)}), false)`)
    .join(' AND ');
}

export function conditionParams(conditions: readonly Condition[]): Record<string, readonly string[]> {
  return Object.fromEntries(conditions.map((c, i) => [`where${i + 1}`, c.values]));
}
