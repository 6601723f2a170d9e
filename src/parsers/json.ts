import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex, located } from './positions.js';
import { emptyResult, type Parser, type ParseResult, type Setting } from './types.js';

/** Deeper documents are refused before parsing: jsonc-parser recurses and would overflow the stack. */
export const maxJsonDepth = 512;

export const json = {
  name: 'json',
  accepts: (path) => /\.(json|jsonc|json5)$/i.test(path) || /(^|\/)\.(babelrc|eslintrc)$/.test(path),
  parse(text) {
    const result: ParseResult = emptyResult();
    const index = new LineIndex(text);
    const tooDeep = depthExceeds(text, maxJsonDepth);
    if (tooDeep !== null) {
      result.diagnostics.push({ line: index.position(tooDeep).line, message: `nesting deeper than ${maxJsonDepth} levels; file skipped` });
      return result;
    }
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    const real = errors.filter((e) => !(e.offset === 0 && text.charCodeAt(0) === 0xfeff));
    for (const e of real.slice(0, 3)) {
      result.diagnostics.push({ line: index.position(e.offset).line, message: `invalid JSON: ${printParseErrorCode(e.error)}` });
    }
    if (root && real.length === 0) walk(root, [], null, [], index, result.settings);
    return result;
  },
} satisfies Parser;

/** Every object is an entry (a provider in a catalog, a section of appsettings): its offset joins the scope chain. */
function walk(node: Node, path: (string | number)[], key: string | null, scope: number[], index: LineIndex, out: Setting[]): void {
  if (node.type === 'object') {
    const inner = [...scope, node.offset];
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const name = String(k.value);
      walk(v, [...path, name], name, inner, index, out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => walk(child, [...path, i], key, scope, index, out));
  } else if (node.type === 'string' || node.type === 'number' || node.type === 'boolean') {
    out.push({ keyPath: path, key, value: String(node.value), scope, ...located(index, node.offset, node.offset + node.length) });
  }
}

/** Offset where bracket nesting first exceeds `limit` (strings and comments skipped), or null. */
export function depthExceeds(text: string, limit: number): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '{' || c === '[') {
      if (++depth > limit) return i;
    } else if (c === '}' || c === ']') {
      depth--;
    }
  }
  return null;
}
