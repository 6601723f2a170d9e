// A tokenizer that finds string literals and comments in source code of several languages, with offsets.
// It does not parse: it only needs to know where strings and comments start and end in each language.

export type Language =
  | 'js' | 'csharp' | 'fsharp' | 'java' | 'go' | 'php' | 'python' | 'ruby' | 'shell' | 'powershell'
  | 'elixir' | 'rust' | 'lua' | 'generic';

export interface Literal {
  value: string;
  start: number;
  end: number;
  inComment: boolean;
  interpolated: boolean;
  /** A line of a heredoc body (shell, PHP, Ruby), not a quoted string. */
  heredocLine?: boolean;
}

interface Syntax {
  lineComments: string[];
  blockComments: [string, string][];
  quotes: string[];
  tripleQuotes: boolean;
  /** C# verbatim `@"…"` strings, where `""` is an escaped quote. */
  verbatim: boolean;
  heredoc: boolean;
  /** Prefix characters that may stand before a quote (f"", r'', $"", b"", @"). */
  prefixes: RegExp | null;
  /** Rust raw strings `r"…"`, `r#"…"#`. */
  rawHash?: boolean;
  /** Lua long brackets `[[…]]`, `[==[…]==]` (strings; after `--`, comments). */
  longBrackets?: boolean;
}

const cLike = { lineComments: ['//'], blockComments: [['/*', '*/']] as [string, string][], tripleQuotes: false, verbatim: false, heredoc: false, prefixes: null };

const syntaxes: Record<Language, Syntax> = {
  js: { ...cLike, quotes: ['"', "'", '`'] },
  csharp: { ...cLike, quotes: ['"', "'"], tripleQuotes: true, verbatim: true, prefixes: /[$@]/ },
  fsharp: { ...cLike, blockComments: [['(*', '*)']], quotes: ['"'], tripleQuotes: true, verbatim: true, prefixes: /[$@]/ },
  java: { ...cLike, quotes: ['"', "'"], tripleQuotes: true },
  go: { ...cLike, quotes: ['"', "'", '`'] },
  php: { ...cLike, lineComments: ['//', '#'], quotes: ['"', "'"], heredoc: true },
  python: { lineComments: ['#'], blockComments: [], quotes: ['"', "'"], tripleQuotes: true, verbatim: false, heredoc: false, prefixes: /[rRbBuUfF]/ },
  ruby: { lineComments: ['#'], blockComments: [['=begin', '=end']], quotes: ['"', "'"], tripleQuotes: false, verbatim: false, heredoc: true, prefixes: null },
  shell: { lineComments: ['#'], blockComments: [], quotes: ['"', "'"], tripleQuotes: false, verbatim: false, heredoc: true, prefixes: /\$/ },
  powershell: { lineComments: ['#'], blockComments: [['<#', '#>']], quotes: ['"', "'"], tripleQuotes: false, verbatim: false, heredoc: false, prefixes: null },
  elixir: { lineComments: ['#'], blockComments: [], quotes: ['"', "'"], tripleQuotes: true, verbatim: false, heredoc: false, prefixes: null },
  rust: { ...cLike, quotes: ['"'], prefixes: /[rb]/, rawHash: true },
  lua: { lineComments: ['--'], blockComments: [], quotes: ['"', "'"], tripleQuotes: false, verbatim: false, heredoc: false, prefixes: null, longBrackets: true },
  // Any other text (Kotlin script, Swift, Dart, Scala, Clojure, Erlang, R, Perl, HCL, templates, …): strings in
  // double or single quotes and the common comment markers, so URL and literal signals work in every language.
  generic: { lineComments: ['//', '#'], blockComments: [['/*', '*/']], quotes: ['"', "'", '`'], tripleQuotes: true, verbatim: false, heredoc: false, prefixes: null },
};

