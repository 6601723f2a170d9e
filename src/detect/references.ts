import type { Setting } from '../parsers/types.js';
import { LineIndex } from '../parsers/positions.js';
import type { Signal } from './signal.js';

const genericKeys = new Set([
  'clientid', 'clientsecret', 'appid', 'appsecret', 'redirecturi', 'redirecturl', 'callbackurl', 'callback',
  'scope', 'scopes', 'secret', 'id', 'tenantid', 'authority', 'authurl', 'tokenurl', 'issuer', 'key', 'value',
]);

/** The names code can use to read a setting: its key, and for nested config `A:B` / `A__B` (ASP.NET Core). */
export function referenceNames(setting: Setting): string[] {
  const names = new Set<string>();
  if (setting.key) names.add(setting.key);
  const path = setting.keyPath.filter((k): k is string => typeof k === 'string');
  if (path.length >= 2) {
    const tail = path.slice(-2);
    names.add(tail.join(':'));
    names.add(tail.join('__'));
  }
  return [...names].filter(isDistinctive);
}

/** Names distinctive enough that finding them elsewhere means "this code reads that setting". */
export function isDistinctive(name: string): boolean {
  const flat = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (genericKeys.has(flat)) return false;
  return name.length >= 10 || (/[._:-]/.test(name) && name.length >= 8);
}

export interface KeyReference {
  name: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

/** Every whole-word occurrence of any of `names` in `text` (case-insensitive). */
export function findReferences(text: string, names: string[]): KeyReference[] {
  return names.length === 0 ? [] : referenceMatcher(names)(text);
}

/** A reusable finder for `names`: one regex compiled once, a line index built only for texts that match. */
export function referenceMatcher(names: string[]): (text: string) => KeyReference[] {
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\w-])(?:${escaped.join('|')})(?![\\w-])`, 'gi');
  return (text) => {
    const out: KeyReference[] = [];
    let index: LineIndex | null = null;
    for (const m of text.matchAll(re)) {
      index ??= new LineIndex(text);
      const { line, column } = index.position(m.index);
      out.push({ name: m[0], start: m.index, end: m.index + m[0].length, line, column });
    }
    return out;
  };
}

/** The signal kinds a reference to a setting stands for (a read of a secret setting is a client-secret site). */
export function referenceKind(signal: Signal): Signal['kind'] {
  return signal.role === 'app-secret' ? 'client-secret' : signal.kind;
}

/** A comment, or a plain string of three words or more (a message): text about settings, not code reading them. */
export function isProse(setting: Setting): boolean {
  if (setting.inComment) return true;
  return !setting.interpolated && setting.value.trim().split(/\s+/).length >= 3;
}
