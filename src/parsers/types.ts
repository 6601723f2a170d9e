export type FormatName =
  | 'dotenv' | 'json' | 'xml' | 'yaml' | 'ini' | 'properties' | 'toml' | 'source';

/**
 * One value found in a file: a configuration setting, or a string literal in source code.
 * `value` is decoded (quotes and escapes removed). It may be a secret: detection decides what it is,
 * and nothing downstream may print it.
 */
export interface Setting {
  keyPath: (string | number)[];
  /** The setting's own name (last key segment; for code, the identifier or field the literal is bound to). */
  key: string | null;
  value: string;
  /** 1-based position of the first character of the value as written (the opening quote, if any). */
  line: number;
  column: number;
  /** UTF-16 offsets of the value as written in the file, quotes included: [start, end). */
  range: [number, number];
  /** Set when the value was decoded from base64 (Kubernetes Secret `data`). */
  encoding?: 'base64';
  /** Multi-document files (YAML): 0-based document index. */
  document?: number;
  /** Source code only: the literal sits in a comment. */
  inComment?: boolean;
  /** Source code only: the literal is an interpolated/template string (`${x}`, `{x}`, `$"…"`). */
  interpolated?: boolean;
  /** Set when the value was found inside another value (e.g. JSON inside a YAML block scalar). */
  embeddedIn?: string;
  /** The value is a whole embedded document whose own settings are reported separately. */
  container?: boolean;
  /** A plugin manifest declares this setting by name; its value lives elsewhere (`range` is the name). */
  declared?: boolean;
  /**
   * The entries enclosing the value, outermost first, each named by the offset where it starts: JSON objects,
   * YAML mappings, INI/TOML sections, XML elements, code blocks. Evidence joins only along this chain
   * (see detect/scopes.ts); absent or empty means the file's top level.
   */
  scope?: number[];
}

/** Another file this one pulls in (e.g. XML `configSource`), path relative to this file's folder. */
export interface FileReference {
  kind: 'configSource';
  target: string;
  line: number;
}

export interface ParseDiagnostic {
  line: number | null;
  message: string;
}

export interface ParseResult {
  settings: Setting[];
  diagnostics: ParseDiagnostic[];
  references: FileReference[];
}

/** One module per format; pure: text in, settings with positions out. */
export interface Parser {
  name: FormatName;
  /** Whether a path (`/`-separated, relative) is in this format. */
  accepts(path: string): boolean;
  parse(text: string, path: string): ParseResult;
}

export function emptyResult(): ParseResult {
  return { settings: [], diagnostics: [], references: [] };
}

/**
 * Work per file is capped so a hostile file costs bounded time and memory: past these, the rest of the file is not
 * read and a diagnostic says so (validate reports it as a file not fully checked).
 */
export const fileLimits = {
  settings: 50_000,
  /** Legacy signals (findings) from one file: grouping and reporting past this is work nobody reads. */
  signals: 5_000,
  /** The sum of every setting's keyPath length: a deep document repeats its path in each value. */
  keyPathCells: 1_000_000,
};

export function capDiagnostic(line: number | null): ParseDiagnostic {
  return { line, message: `more than ${fileLimits.settings.toLocaleString('en-US')} values or too deeply nested ones: only those before this line were checked` };
}

/**
 * Where a syntax tree would grow past the per-file limit, before building it: `separators` counts one match per value
 * at most (TOML `=` and `,`; YAML line breaks and `,`), so a document under the limit is never refused. The tree of a
 * 2 MB inline table took 550 MB; this keeps such a file to a diagnostic.
 */
export function valueCountExceeds(text: string, separators: RegExp, limit = fileLimits.settings * 2): number | null {
  if (text.length < limit) return null; // a text has at most one match more than it has characters
  let n = 0;
  for (const m of text.matchAll(separators)) if (++n > limit) return m.index;
  return null;
}