const extensions: [RegExp, Language][] = [
  [/\.(m?[jt]sx?|c[jt]s|vue|svelte)$/i, 'js'],
  [/\.(cs|csx|cshtml|razor)$/i, 'csharp'],
  [/\.(fs|fsx|fsi)$/i, 'fsharp'],
  [/\.(java|kt|kts|scala|groovy|gradle)$/i, 'java'],
  [/\.go$/i, 'go'],
  [/\.php$/i, 'php'],
  [/\.(py|pyw)$/i, 'python'],
  [/\.(rb|rake|gemspec)$|(^|\/)(Gemfile|Rakefile)$/i, 'ruby'],
  [/\.(sh|bash|zsh|ksh)$/i, 'shell'],
  [/\.(ps1|psm1)$/i, 'powershell'],
  [/\.(ex|exs|heex|eex)$/i, 'elixir'],
  [/\.rs$/i, 'rust'],
  [/\.lua$/i, 'lua'],
  [/\.(swift|dart|sc|sbt|clj|cljs|cljc|edn|erl|hrl|r|pl|pm|cr|nim|zig|jl|hs|ml|mli|v|vb|vbs|bas|d|hx|cfm|cfc|tf|hcl|nix|dhall|jsonnet|libsonnet|rkt|coffee|elm|purs|ino|m|mm|c|cc|cpp|cxx|h|hpp|hxx|ts\.tmpl|tmpl|tpl|j2|jinja|jinja2|erb|ejs|hbs|mustache|liquid|njk|twig|html?)$/i, 'generic'],
];

export function languageOf(path: string): Language | null {
  for (const [re, lang] of extensions) if (re.test(path)) return lang;
  return null;
}

export function lex(text: string, language: Language): Literal[] {
  const syn = syntaxes[language];
  const out: Literal[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (syn.longBrackets && (c === '[' || c === '-')) {
      const next = readLongBracket(text, i, out);
      if (next > i) {
        i = next;
        continue;
      }
    }
    if (syn.rawHash && c === 'r' && (i === 0 || !/\w/.test(text[i - 1]!)) && /^r#*"/.test(text.slice(i, i + 8))) {
      i = readRawString(text, i, out);
      continue;
    }
    const lineComment = syn.lineComments.find((m) => text.startsWith(m, i));
    if (lineComment && !(language === 'shell' && c === '#' && i > 0 && /[\w$}{]/.test(text[i - 1]!))) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      pushComment(out, text, i + lineComment.length, end);
      i = end;
      continue;
    }
    const block = syn.blockComments.find(([open]) => text.startsWith(open, i));
    if (block) {
      const close = text.indexOf(block[1], i + block[0].length);
      const end = close === -1 ? n : close;
      pushComment(out, text, i + block[0].length, end);
      i = close === -1 ? n : close + block[1].length;
      continue;
    }
    if (syn.heredoc && text.startsWith('<<', i)) {
      const next = readHeredoc(text, i, out);
      if (next > i) {
        i = next;
        continue;
      }
    }
    if (syn.quotes.includes(c)) {
      i = readString(text, i, syn, out, prefixBefore(text, i, syn));
      continue;
    }
    i++;
  }
  return out;
}

function prefixBefore(text: string, quoteAt: number, syn: Syntax): string {
  if (!syn.prefixes) return '';
  let p = quoteAt;
  while (p > 0 && quoteAt - p < 3 && syn.prefixes.test(text[p - 1]!)) p--;
  if (p > 0 && /[\w]/.test(text[p - 1]!)) return '';
  return text.slice(p, quoteAt);
}

