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
    const prefixes = new DottedPrefixes();
    for (const node of nodes) {
      const first = node.rawLines[0] ?? '';
      const bom = node.startingLineNumber === 1 && text.charCodeAt(0) === 0xfeff && first.charCodeAt(0) !== 0xfeff ? 1 : 0;
      const prefix = node.leadingWhitespace.length + node.escapedKey.length + node.separatorLeading.length
        + (node.separatorChar?.length ?? 0) + node.separatorTrailing.length;
      const lineStart = index.lineStart(node.startingLineNumber);
      const start = lineStart + bom + prefix;
      const lastLine = node.rawLines[node.rawLines.length - 1] ?? '';
      const end = index.lineStart(node.endingLineNumber) + (node.endingLineNumber === 1 ? bom : 0) + lastLine.length;
      const scope = prefixes.scopeOf(node.key, lineStart);
      result.settings.push({ keyPath: [node.key], key: node.key, value: node.value, scope, ...located(index, start, Math.max(start, end)) });
    }
    return result;
  },
} satisfies Parser;

/**
 * Entries of a flat key file are its dotted prefixes (`…provider.github.` vs `…provider.vsts.`), each named by where
 * the prefix first occurs (times 64 plus its depth, so `a.` and `a.b.` first seen on one line stay apart).
 */
class DottedPrefixes {
  private readonly first = new Map<string, number>();

  scopeOf(key: string, offset: number): number[] {
    const parts = key.split('.').slice(0, -1);
    return parts.map((_, i) => {
      const prefix = parts.slice(0, i + 1).join('.');
      if (!this.first.has(prefix)) this.first.set(prefix, offset * 64 + i);
      return this.first.get(prefix)!;
    });
  }
}
