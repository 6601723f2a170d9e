import { Properties } from 'properties-file/parser';
import { LineIndex, located } from './positions.js';
import { emptyResult, type Parser, type ParseResult } from './types.js';

export const properties = {
  name: 'properties',
  accepts: (path) => /\.properties$/i.test(path),
  parse(text) {
    const result: ParseResult = emptyResult();
    const index = new LineIndex(text);
    let nodes;
    try {
      nodes = new Properties(text).getProperties();
    } catch (err) {
      result.diagnostics.push({ line: null, message: `invalid .properties file: ${(err as Error).message.split('\n')[0]}` });
      return result;
    }
    for (const node of nodes) {
      const first = node.rawLines[0] ?? '';
      const bom = node.startingLineNumber === 1 && text.charCodeAt(0) === 0xfeff && first.charCodeAt(0) !== 0xfeff ? 1 : 0;
      const prefix = node.leadingWhitespace.length + node.escapedKey.length + node.separatorLeading.length
        + (node.separatorChar?.length ?? 0) + node.separatorTrailing.length;
      const lineStart = index.lineStart(node.startingLineNumber);
      const start = lineStart + bom + prefix;
      const lastLine = node.rawLines[node.rawLines.length - 1] ?? '';
      const end = index.lineStart(node.endingLineNumber) + (node.endingLineNumber === 1 ? bom : 0) + lastLine.length;
      result.settings.push({ keyPath: [node.key], key: node.key, value: node.value, ...located(index, start, Math.max(start, end)) });
    }
    return result;
  },
} satisfies Parser;
