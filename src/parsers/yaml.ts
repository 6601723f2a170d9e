import {
  LineCounter, parseAllDocuments, isAlias, isMap, isScalar, isSeq, Scalar, type Node as YamlNode,
} from 'yaml';
import { LineIndex, located } from './positions.js';
import { parserFor } from './registry.js';
import { capDiagnostic, emptyResult, valueCountExceeds, type Parser, type ParseResult, type Setting } from './types.js';

/** Flow collections deeper than this are refused before parsing (deep flow nesting can abort Node in yaml@2). */
export const maxYamlFlowDepth = 256;

export const yaml = {
  name: 'yaml',
  accepts: (path) => /\.(ya?ml)$/i.test(path),
  parse(text, path) {
    const result: ParseResult = emptyResult();
    const index = new LineIndex(text);
    const deep = flowDepthExceeds(text, maxYamlFlowDepth);
    if (deep !== null) {
      result.diagnostics.push({ line: index.position(deep).line, message: `flow nesting deeper than ${maxYamlFlowDepth} levels; file skipped` });
      return result;
    }
    const crowded = valueCountExceeds(text, /[\n,]/g);
    if (crowded !== null) {
      result.diagnostics.push({ ...capDiagnostic(index.position(crowded).line), message: 'more values than the per-file limit: file not parsed, not checked' });
      return result;
    }
    const docs = parseAllDocuments(text, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [];
    if (!Array.isArray(docs)) {
      result.diagnostics.push({ line: null, message: 'invalid YAML stream' });
      return result;
    }
    list.forEach((doc, docIndex) => {
      if (doc.errors.length > 0) {
        const e = doc.errors[0]!;
        result.diagnostics.push({ line: index.position(e.pos[0]).line, message: `invalid YAML: ${e.code.toLowerCase().replace(/_/g, ' ')}` });
        return;
      }
      const isSecret = String(doc.get('kind') ?? '') === 'Secret';
      const ctx: WalkContext = { text, path, index, docIndex, isSecret, out: result.settings, diagnostics: result };
      if (doc.contents) walk(doc.contents as YamlNode, [], null, [], ctx);
    });
    return result;
  },
} satisfies Parser;

interface WalkContext {
  text: string;
  path: string;
  index: LineIndex;
  docIndex: number;
  isSecret: boolean;
  out: Setting[];
  diagnostics: ParseResult;
}

/** Every mapping is an entry (a provider block, a Secret's stringData): its offset joins the scope chain. */
function walk(node: YamlNode, keyPath: (string | number)[], key: string | null, scope: number[], ctx: WalkContext): void {
  if (isAlias(node)) return; // never expand aliases: alias bombs stay cheap
  if (isMap(node)) {
    const inner = node.range ? [...scope, node.range[0]] : scope;
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : null;
      if (k === null || !pair.value) continue;
      walk(pair.value as YamlNode, [...keyPath, k], k, inner, ctx);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && key === 'environment' && isScalar(item) && typeof item.value === 'string') {
        if (emitComposeVariable(item, [...keyPath, i], scope, ctx)) return;
      }
      if (item) walk(item as YamlNode, [...keyPath, i], key, scope, ctx);
    });
  } else if (isScalar(node) && node.range && node.value !== null && typeof node.value !== 'object') {
    emitScalar(node, keyPath, key, scope, ctx);
  }
}

function emitScalar(node: Scalar, keyPath: (string | number)[], key: string | null, scope: number[], ctx: WalkContext): void {
  const [start, end] = node.range!;
  let value = String(node.value);
  const setting: Setting = { keyPath, key, value, document: ctx.docIndex, scope, ...located(ctx.index, start, end) };
  if (ctx.isSecret && keyPath[0] === 'data') {
    const decoded = decodeBase64(value);
    if (decoded !== null) {
      value = decoded;
      Object.assign(setting, { value, encoding: 'base64' });
    }
  }
  ctx.out.push(setting);
  const embedded = key ? parserFor(key) : undefined;
  if (embedded && embedded.name !== 'source') {
    const inner = embedded.parse(value, `${ctx.path}#${key}`);
    if (inner.settings.length > 0) setting.container = true;
    const mapOffset = node.type === Scalar.BLOCK_LITERAL ? blockLiteralMapper(ctx.text, start, value) : null;
    for (const s of inner.settings) {
      const range: [number, number] = mapOffset ? [mapOffset(s.range[0]), mapOffset(s.range[1])] : [start, end];
      const innerScope = (s.scope ?? []).map((o) => (mapOffset ? mapOffset(o) : start + 1 + o));
      ctx.out.push({ ...s, keyPath: [...keyPath, ...s.keyPath], document: ctx.docIndex, embeddedIn: key!, scope: [...scope, ...innerScope], ...located(ctx.index, range[0], range[1]) });
    }
    for (const d of inner.diagnostics) {
      ctx.diagnostics.diagnostics.push({ line: setting.line + (d.line ?? 1), message: `in embedded ${key}: ${d.message}` });
    }
  }
}

/** docker-compose `environment: [KEY=value]` entries become KEY settings. */
function emitComposeVariable(item: Scalar, keyPath: (string | number)[], scope: number[], ctx: WalkContext): boolean {
  const raw = String(item.value);
  const eq = raw.indexOf('=');
  if (eq <= 0 || !/^[A-Za-z_][\w.]*$/.test(raw.slice(0, eq)) || !item.range) return false;
  const quoted = item.type === Scalar.QUOTE_DOUBLE || item.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  const start = item.range[0] + quoted + eq + 1;
  const name = raw.slice(0, eq);
  ctx.out.push({ keyPath: [...keyPath, name], key: name, value: raw.slice(eq + 1), document: ctx.docIndex, scope, ...located(ctx.index, start, item.range[1] - quoted) });
  return true;
}

/** Maps an offset inside a `|` block scalar's value back to the file: each value line sits at header + n, indented. */
function blockLiteralMapper(text: string, headerStart: number, value: string): (offset: number) => number {
  const firstLineStart = text.indexOf('\n', headerStart) + 1;
  const sample = text.slice(firstLineStart).match(/^[ \t]*(?=\S)/m);
  const indent = sample ? sample[0].length : 0;
  const valueIndex = new LineIndex(value);
  const sourceLineStarts: number[] = [firstLineStart];
  for (let i = firstLineStart; i < text.length && sourceLineStarts.length < valueIndex.lineCount; i++) {
    if (text[i] === '\n') sourceLineStarts.push(i + 1);
  }
  return (offset) => {
    const { line, column } = valueIndex.position(offset);
    return (sourceLineStarts[line - 1] ?? firstLineStart) + indent + column - 1;
  };
}

function decodeBase64(value: string): string | null {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** Offset where `[`/`{` nesting first exceeds `limit` (quoted strings and comments skipped), or null. */
export function flowDepthExceeds(text: string, limit: number): number | null {
  if (text.length <= limit) return null; // more brackets than the text has characters
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = c;
      for (i++; i < text.length && text[i] !== q && text[i] !== '\n'; i++) if (q === '"' && text[i] === '\\') i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return null;
}

