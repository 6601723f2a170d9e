import { LineIndex, located } from './positions.js';
import { emptyResult, type Parser, type ParseResult } from './types.js';

// No INI library on npm reports positions (ini@6 drops them), so this is a line reader for the common
// dialect: [section] and [a.b] headers, `key = value` or `key: value`, `;`/`#` comments, quoted values.
const section = /^[ \t]*\[([^\]]+)\][ \t]*(?:[;#].*)?$/;
const entry = /^([ \t]*)([^=:;#\s[][^=:]*?)[ \t]*[=:][ \t]*/;

export const ini = {
  name: 'ini',
  accepts: (path) => /\.(ini|cfg|conf)$/i.test(path) || /(^|\/)\.(npmrc|editorconfig|gitconfig)$/.test(path),
  parse(text) {
    const result: ParseResult = emptyResult();
    const index = new LineIndex(text);
    let current: string[] = [];
    let scope: number[] = [];
    for (let line = 1; line <= index.lineCount; line++) {
      const lineStart = index.lineStart(line);
      const next = line < index.lineCount ? index.lineStart(line + 1) : text.length;
      const raw = text.slice(lineStart, next).replace(/\r?\n$|\r$/, '').replace(/^\uFEFF/, '');
      const offset = lineStart + (line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0);
      const header = section.exec(raw);
      if (header) {
        current = header[1]!.trim().split('.');
        scope = [offset]; // each section is one entry
        continue;
      }
      const m = entry.exec(raw);
      if (!m || /^[ \t]*[;#]/.test(raw)) continue;
      const key = m[2]!.trim();
      let valueText = raw.slice(m[0].length);
      const start = offset + m[0].length;
      let value: string;
      const q = valueText[0];
      const close = q === '"' || q === "'" ? valueText.indexOf(q, 1) : -1;
      if (close > 0) {
        value = valueText.slice(1, close);
        valueText = valueText.slice(0, close + 1);
      } else {
        const comment = valueText.search(/[ \t][;#]/);
        if (comment !== -1) valueText = valueText.slice(0, comment);
        valueText = valueText.trimEnd();
        value = valueText;
      }
      result.settings.push({ keyPath: [...current, key], key, value, scope, ...located(index, start, start + valueText.length) });
    }
    return result;
  },
} satisfies Parser;