function readString(text: string, start: number, syn: Syntax, out: Literal[], prefix: string): number {
  const q = text[start]!;
  const literalStart = start - prefix.length;
  const interp = /[$fF]/.test(prefix);
  if (syn.tripleQuotes && text.startsWith(q.repeat(3), start)) {
    const close = text.indexOf(q.repeat(3), start + 3);
    const end = close === -1 ? text.length : close;
    const value = text.slice(start + 3, end);
    out.push({ value, start: literalStart, end: Math.min(text.length, end + 3), inComment: false, interpolated: interp && value.includes('{') });
    return Math.min(text.length, end + 3);
  }
  const verbatim = syn.verbatim && prefix.includes('@');
  let i = start + 1;
  let value = '';
  while (i < text.length) {
    const ch = text[i]!;
    if (verbatim && ch === q) {
      if (text[i + 1] === q) { value += q; i += 2; continue; }
      break;
    }
    if (!verbatim && ch === '\\' && q !== '`') {
      const nx = text[i + 1] ?? '';
      value += nx === 'n' ? '\n' : nx === 't' ? '\t' : nx;
      i += 2;
      continue;
    }
    if (ch === q) break;
    if (ch === '\n' && q !== '`' && !verbatim) break; // unterminated: stop at the line end
    value += ch;
    i++;
  }
  const end = Math.min(text.length, i + 1);
  const interpolated = (q === '`' && value.includes('${')) || (interp && value.includes('{'))
    || (q === '"' && (value.includes('#{') || /\$\{?\w/.test(value)) && !verbatim && syn !== syntaxes.csharp);
  out.push({ value, start: literalStart, end, inComment: false, interpolated });
  return end;
}

/** Lua `[[…]]` / `[==[…]==]` strings and `--[[…]]` comments. Returns the offset after it, or `at` if none starts here. */
function readLongBracket(text: string, at: number, out: Literal[]): number {
  const m = /^(--)?\[(=*)\[/.exec(text.slice(at, at + 40));
  if (!m) return at;
  const close = `]${m[2]}]`;
  const bodyStart = at + m[0].length;
  const end = text.indexOf(close, bodyStart);
  const bodyEnd = end === -1 ? text.length : end;
  const after = end === -1 ? text.length : end + close.length;
  if (m[1]) pushComment(out, text, bodyStart, bodyEnd);
  else out.push({ value: text.slice(bodyStart, bodyEnd), start: at, end: after, inComment: false, interpolated: false });
  return after;
}

/** Rust `r"…"`, `r#"…"#`: no escapes inside. */
function readRawString(text: string, at: number, out: Literal[]): number {
  const hashes = /^r(#*)"/.exec(text.slice(at, at + 8))![1]!;
  const bodyStart = at + hashes.length + 2;
  const close = `"${hashes}`;
  const end = text.indexOf(close, bodyStart);
  const bodyEnd = end === -1 ? text.length : end;
  const after = end === -1 ? text.length : end + close.length;
  out.push({ value: text.slice(bodyStart, bodyEnd), start: at, end: after, inComment: false, interpolated: false });
  return after;
}

function pushComment(out: Literal[], text: string, start: number, end: number): void {
  const body = text.slice(start, end);
  if (body.trim()) out.push({ value: body, start, end, inComment: true, interpolated: false });
}

/** `<<EOF`, `<<-'EOF'`, `<<~EOS`, `<<<EOT`: each body line becomes one literal. Returns the offset after it. */
function readHeredoc(text: string, at: number, out: Literal[]): number {
  const m = /^<<<?[-~]?[ \t]*(['"]?)([A-Za-z_]\w*)\1/.exec(text.slice(at, at + 80));
  if (!m) return at;
  const tag = m[2]!;
  let lineStart = text.indexOf('\n', at);
  if (lineStart === -1) return at;
  lineStart++;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (line.trim() === tag || line.trim() === `${tag};`) return lineEnd;
    const lead = line.length - line.trimStart().length;
    if (line.trim()) out.push({ value: line.trim(), start: lineStart + lead, end: lineStart + line.trimEnd().length, inComment: false, interpolated: /\$\{?\w/.test(line), heredocLine: true });
    lineStart = lineEnd + 1;
  }
  return text.length;
}
