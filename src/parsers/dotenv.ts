import { LineIndex, located } from './positions.js';
import { emptyResult, type Parser, type ParseResult } from './types.js';

// dotenv has no parser that reports positions, so this reader follows dotenv@16+ semantics line by line:
// optional `export`, KEY=value or `KEY: value`, single/double/backtick quotes (which may span lines),
// unquoted values trimmed and cut at `#`.
const assignment = /^[ \t]*(?:export[ \t]+)?([\w.-]+)(?:[ \t]*=[ \t]*|:[ \t]+)/;

export const dotenv = {
  name: 'dotenv',
  accepts: (path) => /(^|\/)\.env(\.[\w.-]+)?$/.test(path) || /(^|\/)[^/]+\.env$/.test(path),
  parse(text) {
    const result: ParseResult = emptyResult();
    const index = new LineIndex(text);
    let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (offset < text.length) {
      const lineEnd = nextLineEnd(text, offset);
      const lineText = text.slice(offset, lineEnd);
      const m = assignment.exec(lineText);
      if (!m) {
        offset = skipNewline(text, lineEnd);
        continue;
      }
      const key = m[1]!;
      const valueStart = offset + m[0].length;
      const quote = text[valueStart];
      if (quote === '"' || quote === "'" || quote === '`') {
        const close = text.indexOf(quote, valueStart + 1);
        if (close !== -1) {
          const raw = text.slice(valueStart + 1, close);
          const value = quote === '"' ? raw.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : raw;
          result.settings.push({ keyPath: [key], key, value, ...located(index, valueStart, close + 1) });
          offset = skipNewline(text, nextLineEnd(text, close));
          continue;
        }
      }
      const rawLine = text.slice(valueStart, lineEnd);
      const hash = rawLine.indexOf('#');
      const raw = (hash === -1 ? rawLine : rawLine.slice(0, hash)).trimEnd();
      result.settings.push({ keyPath: [key], key, value: raw.trim(), ...located(index, valueStart, valueStart + raw.length) });
      offset = skipNewline(text, lineEnd);
    }
    return result;
  },
} satisfies Parser;

function nextLineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

function skipNewline(text: string, at: number): number {
  if (text[at] === '\r' && text[at + 1] === '\n') return at + 2;
  return at + 1;
}
