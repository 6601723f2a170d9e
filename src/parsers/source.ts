import { LineIndex, located } from './positions.js';
import { languageOf, lex, type Literal } from './source-lexer.js';
import { capDiagnostic, emptyResult, fileLimits, type Parser, type ParseResult, type Setting } from './types.js';

type Role = 'none' | 'pairValue' | 'listItem';

const assignmentBefore = /([A-Za-z_$][\w$.-]*)["'\]]*\s*(?::=|=>|\+=|==|=|:)\s*(?:new\s+\w+\s*)?([[({]?)\s*[@$rRbBuUfF]{0,2}$/;
// `"k": v`, `'k' => v`, `query["k"] = v` (indexer), Kotlin `"k" to v`
const pairSeparator = /^\s*\]?\s*(?::|=>|=|to(?=\s))\s*[[{(]?\s*$/;
// the opening of a collection written over several lines: `Scopes = new[]\n{`, `SCOPES = List.of(`, `scopes = [`
const listOpening = /([A-Za-z_$][\w$.-]*)["'\]]*\s*(?::=|=>|\+=|=|:)\s*(?:new\s*[\w.<>]*\s*(?:\[\s*\])?\s*(?:\(\s*\))?|[\w.]*(?:\.of|listOf|setOf|arrayOf|mutableListOf|asList|vec!|Array|List|Set|frozenset|tuple|list|set)\s*(?:<[^>\n]*>)?)?\s*[[({]\s*$/;
// a Java/Kotlin enum constant: `PROJECT_READ("vso.project")`
const enumConstant = /(?:^|[\s,{])([A-Z][A-Z0-9_]{2,})\s*\(\s*$/;
// reading the environment: the literal is a variable name, recorded as the reference it stands for
const envRead = /(?:System\.get_?env|os\.Getenv|os\.LookupEnv|os\.getenv|os\.environ\.get|os\.environ\[|getenv|\benv|ENV\.fetch|ENV\[|Environment\.GetEnvironmentVariable|std::env::var|env::var|process\.env\[)\s*\(?\s*[@$]?$/;
// a call whose name argument is a constant: `r.put(Fields.FIELD_RESPONSE_TYPE, "Assertion")`
const constantArgument = /\(\s*(?:[A-Za-z_$][\w$]*\.)*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s*,\s*$/;
const listSeparator = /^\s*,\s*$/;
// the default after a read: `X = process.env.Y || "…"`, `x = os.environ.get("Y") or "…"`, `X = ENV["Y"] || "…"`
const defaultAfter = /^[)\]\s!]*(?:\|\||\?\?|\bor\b)\s*$/;
const defaultAfterRead = /([A-Za-z_$][\w$.-]*)["'\]]*\s*(?::|=)\s*[\w$.]+!?\s*(?:\|\||\?\?|\bor\b)\s*$/;
// `params.set('client_id', process.env.VSTS_APP_ID)`: the variable is no literal, so the name is read here
const envArgument = /^\s*,\s*process\.env\.([A-Za-z_]\w*)/;
const shellAssignment = /^[ \t]*(?:export[ \t]+|local[ \t]+|readonly[ \t]+)?([A-Za-z_]\w*)=([^\s'"`$(][^\s;#]*)/gm;
const maxBindingDistance = 160;
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
    let cells = 0; // every literal carries its open blocks: `${\`` repeated 200k times made that quadratic (3.5 GB)
    for (const lit of literals) {
      const scope = blocks.at(lit.start);
      cells += scope.length;
      if (cells > fileLimits.keyPathCells) {
        result.diagnostics.push(capDiagnostic(index.position(lit.start).line));
        return result;
      }
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
      const envKey = envReadKey(text, lit, prev);
      if (envKey !== undefined) {
        result.settings.push({ ...toSetting(lit, envKey, index, { scope }), value: `\${${lit.value}}` });
        prev = { lit, key: envKey, role: 'none' };
        continue;
      }
      const { key, role } = keyContext(text, lit, prev);
      result.settings.push(toSetting(lit, key, index, { interpolated: lit.interpolated, scope }));
      const envArg = role === 'none' && /^[\w.:-]{1,60}$/.test(lit.value) ? envArgument.exec(text.slice(lit.end, lit.end + 120)) : null;
      if (envArg) {
        const at = lit.end + envArg[0].length - envArg[1]!.length;
        result.settings.push({ keyPath: [lit.value], key: lit.value, value: `\${${envArg[1]!}}`, scope, ...located(index, at, at + envArg[1]!.length) });
      }
      prev = { lit, key, role };
    }
    for (const joined of joinedLiterals(text, literals, index, (at) => blocks.at(at))) result.settings.push(joined);
    if (language === 'js' || language === 'generic') {
      const capped = dotEnvReads(text, literals, index, (at) => blocks.at(at), { cells, settings: result.settings });
      if (capped !== null) {
        result.diagnostics.push(capDiagnostic(index.position(capped).line));
        return result;
      }
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

const concatenation = /^(?:\s|\\|\+|\.\.?|<>|&|~)*$/;

/**
 * A secret split over several literals (`"eyJ…" \\` + newline + `"…"`, `"eyJ…" + "…"`): one extra setting with the
 * joined value, so a committed JWT is recognised however it is wrapped.
 */
function joinedLiterals(text: string, literals: Literal[], index: LineIndex, scopeAt: (offset: number) => number[]): Setting[] {
  const out: Setting[] = [];
  for (let i = 0; i < literals.length; i++) {
    const first = literals[i]!;
    if (first.inComment || !/eyJ[A-Za-z0-9_-]{8,}/.test(first.value) || /^[\w-]+\.[\w-]+\.[\w-]+$/.test(first.value)) continue;
    let value = first.value;
    let j = i;
    while (j + 1 < literals.length && !literals[j + 1]!.inComment && concatenation.test(text.slice(literals[j]!.end, literals[j + 1]!.start)) && /^[\w.-]+$/.test(literals[j + 1]!.value)) {
      j++;
      value += literals[j]!.value;
    }
    if (j === i) continue;
    out.push({ keyPath: [], key: null, value, scope: scopeAt(first.start), ...located(index, first.start, literals[j]!.end) });
    i = j;
  }
  return out;
}

// `clientID: process.env.VSTS_APP_ID`, `appId = process.env.HUBOT_APP_ID`: no literal names the variable
const dotEnvRead = /(?<![\w$.])([A-Za-z_$][\w$]*)["']?[ \t]*(?::|=(?!=))[ \t]*process\.env\.([A-Za-z_]\w*)/g;

/**
 * JS (and CoffeeScript) reads of `process.env.NAME` bound to a name, as the reads other languages write with a literal,
 * added to `kept.settings`. They count toward the per-file caps the literals began (`kept.cells` used so far): the
 * offset where a cap was reached, else null.
 */
function dotEnvReads(text: string, literals: Literal[], index: LineIndex, scopeAt: (offset: number) => number[], kept: { cells: number; settings: Setting[] }): number | null {
  if (!text.includes('process.env.')) return null;
  let next = 0;
  let cells = kept.cells;
  for (const m of text.matchAll(dotEnvRead)) {
    while (next < literals.length && literals[next]!.end <= m.index) next++;
    if (next < literals.length && literals[next]!.start <= m.index) continue; // inside a string or a comment
    const at = m.index + m[0].length - m[2]!.length;
    const scope = scopeAt(at);
    cells += scope.length;
    if (cells > fileLimits.keyPathCells || kept.settings.length >= fileLimits.settings) return at;
    kept.settings.push({ keyPath: [m[1]!], key: m[1]!, value: `\${${m[2]!}}`, scope, ...located(index, at, at + m[2]!.length) });
  }
  return null;
}

function toSetting(lit: Literal, key: string | null, index: LineIndex, extra: Partial<Setting>): Setting {
  return { keyPath: key ? [key] : [], key, value: lit.value, ...located(index, lit.start, lit.end), ...extra };
}

/** Works out which name a literal is bound to: `name = "x"`, `name: "x"`, `("name", "x")`, `NAME = ["a", "b"]`. */
function keyContext(text: string, lit: Literal, prev: { lit: Literal; key: string | null; role: Role } | null): { key: string | null; role: Role } {
  if (prev) {
    const between = text.slice(prev.lit.end, lit.start);
    if (prev.key && lit.value.trim() && between.length < 20 && defaultAfter.test(between)) return { key: prev.key, role: 'pairValue' };
    if (between.length < 40 && pairSeparator.test(between)) return { key: prev.lit.value, role: 'pairValue' };
    if (between.length < 80 && listSeparator.test(between)) {
      if (prev.role === 'listItem') return { key: prev.key, role: 'listItem' };
      if (prev.role === 'none' && !between.includes('\n') && /^[\w.:-]{1,60}$/.test(prev.lit.value)) {
        return { key: prev.lit.value, role: 'pairValue' };
      }
      if (prev.role === 'pairValue') return { key: null, role: 'none' };
    }
  }
  const before = lineBefore(text, lit.start, prev ? prev.lit.end : 0);
  const m = assignmentBefore.exec(before);
  if (m) return { key: lastName(m[1]!), role: m[2] ? 'listItem' : 'pairValue' };
  // an empty default (`?? ''`) states nothing: the read beside it is the site
  const fallback = lit.value.trim() ? defaultAfterRead.exec(before) : null;
  if (fallback) return { key: lastName(fallback[1]!), role: 'pairValue' };
  const argument = constantArgument.exec(before);
  if (argument && /^[\w.:-]{1,60}$/.test(lit.value)) return { key: argument[1]!, role: 'pairValue' };
  const enumName = enumConstant.exec(before);
  if (enumName) return { key: enumName[1]!, role: 'pairValue' };
  // the first element of a list opened on an earlier line
  const back = text.slice(Math.max(prev ? prev.lit.end : 0, lit.start - 300), lit.start);
  const opened = /\n\s*$/.test(back) ? listOpening.exec(back.trimEnd()) : null;
  if (opened) return { key: lastName(opened[1]!), role: 'listItem' };
  return { key: null, role: 'none' };
}

/**
 * The text on the literal's line before it, after the previous literal, at most `maxBindingDistance` characters:
 * the name a literal is bound to sits just before it, and looking further back made a long line quadratic.
 */
function lineBefore(text: string, start: number, after: number): string {
  const window = text.slice(Math.max(after, start - maxBindingDistance), start);
  return window.slice(window.lastIndexOf('\n') + 1);
}

function lastName(path: string): string | null {
  return path.split('.').pop()!.replace(/^\$/, '') || null;
}

/** The key an environment read is assigned to (`client_id: System.get_env("X")`), when the literal is the variable name. */
function envReadKey(text: string, lit: Literal, previous: { lit: Literal; role: Role } | null): string | null | undefined {
  const prev = previous?.lit ?? null;
  const before = lineBefore(text, lit.start, prev ? prev.end : 0);
  const call = envRead.exec(before);
  if (!call || !/^[A-Za-z_][\w.]*$/.test(lit.value)) return undefined;
  const head = before.slice(0, call.index);
  const m = /([A-Za-z_$][\w$.-]*)["'\]]*\s*(?::=|=>|=|:)\s*(?:[\w.]+\s*\(\s*)?$/.exec(head);
  if (m) return lastName(m[1]!);
  if (!prev) return null;
  const between = text.slice(prev.end, lit.start - (before.length - call.index));
  if (pairSeparator.test(between)) return prev.value;
  // a call's name argument then the read: `q.Set("client_id", os.Getenv("VSTS_APP_ID"))`
  if (previous!.role === 'none' && listSeparator.test(between) && !between.includes('\n') && /^[\w.:-]{1,60}$/.test(prev.value)) return prev.value;
  return null;
}
