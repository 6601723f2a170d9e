// One escaping layer per sink. Strings from a repository (file names, keys, values, diff lines) are attacker
// controlled: a terminal must not run their escape sequences, a CI log must not read them as its own commands.
import { invisibleCharacters } from '../model/invisible.js';

const invisible = new RegExp(`[${invisibleCharacters}]`, 'g');
const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

/** Control characters shown as escapes (`\x1b`, `\n`, `\u202e`): the text reads the same on any terminal. */
export function visible(text: string): string {
  return text.replace(invisible, (c) => named[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Fields whose line breaks are structure, not content: escaped line by line. */
const multiLine = new Set(['diff', 'terraform']);

/**
 * A copy of a result with every string made `visible`: what the text, Markdown, HTML and annotation renderers get.
 * `lineBreaks: true` keeps CR and LF for a sink that encodes them itself (workflow command data: %0A).
 */
export function visibleDeep<T>(value: T, opts: { lineBreaks?: boolean } = {}): T {
  const show = opts.lineBreaks ? (s: string) => s.split(/(\r\n|\n|\r)/).map((part, i) => (i % 2 ? part : visible(part))).join('') : visible;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return multiLine.has(key) ? v.split('\n').map(show).join('\n') : show(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(value, '') as T;
}

/**
 * A line no CI system takes for a command: GitHub Actions reads `::cmd …::` at the start of a line, Azure Pipelines
 * `##vso[` anywhere in it and `##[` at the start. The `[` or first `:` is escaped: `\u005b` keeps JSON valid and
 * decodes to the same value; text shows `\x5b` / `\x3a`.
 */
export function ciSafeLine(line: string, json = false): string {
  const bracket = json ? '\\u005b' : '\\x5b';
  return line
    .replace(/##vso\[/gi, (m) => `${m.slice(0, 5)}${bracket}`)
    .replace(/^(\s*)##\[/, `$1##${bracket}`)
    .replace(/^(\s*):(?=:)/, json ? '$1\\u003a' : '$1\\x3a');
}

export function ciSafeText(text: string, json = false): string {
  return text.split('\n').map((l) => ciSafeLine(l, json)).join('\n');
}

/** A diagnostic or progress line for stderr: controls visible (line breaks kept), no CI command. */
export function stderrSafe(message: string): string {
  return ciSafeText(message.split('\n').map(visible).join('\n'));
}

// Markdown ------------------------------------------------------------------------------------------------------

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function mdFence(lang: string, body: string): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body.trimEnd()}\n${fence}`;
}

/** Inline code that holds any backticks: delimiters one longer than the longest run, padded when needed. */
export function mdCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const tick = '`'.repeat(longest + 1);
  const pad = longest > 0 || /^\s|\s$/.test(text) ? ' ' : '';
  return `${tick}${pad}${text}${pad}${tick}`;
}

/** A table cell: no pipe or line break can start a new cell or row; HTML in it stays text. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n|\r/g, ' ');
}

/** Inline code inside a table cell: a code span that no backtick, pipe or line break in the text can end. */
export function mdCellCode(text: string): string {
  return mdCode(text.replace(/\r?\n|\r/g, ' ')).replace(/\|/g, '\\|');
}

/** Prose that may carry repository strings (messages, steps): backtick code is kept, HTML tags stay text. */
export function mdProse(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Prose a person copies from (a checklist step): once rendered it reads exactly as written. No backslash escape,
 * entity (`&#39;` would close a shell quote), code span, emphasis, strikethrough, link or HTML of its own.
 */
export function mdExact(text: string): string {
  return text.replace(/[\\`*_[\]<>&~|]/g, (c) => `\\${c}`);
}

/** Markdown text outside code: HTML tags and link/emphasis syntax stay literal. */
export function mdText(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

// HTML ----------------------------------------------------------------------------------------------------------

export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// CI annotations ------------------------------------------------------------------------------------------------

// GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
export const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const ghProperty = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

// Azure Pipelines logging commands: https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands
export const azData = (s: string) => ciSafeLine(s.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
export const azProperty = (s: string) => azData(s).replace(/;/g, '%3B').replace(/]/g, '%5D');
