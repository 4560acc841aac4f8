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
    const text =
      part === null || part === undefined ? '' : part instanceof RawMarkdown ? part.value : escapeMarkdown(String(part), atLineStart);
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

/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC opens CSI and OSC sequences,
 * BEL, CR, backspace), DEL, C1 controls (U+009B is CSI on its own), the line and paragraph
 * separators, and the bidirectional embeddings, overrides and isolates that reorder what is shown.
 */
const TERMINAL_ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same, but tab and newline stay (a block of lines), and so do colour (SGR) sequences when `keepColour`. */
const TERMINAL_ACTIVE_IN_BLOCK = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\u001b` for ESC: shown, not acted on, and the very escape JSON uses, so JSON text stays valid. */
function shown(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * The one terminal-text path: a data-derived value (id, path, key name, reason quoting a record)
 * made safe to print as part of a line. Every control and reordering character is written as its
 * `\uXXXX` escape, so an investigator sees what the data holds and the terminal does nothing.
 */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_ACTIVE, shown);
}

/**
 * The last guard on everything the CLI writes (`cli/output.ts` runs every write through it): the
 * same escapes over a whole block, which keeps its tabs and newlines and, when the stream is
 * coloured, the tool's own colour sequences. A renderer that forgot `terminalText` on a field
 * still cannot let the data act on the terminal.
 */
export function terminalBlock(text: string, keepColour: boolean): string {
  return text.replace(TERMINAL_ACTIVE_IN_BLOCK, (m) => (m.length > 1 ? (keepColour ? m : m.replace('\u001b', shown)) : shown(m)));
}
