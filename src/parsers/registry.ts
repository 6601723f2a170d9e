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

export function parserFor(path: string): Parser | undefined {
  return parsers.find((p) => p.accepts(path));
}
