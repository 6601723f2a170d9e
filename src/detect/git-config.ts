// A git config file read as git reads it, for the few values that name files git opens (include paths, the excludes
// and attributes files): what a hostile .git/config names must be the file ado2entra looks at, not a near miss.

/** A key (its last part, lower case) and its value. */
export type ConfigEntry = [key: string, value: string];

const space = new Set([' ', '\t', '\r']);

/**
 * The entries of a git config text whose key (in any section) `wanted` accepts. Values as git's parser takes them:
 * quotes, escapes, lines continued with a backslash, comments, a key right after its section header. Stops at the
 * first line git would refuse (git then fails at once, so nothing after it is read).
 */
export function configValues(text: string, wanted: (key: string) => boolean): ConfigEntry[] {
  const s = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const out: ConfigEntry[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\n' || space.has(c)) i++;
    else if (c === '#' || c === ';') i = lineEnd(s, i);
    else if (c === '[') {
      // a section header; a key may follow it on the same line
      let quoted = false;
      for (i++; i < s.length && (quoted || s[i] !== ']'); i++) {
        if (s[i] === '\n') return out;
        if (quoted && s[i] === '\\') i++;
        else if (s[i] === '"') quoted = !quoted;
      }
      if (i >= s.length) return out;
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < s.length && /[A-Za-z0-9-]/.test(s[j]!)) j++;
      const key = s.slice(i, j).toLowerCase();
      while (s[j] === ' ' || s[j] === '\t') j++;
      if (j >= s.length || s[j] === '\n') {
        i = j; // a boolean: no value
        continue;
      }
      if (s[j] !== '=') return out;
      const value = parseValue(s, j + 1);
      if (!value) return out;
      if (wanted(key)) out.push([key, value.text]);
      i = value.end;
    } else return out;
  }
  return out;
}

const escapes: Record<string, string> = { t: '\t', b: '\b', n: '\n', '\\': '\\', '"': '"' };

/** git's parse_value: whitespace outside quotes kept only between words (one space each), `;` and `#` start a comment. */
function parseValue(s: string, start: number): { text: string; end: number } | null {
  let text = '';
  let quoted = false;
  let comment = false;
  let spaces = 0;
  for (let i = start; ; i++) {
    const c = s[i];
    if (c === undefined || c === '\n') return quoted ? null : { text, end: i };
    if (comment) continue;
    if (space.has(c) && !quoted) {
      if (text) spaces++;
      continue;
    }
    if (!quoted && (c === ';' || c === '#')) {
      comment = true;
      continue;
    }
    text += ' '.repeat(spaces);
    spaces = 0;
    if (c === '\\') {
      const e = s[++i];
      if (e === '\n') continue;
      const escaped = e === undefined ? undefined : escapes[e];
      if (escaped === undefined) return null;
      text += escaped;
    } else if (c === '"') quoted = !quoted;
    else text += c;
  }
}

function lineEnd(s: string, i: number): number {
  const end = s.indexOf('\n', i);
  return end < 0 ? s.length : end;
}
