import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { LineIndex, located } from './positions.js';
import { capDiagnostic, emptyResult, fileLimits, type Parser, type ParseResult, type Setting } from './types.js';

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
    const errors: { error: ParseErrorCode; offset: number }[] = [];
    const settings = collect(text, index, errors);
    const real = errors.filter((e) => !(e.offset === 0 && text.charCodeAt(0) === 0xfeff));
    for (const e of real.slice(0, 3)) {
      result.diagnostics.push({ line: index.position(e.offset).line, message: `invalid JSON: ${printParseErrorCode(e.error)}` });
    }
    if (real.length === 0) {
      result.settings = settings.settings;
      if (settings.cappedAt !== null) result.diagnostics.push(capDiagnostic(index.position(settings.cappedAt).line));
    }
    return result;
  },
} satisfies Parser;

interface Frame {
  array: boolean;
  path: (string | number)[];
  key: string | null;
  /** The scope chain of the values inside: every object is an entry (a provider in a catalog, a section of appsettings). */
  scope: number[];
  /** Objects: the property whose value comes next. Arrays: the next element's index. */
  next: string | number;
}

/**
 * Every scalar with its key path and scope chain, in one pass over the tokens (no syntax tree: a million values in a
 * tree took gigabytes). Stops collecting at the per-file limits and says where.
 */
function collect(text: string, index: LineIndex, errors: { error: ParseErrorCode; offset: number }[]): { settings: Setting[]; cappedAt: number | null } {
  const settings: Setting[] = [];
  const stack: Frame[] = [];
  let cells = 0;
  let cappedAt: number | null = null;
  const here = (): { path: (string | number)[]; key: string | null; scope: number[] } => {
    const top = stack.at(-1);
    if (!top) return { path: [], key: null, scope: [] };
    return { path: [...top.path, top.next], key: top.array ? top.key : String(top.next), scope: top.scope };
  };
  const done = () => {
    const top = stack.at(-1);
    if (top?.array) top.next = (top.next as number) + 1;
  };
  const open = (array: boolean, offset: number) => {
    if (cappedAt !== null) return stack.push({ array, path: [], key: null, scope: [], next: 0 });
    const { path, key, scope } = here();
    cells += 2 * path.length;
    if (cells > fileLimits.keyPathCells) cappedAt = offset;
    return stack.push({ array, path, key, scope: array ? scope : [...scope, offset], next: array ? 0 : '' });
  };
  visit(text, {
    onObjectBegin: (offset) => { open(false, offset); },
    onArrayBegin: (offset) => { open(true, offset); },
    onObjectProperty: (name) => { stack.at(-1)!.next = name; },
    onObjectEnd: () => { stack.pop(); done(); },
    onArrayEnd: () => { stack.pop(); done(); },
    onLiteralValue: (value: unknown, offset, length) => {
      if (cappedAt === null && value !== null) {
        const { path, key, scope } = here();
        cells += path.length;
        if (settings.length >= fileLimits.settings || cells > fileLimits.keyPathCells) cappedAt = offset;
        else settings.push({ keyPath: path, key, value: String(value), scope, ...located(index, offset, offset + length) });
      }
      done();
    },
    onError: (error, offset) => { errors.push({ error, offset }); },
  }, { allowTrailingComma: true, disallowComments: false });
  return { settings, cappedAt };
}

/** Offset where bracket nesting first exceeds `limit` (strings and comments skipped), or null. */
export function depthExceeds(text: string, limit: number): number | null {
  // past `limit` takes more brackets than a shorter text has: most config files are not walked here at all
  if (text.length <= limit) return null;
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
