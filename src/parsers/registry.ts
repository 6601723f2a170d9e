import { dotenv } from './dotenv.js';
import { ini } from './ini.js';
import { json } from './json.js';
import { properties } from './properties.js';
import { source } from './source.js';
import { toml } from './toml.js';
import type { Parser } from './types.js';
import { xml } from './xml.js';
import { yaml } from './yaml.js';

/** Every format, most specific first: the first parser that accepts a path parses it. */
export const parsers: readonly Parser[] = [dotenv, json, xml, yaml, properties, toml, ini, source];

/** The first parser that accepts `path`, asking each one. */
export function parserByRules(path: string): Parser | undefined {
  return parsers.find((p) => p.accepts(path));
}

// Every rule looks at the file name only, and past a dot-file or a name without a dot, at its last extension: the
// answer for `mod-123.js` is the answer for `x.js`. Asked once per kind instead of 8 regexes per file (26 ms of a
// scan of 80,000 files).
const byKind = new Map<string, Parser | null>();
const maxKinds = 10_000;

export function parserFor(path: string): Parser | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.startsWith('.')) return parserByRules(name);
  const kind = `x${name.slice(dot)}`;
  let parser = byKind.get(kind);
  if (parser === undefined) {
    parser = parserByRules(kind) ?? null;
    if (byKind.size < maxKinds) byKind.set(kind, parser);
  }
  return parser ?? undefined;
}
