/**
 * Escaping for every place attacker-written text (prompts, user agents, account ids) lands.
 * Each output format has one function here; renderers never write data without one of them.
 */

/** Marks text as already-safe HTML; only the `html` template and renderers create it. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlPart = Html | string | number | null | undefined | readonly HtmlPart[];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => HTML_ENTITIES[ch]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** HTML template whose interpolations are escaped unless they are already `Html`. */
export function html(strings: TemplateStringsArray, ...parts: HtmlPart[]): Html {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    out += renderPart(part) + strings[i + 1]!;
  });
  return new Html(out);
}

function renderPart(part: HtmlPart): string {
  if (part === null || part === undefined) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(renderPart).join('');
  return escapeHtml(visible(String(part)));
}

/** Control characters (other than tab and newline) replaced by U+FFFD, so they show instead of acting. */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}

/** Cuts very long text for display; the full value stays in report.json. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Markdown for one line of text: newlines folded, every character that could open markup
 * (emphasis, links, images, inline HTML, entities, tables, code) backslash-escaped, and a leading
 * block marker (heading, list, quote) defused. Parentheses stay: with brackets escaped no link
 * or image can form.
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  const inline = visible(text)
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(/[\\`*_{}[\]<>#|~&$]/g, (ch) => `\\${ch}`);
  if (!atLineStart) return inline;
  return inline.replace(/^(\s*)([-+=>]|\d+[.)])/, (_m, space: string, mark: string) => `${space}${mark.replace(/([-+=>.)])$/, '\\$1')}`);
}

/** Markdown template whose interpolations are escaped unless wrapped by `mdRaw`. */
export class RawMarkdown {
  constructor(readonly value: string) {}
}

export const mdRaw = (value: string): RawMarkdown => new RawMarkdown(value);

export function md(strings: TemplateStringsArray, ...parts: (RawMarkdown | string | number | null | undefined)[]): string {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    // A value can only open a block (list, heading, quote) where a line starts.
    const atLineStart = /(^|\n)[ \t]*([-*>][ \t]*)*$/.test(out);
    const text = part === null || part === undefined ? '' : part instanceof RawMarkdown ? part.value : escapeMarkdown(String(part), atLineStart);
    out += text + strings[i + 1]!;
  });
  return out;
}

/**
 * One CSV cell. Text a spreadsheet would run as a formula (leading = + - @, tab, CR, also after
 * leading blanks) gets a leading apostrophe; quotes, separators and line breaks are quoted.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD');
  if (/^[\s]*[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Text for a terminal: no escape sequences or control characters from the data reach it. */
export function terminalText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
