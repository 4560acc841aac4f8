/**
 * STIX 2.1 patterning (specification section 9): quoting values into patterns, and a parser for
 * the grammar, used to check every pattern written and to read partners' indicators.
 * User agents are attacker-written: every value goes through `stixString`, and values with
 * control characters are refused rather than written.
 */

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'timestamp'; value: string }
  | { kind: 'hex'; value: string }
  | { kind: 'binary'; value: string }
  | { kind: 'set'; items: Literal[] };

/** One object path step: a property name, or a list index (`*` for any). */
export type PathStep = { key: string } | { index: number | '*' };

export interface Comparison {
  kind: 'comparison';
  objectType: string;
  path: PathStep[];
  negated: boolean;
  op: string;
  value: Literal | null;
}

export type ComparisonExpr = Comparison | { kind: 'and' | 'or'; parts: ComparisonExpr[] };

export interface Qualifier {
  kind: 'WITHIN' | 'REPEATS' | 'START';
  args: (number | string)[];
}

export type ObservationExpr =
  | { kind: 'observation'; test: ComparisonExpr; qualifiers: Qualifier[] }
  | { kind: 'and' | 'or' | 'followedby'; parts: ObservationExpr[]; qualifiers: Qualifier[] };

export class PatternError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} at character ${at + 1}`);
    this.name = 'PatternError';
  }
}

/** Characters a shared value may not carry into a pattern (C0, DEL, C1 controls). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A STIX string literal: quotes and backslashes escaped; null for values with control characters. */
export function stixString(value: string): string | null {
  if (CONTROL.test(value)) return null;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const OPERATORS = ['=', '!=', '<>', '<=', '>=', '<', '>', 'IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'];
const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'WITHIN',
  'SECONDS',
  'REPEATS',
  'TIMES',
  'START',
  'STOP',
  'EXISTS',
  'IN',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
  'true',
  'false',
]);
const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const OBJECT_TYPE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$/;

type Token =
  | { t: 'punct'; v: string; at: number }
  | { t: 'word'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'prefixed'; prefix: 't' | 'h' | 'b'; v: string; at: number }
  | { t: 'number'; v: string; at: number }
  | { t: 'end'; v: ''; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if ((c === 't' || c === 'h' || c === 'b') && text[i + 1] === "'") {
      const { value, end } = quoted(text, i + 1);
      out.push({ t: 'prefixed', prefix: c, v: value, at: start });
      i = end;
      continue;
    }
    if (c === "'") {
      const { value, end } = quoted(text, i);
      out.push({ t: 'string', v: value, at: start });
      i = end;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['!=', '<>', '<=', '>='].includes(two)) {
      out.push({ t: 'punct', v: two, at: start });
      i += 2;
      continue;
    }
    if ('[]():.,=<>*'.includes(c)) {
      out.push({ t: 'punct', v: c, at: start });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (num && (c === '-' || /\d/.test(c))) {
      out.push({ t: 'number', v: num[0], at: start });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0], at: start });
      i += word[0].length;
      continue;
    }
    throw new PatternError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  out.push({ t: 'end', v: '', at: text.length });
  return out;
}

/** A single-quoted literal starting at `open`: only \' and \\ are escapes (section 9.2). */
function quoted(text: string, open: number): { value: string; end: number } {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== "'" && next !== '\\') throw new PatternError("a backslash in a string must escape ' or \\", i);
      value += next;
      i += 2;
      continue;
    }
    if (c === "'") return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw new PatternError('unterminated string', open);
}

/** Parses a STIX 2.1 pattern; throws PatternError naming the position of the first problem. */
export function parsePattern(text: string): ObservationExpr {
  const tokens = tokenize(text);
  let p = 0;
  const peek = () => tokens[p]!;
  const isWord = (v: string) => peek().t === 'word' && peek().v === v;
  const isPunct = (v: string) => peek().t === 'punct' && peek().v === v;
  const expect = (v: string) => {
    if (!isPunct(v) && !isWord(v)) throw new PatternError(`expected "${v}"`, peek().at);
    p++;
  };

  const observationOr = (): ObservationExpr => binary('OR', 'or', observationAnd);
  const observationAnd = (): ObservationExpr => binary('AND', 'and', followedBy);
  const followedBy = (): ObservationExpr => binary('FOLLOWEDBY', 'followedby', qualified);
  function binary(word: string, kind: 'or' | 'and' | 'followedby', next: () => ObservationExpr): ObservationExpr {
    const parts = [next()];
    while (isWord(word)) {
      p++;
      parts.push(next());
    }
    return parts.length === 1 ? parts[0]! : { kind, parts, qualifiers: [] };
  }
  function qualified(): ObservationExpr {
    let expr: ObservationExpr;
    if (isPunct('[')) {
      p++;
      const test = comparisonOr();
      expect(']');
      expr = { kind: 'observation', test, qualifiers: [] };
    } else if (isPunct('(')) {
      p++;
      expr = observationOr();
      expect(')');
    } else {
      throw new PatternError('expected "[" or "(" to open an observation expression', peek().at);
    }
    for (;;) {
      if (isWord('WITHIN')) {
        p++;
        const n = number(true);
        expect('SECONDS');
        expr.qualifiers.push({ kind: 'WITHIN', args: [n] });
      } else if (isWord('REPEATS')) {
        p++;
        const n = number(false);
        if (n < 1) throw new PatternError('REPEATS needs a positive integer', tokens[p - 1]!.at);
        expect('TIMES');
        expr.qualifiers.push({ kind: 'REPEATS', args: [n] });
      } else if (isWord('START')) {
        p++;
        const a = timestamp();
        expect('STOP');
        const b = timestamp();
        expr.qualifiers.push({ kind: 'START', args: [a, b] });
      } else {
        return expr;
      }
    }
  }
  function number(float: boolean): number {
    const tok = peek();
    if (tok.t !== 'number' || (!float && tok.v.includes('.')) || tok.v.startsWith('-'))
      throw new PatternError('expected a positive number', tok.at);
    p++;
    return Number(tok.v);
  }
  function timestamp(): string {
    const tok = peek();
    if (tok.t !== 'prefixed' || tok.prefix !== 't' || !TIMESTAMP.test(tok.v))
      throw new PatternError("expected a timestamp t'YYYY-MM-DDTHH:MM:SSZ'", tok.at);
    p++;
    return tok.v;
  }

  function comparisonOr(): ComparisonExpr {
    const parts = [comparisonAnd()];
    while (isWord('OR')) {
      p++;
      parts.push(comparisonAnd());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  }
  function comparisonAnd(): ComparisonExpr {
    const parts = [test()];
    while (isWord('AND')) {
      p++;
      parts.push(test());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  }
  function test(): ComparisonExpr {
    if (isPunct('(')) {
      p++;
      const inner = comparisonOr();
      expect(')');
      return inner;
    }
    if (isWord('EXISTS')) {
      p++;
      const { objectType, path } = objectPath();
      return { kind: 'comparison', objectType, path, negated: false, op: 'EXISTS', value: null };
    }
    const { objectType, path } = objectPath();
    let negated = false;
    if (isWord('NOT')) {
      negated = true;
      p++;
    }
    const tok = peek();
    const op = tok.t === 'word' || tok.t === 'punct' ? tok.v : '';
    if (!OPERATORS.includes(op)) throw new PatternError('expected a comparison operator', tok.at);
    p++;
    const value = op === 'IN' ? set() : literal();
    if (['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(op) && value.kind !== 'string') {
      throw new PatternError(`${op} needs a string`, tok.at);
    }
    return { kind: 'comparison', objectType, path, negated, op, value };
  }
  function objectPath(): { objectType: string; path: PathStep[] } {
    const tok = peek();
    if (tok.t !== 'word' || KEYWORDS.has(tok.v) || !OBJECT_TYPE.test(tok.v))
      throw new PatternError('expected an object type such as ipv4-addr', tok.at);
    p++;
    expect(':');
    const path: PathStep[] = [step()];
    for (;;) {
      if (isPunct('.')) {
        p++;
        path.push(step());
        continue;
      }
      if (isPunct('[')) {
        p++;
        const t = peek();
        if (t.t === 'punct' && t.v === '*') {
          p++;
          path.push({ index: '*' });
        } else if (t.t === 'number' && /^\d+$/.test(t.v)) {
          p++;
          path.push({ index: Number(t.v) });
        } else throw new PatternError('expected a list index or *', t.at);
        expect(']');
        continue;
      }
      return { objectType: tok.v, path };
    }
  }
  function step(): PathStep {
    const t = peek();
    if (t.t === 'word' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.v)) {
      p++;
      return { key: t.v };
    }
    if (t.t === 'string') {
      p++;
      return { key: t.v };
    }
    throw new PatternError('expected a property name', t.at);
  }
  function set(): Literal {
    expect('(');
    const items = [literal()];
    while (isPunct(',')) {
      p++;
      items.push(literal());
    }
    expect(')');
    return { kind: 'set', items };
  }
  function literal(): Literal {
    const t = peek();
    p++;
    switch (t.t) {
      case 'string':
        return { kind: 'string', value: t.v };
      case 'number':
        return t.v.includes('.') ? { kind: 'float', value: Number(t.v) } : { kind: 'int', value: Number(t.v) };
      case 'word':
        if (t.v === 'true' || t.v === 'false') return { kind: 'bool', value: t.v === 'true' };
        break;
      case 'prefixed':
        if (t.prefix === 't') {
          if (!TIMESTAMP.test(t.v)) throw new PatternError('malformed timestamp literal', t.at);
          return { kind: 'timestamp', value: t.v };
        }
        if (t.prefix === 'h') {
          if (!/^([0-9a-fA-F]{2})*$/.test(t.v)) throw new PatternError('malformed hex literal', t.at);
          return { kind: 'hex', value: t.v };
        }
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t.v) || t.v.length % 4 !== 0) throw new PatternError('malformed binary literal', t.at);
        return { kind: 'binary', value: t.v };
      default:
        break;
    }
    throw new PatternError('expected a value', t.at);
  }

  const expr = observationOr();
  if (peek().t !== 'end') throw new PatternError('unexpected text after the pattern', peek().at);
  return expr;
}

/** The object path as written in a pattern, for messages: `network-traffic:extensions.'http-request-ext'.…`. */
export function pathText(c: Comparison): string {
  return (
    `${c.objectType}:` +
    c.path
      .map((s, i) => ('key' in s ? `${i > 0 ? '.' : ''}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.key) ? s.key : `'${s.key}'`}` : `[${s.index}]`))
      .join('')
  );
}
