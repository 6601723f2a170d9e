// Changes written in a file's own syntax: replacements and insertions at UTF-16 offsets of the decoded text.
import type { FormatName, Setting } from '../../parsers/types.js';
import type { Change } from './changes.js';
import { quoteOf, renderValue, valueFormat } from './render.js';

/** Replace `text.slice(start, end)` by `text`; an insertion has start === end. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** Thrown when a change cannot be written in place; the plan lists it as a manual step instead. */
export class UneditableError extends Error {}

/** The line ending a file uses (the first one found), so inserted lines match. */
export function lineEnding(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}

/** A value's span as written: quotes included, trailing blanks of an unquoted value excluded. */
function span(text: string, setting: Setting): [number, number] {
  const [start, end] = setting.range;
  const raw = text.slice(start, end);
  return [start, start + (quoteOf(raw) ? raw.length : raw.trimEnd().length)];
}

/** The text changes for one change to a file in `format`. */
export function textChanges(text: string, format: FormatName, change: Change): TextChange[] {
  if (change.type === 'set') {
    const [start, end] = span(text, change.setting);
    const fmt = valueFormat(format, change.setting);
    const rendered = renderValue(fmt, text.slice(start, end), change.value, change.setting);
    // `key = ` would leave a trailing blank: an emptied value takes the blanks before it along
    const blanks = rendered === '' && lineEndOf(text, end) === end ? /[ \t]*$/.exec(text.slice(lineStartOf(text, start), start))![0].length : 0;
    return [{ start: start - blanks, end, text: rendered }];
  }
  if (change.type === 'set-list') return listChanges(text, format, change.elements, change.values);
  return insertBeside(text, format, change.beside, change.key, change.value);
}

function listChanges(text: string, format: FormatName, elements: Setting[], values: string[]): TextChange[] {
  const fmt = valueFormat(format, elements[0]!);
  const spans = elements.map((e) => span(text, e));
  const firstRaw = text.slice(spans[0]![0], spans[0]![1]);
  const render = (v: string) => renderValue(fmt, firstRaw, v, elements[0]!);
  const out: TextChange[] = [];
  const shared = Math.min(spans.length, values.length);
  for (let i = 0; i < shared; i++) out.push({ start: spans[i]![0], end: spans[i]![1], text: render(values[i]!) });
  const last = spans[spans.length - 1]!;
  if (values.length < spans.length) {
    out.push({ start: spans[shared - 1]![1], end: last[1], text: '' });
  } else if (values.length > spans.length) {
    const sep = listSeparator(text, fmt, spans);
    // a block sequence grows below the last item's line, leaving that line's comment where it was
    const at = /^[\r\n]/.test(sep) ? lineEndOf(text, last[1]) : last[1];
    out.push({ start: at, end: at, text: values.slice(shared).map((v) => sep + render(v)).join('') });
  }
  return out;
}

/** What goes between two list elements: copied from the list, or derived from the first element's line. */
function listSeparator(text: string, fmt: FormatName, spans: [number, number][]): string {
  if (spans.length >= 2) {
    const between = text.slice(spans[0]![1], spans[1]![0]);
    if (!/#|\/\/|\/\*/.test(between)) return between;
  }
  const [start] = spans[0]!;
  const lineStart = lineStartOf(text, start);
  const before = text.slice(lineStart, start);
  const eol = lineEnding(text);
  if (fmt === 'yaml' && /^\s*-\s+$/.test(before)) return eol + before;
  if (/^\s*$/.test(before)) return `,${eol}${before}`;
  return ', ';
}

function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const m = /\r|\n/.exec(text.slice(offset));
  return m ? offset + m.index : text.length;
}

const trailingComment: Partial<Record<FormatName, RegExp>> = {
  yaml: /\s+#.*$/, dotenv: /\s+#.*$/, toml: /\s+#.*$/, ini: /\s*[;#].*$/, xml: /\s*<!--.*-->\s*$/,
};

/** A new setting on its own line after `beside`, written like it: same indentation, quoting, separators. */
function insertBeside(text: string, format: FormatName, beside: Setting, key: string, value: string): TextChange[] {
  const [start, end] = span(text, beside);
  const raw = text.slice(start, end);
  if (/[\r\n]/.test(raw)) throw new UneditableError('the value spans several lines');
  const fmt = valueFormat(format, beside);
  const rendered = renderValue(fmt, raw, value, beside);
  const lineStart = lineStartOf(text, start);
  const lineEnd = lineEndOf(text, end);
  const prefix = text.slice(lineStart, start);
  const suffix = text.slice(end, lineEnd);
  const eol = lineEnding(text);
  if (fmt === 'json') return insertJsonProperty(prefix, suffix, end, lineEnd, eol, key, rendered);
  const name = beside.key ?? '';
  if (fmt === 'xml') {
    const attribute = /([\w:.-]+)\s*=\s*$/.exec(prefix);
    if (attribute && attribute[1] === name) return [{ start: end, end, text: ` ${key}=${rendered}` }];
  }
  const at = prefix.lastIndexOf(name);
  if (!name || at < 0) throw new UneditableError(`the key ${name} is not on the value's line`);
  const lead = prefix.slice(0, at);
  if (fmt !== 'xml' && !/^\s*(-\s+|export\s+|["']?)$/.test(lead)) throw new UneditableError('the setting is inside an inline table or flow mapping');
  let tail = suffix.replace(trailingComment[fmt] ?? /$^/, '');
  if (fmt === 'xml') tail = tail.replace(new RegExp(`(</\\s*)${escapeRegExp(name)}(\\s*>)`), `$1${key}$2`);
  const clone = lead + key + prefix.slice(at + name.length) + rendered + tail;
  return [{ start: lineEnd, end: lineEnd, text: eol + clone }];
}

function insertJsonProperty(prefix: string, suffix: string, end: number, lineEnd: number, eol: string, key: string, rendered: string): TextChange[] {
  const m = /"(?:[^"\\]|\\.)*"(\s*:\s*)$/.exec(prefix);
  if (!m) throw new UneditableError('the property name is not on the value\'s line');
  const property = `${JSON.stringify(key)}${m[1]}${rendered}`;
  const ownLine = prefix.slice(0, m.index).trim() === '' && /^\s*(,\s*)?(\/\/.*|\/\*.*\*\/\s*)?$/.test(suffix);
  if (!ownLine) return [{ start: end, end, text: `, ${property}` }];
  const indent = /^\s*/.exec(prefix)![0];
  if (/^\s*,/.test(suffix)) return [{ start: lineEnd, end: lineEnd, text: `${eol}${indent}${property},` }];
  return [{ start: end, end, text: ',' }, { start: lineEnd, end: lineEnd, text: `${eol}${indent}${property}` }];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Applies non-overlapping changes; insertions at one offset keep their order. */
export function applyTextChanges(text: string, changes: readonly TextChange[]): string {
  const sorted = changes.map((c, i) => ({ c, i })).sort((a, b) => a.c.start - b.c.start || a.c.end - b.c.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { c } of sorted) {
    if (c.start < at) throw new UneditableError('two changes overlap');
    out += text.slice(at, c.start) + c.text;
    at = c.end;
  }
  return out + text.slice(at);
}
