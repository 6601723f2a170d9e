import { LineIndex, located } from './positions.js';
import { languageOf, lex, type Literal } from './source-lexer.js';
import { emptyResult, type Parser, type ParseResult, type Setting } from './types.js';

type Role = 'none' | 'pairValue' | 'listItem';

const assignmentBefore = /([A-Za-z_$][\w$.-]*)["'\]]*\s*(?::=|=>|\+=|==|=|:)\s*(?:new\s+\w+\s*)?([[({]?)\s*[@$rRbBuUfF]{0,2}$/;
const pairSeparator = /^\s*(?::|=>|=)\s*[[{(]?\s*$/;
const listSeparator = /^\s*,\s*$/;
const shellAssignment = /^[ \t]*(?:export[ \t]+|local[ \t]+|readonly[ \t]+)?([A-Za-z_]\w*)=([^\s'"`$(][^\s;#]*)/gm;
const heredocPair = /^([\w.-]+)\s*[:=]\s*(.+)$/;

/** String literals (and comments) of JS/TS, C#, F#, Java, Go, PHP, Python, Ruby, shell and PowerShell. */
export const source = {
  name: 'source',
  accepts: (path) => languageOf(path) !== null,
  parse(text, path) {
    const result: ParseResult = emptyResult();
    const language = languageOf(path);
    if (!language) return result;
    const index = new LineIndex(text);
    let prev: { lit: Literal; key: string | null; role: Role } | null = null;
    const literals = lex(text, language);
    const blocks = new BlockScopes(text, literals, language === 'php' ? '{[' : '{');
    for (const lit of literals) {
      const scope = blocks.at(lit.start);
      if (lit.inComment) {
        result.settings.push(toSetting(lit, null, index, { inComment: true, scope }));
        continue;
      }
      const heredoc = heredocPair.exec(lit.value);
      if (heredoc && lit.heredocLine) {
        const valueStart = lit.start + lit.value.indexOf(heredoc[2]!, heredoc[1]!.length);
        result.settings.push({ keyPath: [heredoc[1]!], key: heredoc[1]!, value: heredoc[2]!, interpolated: lit.interpolated, scope, ...located(index, valueStart, lit.end) });
        prev = null;
        continue;
      }
      const { key, role } = keyContext(text, lit, prev);
      result.settings.push(toSetting(lit, key, index, { interpolated: lit.interpolated, scope }));
      prev = { lit, key, role };
    }
    if (language === 'shell') {
      for (const m of text.matchAll(shellAssignment)) {
        const start = m.index + m[0].length - m[2]!.length;
        result.settings.push({ keyPath: [m[1]!], key: m[1]!, value: m[2]!, scope: blocks.at(start), ...located(index, start, start + m[2]!.length) });
      }
    }
    return result;
  },
} satisfies Parser;

/**
 * Code entries are blocks: a class body, a function, an object or dict literal (one provider of a catalog written
 * in code). Call parentheses are not entries, so a host constant and `new Uri(host, "/oauth2/token")` in one
 * block join. Brackets inside strings and comments are skipped.
 */
class BlockScopes {
  private readonly opens: string;
  private readonly stack: number[] = [];
  private cursor = 0;
  private literal = 0;

  constructor(private readonly text: string, private readonly literals: readonly Literal[], opens: string) {
    this.opens = opens;
  }

  /** The open blocks at `offset`, outermost first; offsets must be asked in increasing order (else it replays). */
  at(offset: number): number[] {
    if (offset < this.cursor) {
      this.cursor = 0;
      this.literal = 0;
      this.stack.length = 0;
    }
    while (this.cursor < offset) {
      const lit = this.literals[this.literal];
      if (lit && this.cursor >= lit.start) {
        this.cursor = Math.max(this.cursor, lit.end);
        this.literal++;
        continue;
      }
      const stop = Math.min(offset, lit ? lit.start : offset);
      for (; this.cursor < stop; this.cursor++) {
        const c = this.text[this.cursor]!;
        if (this.opens.includes(c)) this.stack.push(this.cursor);
        else if ((c === '}' && this.opens.includes('{')) || (c === ']' && this.opens.includes('['))) this.stack.pop();
      }
    }
    return [...this.stack];
  }
}

function toSetting(lit: Literal, key: string | null, index: LineIndex, extra: Partial<Setting>): Setting {
  return { keyPath: key ? [key] : [], key, value: lit.value, ...located(index, lit.start, lit.end), ...extra };
}

/** Works out which name a literal is bound to: `name = "x"`, `name: "x"`, `("name", "x")`, `NAME = ["a", "b"]`. */
function keyContext(text: string, lit: Literal, prev: { lit: Literal; key: string | null; role: Role } | null): { key: string | null; role: Role } {
  if (prev) {
    const between = text.slice(prev.lit.end, lit.start);
    if (between.length < 40 && pairSeparator.test(between)) return { key: prev.lit.value, role: 'pairValue' };
    if (between.length < 80 && listSeparator.test(between)) {
      if (prev.role === 'listItem') return { key: prev.key, role: 'listItem' };
      if (prev.role === 'none' && !between.includes('\n') && /^[\w.:-]{1,60}$/.test(prev.lit.value)) {
        return { key: prev.lit.value, role: 'pairValue' };
      }
      if (prev.role === 'pairValue') return { key: null, role: 'none' };
    }
  }
  const lineStart = text.lastIndexOf('\n', lit.start - 1) + 1;
  const from = prev && prev.lit.end > lineStart ? prev.lit.end : lineStart;
  const m = assignmentBefore.exec(text.slice(from, lit.start));
  if (!m) return { key: null, role: 'none' };
  const name = m[1]!.split('.').pop()!.replace(/^\$/, '');
  return { key: name || null, role: m[2] ? 'listItem' : 'pairValue' };
}
