import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { LineIndex, located } from './positions.js';
import { capDiagnostic, emptyResult, fileLimits, type Parser, type ParseResult, type Setting } from './types.js';

// saxes never expands DTD entities and never reads external ones (billion laughs and XXE become
// "undefined entity" errors), streams and reports UTF-16 offsets for splicing. Element paths are built only for
// elements that hold a value, and nesting is capped: copying the path at every element made deep files quadratic.

/** Deeper documents are refused, as for JSON: no configuration nests this deep. */
export const maxXmlDepth = 512;

/** Thrown from a handler to stop saxes at a limit; the diagnostic is already recorded. */
class Stop extends Error {}

interface OpenElement {
  name: string;
  /** Offset of the `<` that opens the element: the element's id in scope chains. */
  start: number;
  attributes: Record<string, string>;
  contentStart: number;
  hasChildren: boolean;
  text: string;
}

export const xml = {
  name: 'xml',
  accepts: (path) => /\.(config|xml|csproj|props|targets|xaml|resx|nuspec|plist)$/i.test(path),
  parse(text) {
    const result: ParseResult = emptyResult();
    const index = new LineIndex(text);
    const parser = new SaxesParser({ position: true });
    const stack: OpenElement[] = [];
    const names: string[] = [];
    const starts: number[] = [];
    let cells = 0;
    const budget = (path: readonly unknown[]) => {
      cells += 2 * path.length;
      if (result.settings.length < fileLimits.settings && cells <= fileLimits.keyPathCells) return;
      result.diagnostics.push(capDiagnostic(parser.line));
      throw new Stop();
    };
    const pendingAttributes: { name: string; value: string; range: [number, number] }[] = [];
    let failed = false;

    parser.on('error', (err) => {
      if (failed) return;
      failed = true;
      result.diagnostics.push({ line: parser.line, message: `invalid XML: ${err.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '')}` });
    });
    parser.on('attribute', (attr) => {
      const end = parser.position;
      const quote = text[end - 1];
      const start = quote === '"' || quote === "'" ? text.lastIndexOf(quote, end - 2) : end;
      pendingAttributes.push({ name: attr.name, value: attr.value, range: [start, end] });
    });
    parser.on('opentag', (openTag) => {
      if (failed) return;
      const tag = openTag as SaxesTagPlain; // no xmlns option: attributes are plain strings
      const parent = stack[stack.length - 1];
      if (parent) parent.hasChildren = true;
      if (stack.length >= maxXmlDepth) {
        failed = true;
        result.diagnostics.push({ line: parser.line, message: `nesting deeper than ${maxXmlDepth} levels; file skipped` });
        throw new Stop();
      }
      const start = Math.max(0, text.lastIndexOf(`<${tag.name}`, parser.position - 1));
      if (pendingAttributes.length) {
        const path = [...names, tag.name];
        budget(path);
        emitAttributes(tag, path, pendingAttributes.splice(0), index, result, [...starts], start);
      }
      stack.push({ name: tag.name, start, attributes: tag.attributes as Record<string, string>, contentStart: parser.position, hasChildren: false, text: '' });
      names.push(tag.name);
      starts.push(start);
      if (tag.isSelfClosing) pop();
    });
    const pop = () => {
      names.pop();
      starts.pop();
      return stack.pop();
    };
    parser.on('text', (t) => {
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    });
    parser.on('cdata', (t) => {
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    });
    parser.on('closetag', (tag) => {
      if (failed || tag.isSelfClosing) return;
      const el = pop();
      if (!el || el.hasChildren || el.text.trim() === '') return;
      const closeStart = text.lastIndexOf('<', parser.position - 1);
      const raw = text.slice(el.contentStart, closeStart);
      const start = el.contentStart + (raw.length - raw.trimStart().length);
      const end = el.contentStart + raw.trimEnd().length;
      const parent = stack[stack.length - 1];
      const named = el.name === 'value' && parent?.attributes.name ? parent.attributes.name : el.name;
      const keyPath = [...names, named];
      budget(keyPath);
      result.settings.push({
        keyPath,
        key: named,
        value: el.text.trim(),
        scope: [...starts],
        ...located(index, start, end),
      });
    });

    try {
      parser.write(text).close();
    } catch (err) {
      if (!(err instanceof Stop) && !failed) result.diagnostics.push({ line: parser.line, message: `invalid XML: ${(err as Error).message}` });
    }
    if (failed) result.settings = [];
    return result;
  },
} satisfies Parser;

function emitAttributes(
  tag: SaxesTagPlain,
  path: string[],
  attrs: { name: string; value: string; range: [number, number] }[],
  index: LineIndex,
  result: ParseResult,
  parents: number[],
  start: number,
): void {
  const parentPath = path.slice(0, -1);
  const addKey = tag.name === 'add' ? (tag.attributes.key ?? tag.attributes.name) : undefined;
  for (const attr of attrs) {
    if (attr.name === 'configSource') {
      result.references.push({ kind: 'configSource', target: attr.value, line: index.position(attr.range[0]).line });
    }
    let setting: Setting;
    if (addKey !== undefined && attr.name === 'value') {
      // `<add key value>` items of one section are one entry (appSettings); any other element is an entry of its own
      setting = { keyPath: [...parentPath, addKey], key: addKey, value: attr.value, scope: parents, ...located(index, attr.range[0], attr.range[1]) };
    } else if (addKey !== undefined && (attr.name === 'key' || attr.name === 'name')) {
      continue;
    } else {
      setting = { keyPath: [...path, `@${attr.name}`], key: attr.name, value: attr.value, scope: [...parents, start], ...located(index, attr.range[0], attr.range[1]) };
    }
    result.settings.push(setting);
  }
}
