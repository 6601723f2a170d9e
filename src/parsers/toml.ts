import { parseTOML, traverseNodes, type AST } from 'toml-eslint-parser';
import { LineIndex, located, stripBom } from './positions.js';
import { capDiagnostic, emptyResult, valueCountExceeds, type Parser, type ParseResult, type Setting } from './types.js';

export const toml = {
  name: 'toml',
  accepts: (path) => /\.toml$/i.test(path),
  parse(text) {
    const result: ParseResult = emptyResult();
    const index = new LineIndex(text);
    const { text: body, shift } = stripBom(text);
    const crowded = valueCountExceeds(text, /[=,]/g);
    if (crowded !== null) {
      result.diagnostics.push({ ...capDiagnostic(index.position(crowded).line), message: 'more values than the per-file limit: file not parsed, not checked' });
      return result;
    }
    let ast: AST.TOMLProgram;
    try {
      ast = parseTOML(body);
    } catch (err) {
      const e = err as { lineNumber?: number; message?: string };
      const message = String(e.message ?? 'parse error').split('\n')[0]!.replace(/ \(\d+:\d+\)$/, '');
      result.diagnostics.push({ line: e.lineNumber ?? null, message: `invalid TOML: ${message}` });
      return result;
    }
    const tablePath: (string | number)[][] = [];
    const tableStart: number[] = [];
    traverseNodes(ast, {
      enterNode(node) {
        if (node.type === 'TOMLTable') {
          tablePath.push(node.resolvedKey);
          tableStart.push(node.range[0] + shift);
        }
        if (node.type !== 'TOMLKeyValue') return;
        const parents = keyValueParents(node);
        const table = parents.length === 0 ? (tablePath[tablePath.length - 1] ?? []) : [];
        const keys = [...table, ...parents, ...node.key.keys.map(keyName)];
        // each [table] is one entry, and each inline table inside it another
        const scope = [...tableStart.slice(-1), ...inlineTables(node).map((o) => o + shift)];
        const before = result.settings.length;
        emitValue(node.value, keys, index, shift, result.settings);
        for (const s of result.settings.slice(before)) s.scope = scope;
      },
      leaveNode(node) {
        if (node.type === 'TOMLTable') {
          tablePath.pop();
          tableStart.pop();
        }
      },
    });
    return result;
  },
} satisfies Parser;

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

/** Key path of the inline tables (and their table) enclosing a key/value, for `a = { b = "x" }`. */
function keyValueParents(node: AST.TOMLKeyValue): (string | number)[] {
  const path: (string | number)[] = [];
  let parent: AST.TOMLNode | undefined = node.parent as AST.TOMLNode;
  while (parent && parent.type !== 'TOMLTable' && parent.type !== 'TOMLTopLevelTable') {
    if (parent.type === 'TOMLKeyValue') path.unshift(...parent.key.keys.map(keyName));
    parent = parent.parent as AST.TOMLNode | undefined;
  }
  if (path.length > 0 && parent?.type === 'TOMLTable') path.unshift(...parent.resolvedKey);
  return path;
}

/** Offsets of the inline tables enclosing a key/value, outermost first. */
function inlineTables(node: AST.TOMLKeyValue): number[] {
  const out: number[] = [];
  let parent: AST.TOMLNode | undefined = node.parent as AST.TOMLNode;
  while (parent && parent.type !== 'TOMLTable' && parent.type !== 'TOMLTopLevelTable') {
    if (parent.type === 'TOMLInlineTable') out.unshift(parent.range[0]);
    parent = parent.parent as AST.TOMLNode | undefined;
  }
  return out;
}

function emitValue(value: AST.TOMLContentNode, keys: (string | number)[], index: LineIndex, shift: number, out: Setting[]): void {
  if (value.type === 'TOMLValue') {
    if (value.kind === 'string' || value.kind === 'integer' || value.kind === 'boolean' || value.kind === 'float') {
      const key = String(keys[keys.length - 1] ?? '');
      out.push({ keyPath: keys, key, value: String(value.value), ...located(index, value.range[0] + shift, value.range[1] + shift) });
    }
  } else if (value.type === 'TOMLArray') {
    value.elements.forEach((el, i) => {
      const key = keys[keys.length - 1];
      const before = out.length;
      emitValue(el, [...keys, i], index, shift, out);
      for (const s of out.slice(before)) s.key = String(key ?? '');
    });
  }
}
