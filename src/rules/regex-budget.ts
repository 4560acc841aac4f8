/**
 * Limits on a regular expression from a rule pack, an indicator (`re:`) or an allowlist entry.
 * DuckDB matches with RE2: linear in the text, but a counted repeat is unrolled into the program
 * (`[a-z]{1000}` is a thousand states) and past RE2's DFA budget matching falls back to its NFA,
 * whose cost is text length times program size. Measured with DuckDB 1.5 on 50 KB prompts of
 * letters (docs/hard-inputs.md): `[a-z]{900}!` 0.17 s a prompt, `[a-z]{1000}!` 2 s,
 * `.{1,500}.{1,500}!z` 0.3 s, `.{1,700}.{1,700}!z` 9.8 s, `.{1,200}.{1,200}!z` 0.03 s.
 */
export const REGEX_LIMITS = {
  /** Longest pattern text; the shipped packs' longest is 223 characters. */
  maxLength: 1000,
  /**
   * Largest unrolled size: each atom counted once, times the upper bound of every counted repeat
   * around it (`{n,}` as n + 1). 400 keeps 2.5 × below the cliff near 1,000 measured above; the
   * shipped packs' largest is 80 (`.{0,80}`).
   */
  maxUnrolled: 400,
} as const;

/** Why the pattern is over the limits, or undefined when it is within them. */
export function regexBudgetProblem(pattern: string): string | undefined {
  if (pattern.length > REGEX_LIMITS.maxLength) {
    return `pattern is ${pattern.length} characters long; the limit is ${REGEX_LIMITS.maxLength}`;
  }
  const size = unrolledSize(pattern);
  if (size > REGEX_LIMITS.maxUnrolled) {
    return `counted repeats unroll to about ${size} steps (limit ${REGEX_LIMITS.maxUnrolled}): RE2 would match it slowly on long text; use smaller bounds such as {0,100}, or * and +`;
  }
  return undefined;
}

/**
 * An estimate of the unrolled program size: atoms (a character, an escape, a class, a group)
 * weigh 1 or their contents, a counted repeat multiplies the atom before it by its upper bound.
 * Alternatives add up. Unbalanced syntax is left for the compiler to refuse.
 */
export function unrolledSize(pattern: string): number {
  const stack: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  const top = () => stack[stack.length - 1]!;
  const atom = (weight: number) => {
    top().total += weight;
    top().last = weight;
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      // \p{Greek}, \x{10FFFF} and the like are one atom, as are two-character escapes.
      const braced = /^\\[pPx]\{[^}]*\}/.exec(pattern.slice(i));
      i += braced ? braced[0].length : 2;
      atom(1);
    } else if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']')
        j += pattern[j] === '\\' ? 2 : pattern.startsWith('[:', j) ? Math.max(2, pattern.indexOf(':]', j) + 2 - j) : 1;
      i = j + 1;
      atom(1);
    } else if (ch === '(') {
      stack.push({ total: 0, last: 0 });
      i++;
    } else if (ch === ')') {
      const group = stack.length > 1 ? stack.pop()! : { total: 0, last: 0 };
      i++;
      atom(group.total);
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) {
        atom(1);
        i++;
        continue;
      }
      const bound = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number(m[1]) + 1 : Number(m[3]);
      const last = top().last;
      top().total += last * (Math.max(bound, 1) - 1);
      top().last = last * Math.max(bound, 1);
      i += m[0].length;
    } else if (ch === '|') {
      top().last = 0;
      i++;
    } else {
      // *, +, ? and anchors add no unrolled copy; a plain character is one atom.
      if (!'*+?^$'.includes(ch)) atom(1);
      i++;
    }
  }
  while (stack.length > 1) {
    const group = stack.pop()!;
    top().total += group.total;
  }
  return top().total;
}
