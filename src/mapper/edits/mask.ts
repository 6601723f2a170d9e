// Secret values hidden from every diff we show or store: the diff of a file must never carry its secrets.
import { indirection, isPlaceholder, legacySecretJwt } from '../../detect/values.js';
import type { Setting } from '../../parsers/types.js';
import { quoteOf } from './render.js';
import type { TextChange } from './text.js';

const secretKey = /secret|passw(or)?d|pwd|token|credential|private[-_.]?key|api[-_.]?key|connection[-_.]?string|assertion|sig(nature)?$/i;
const notSecretKey = /(url|uri|endpoint|path|file|type|name|expir\w*|ttl|lifetime)$/i;
const jwtShape = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\./;

/** Whether a setting's value must never be shown: secret-named keys, base64 Secret data, anything JWT-shaped. */
export function isSecretSetting(setting: Setting): boolean {
  if (jwtShape.test(setting.value) || legacySecretJwt(setting.value)) return true;
  if (isStructuralPlaceholder(setting.value) || indirection(setting.value)) return false;
  if (setting.encoding === 'base64') return true;
  const key = setting.key ?? '';
  return secretKey.test(key) && !notSecretKey.test(key);
}

/**
 * A stand-in by its shape (empty, `<id>`, `{…}`, `${VAR}`, `__X__`), never by its words: `my-…` or `your…` under a
 * secret key may be a real short secret, and masking a placeholder costs nothing.
 */
function isStructuralPlaceholder(value: string): boolean {
  return isPlaceholder(value) && !/^\s*[A-Za-z]/.test(value);
}

const secretShapes: [RegExp, string][] = [
  [/eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/g, '***'],
  [/\b([a-z][\w+.-]*:\/\/)[^/@\s"'<>]+@/gi, '$1***@'],
  [/((?:^|[?&;\s"'`(,])(?:client_secret|client_assertion|assertion|code|code_verifier|refresh_token|access_token|id_token|password|sig)=)[^&#\s"'`;,)]+/gi, '$1***'],
];

/**
 * Any line shown to a person, with secret-shaped text masked wherever it is: a JWT (a commented-out legacy secret),
 * a URL's user info, secret query or form parameters. Diff context lines are not settings, so they need this too.
 */
export function maskSecretShapes(line: string): string {
  return secretShapes.reduce((text, [re, by]) => text.replace(re, by), line);
}

/** Masks for every secret value in a file, keeping the quotes so the masked line reads like the original. */
export function secretMasks(text: string, settings: readonly Setting[]): TextChange[] {
  const masks = settings.filter((s) => !s.container && isSecretSetting(s)).flatMap((s) => {
    const raw = text.slice(s.range[0], s.range[1]);
    // a secret joined from literals over several lines (`"eyJ…" \` newline `"…"`): each literal is masked on its own
    // line, so the masked text keeps its lines
    if (/[\r\n]/.test(raw)) {
      return [...raw.matchAll(/(["'`])(?:(?!\1)[^\r\n])*\1/g)].map((m) => ({ start: s.range[0] + m.index, end: s.range[0] + m.index + m[0].length, text: `${m[1]}***${m[1]}` }));
    }
    const q = quoteOf(raw);
    return [{ start: s.range[0], end: s.range[1], text: `${q}***${q}` }];
  });
  masks.push(...echoes(text, masks));
  // the joined secret and its first literal may both be masks: keep one per span (sorted by start, one sweep)
  const sorted = masks.sort((a, b) => a.start - b.start || b.end - a.end);
  let reach = -1;
  return sorted.filter((m) => {
    if (m.start < reach) return false;
    reach = m.end;
    return true;
  });
}

// Bounds that keep a hostile file linear: distinct secret values looked for again, and places masked per value.
const maxEchoedValues = 32;
const maxEchoesPerValue = 1000;

/**
 * The same secret value elsewhere in the file (a copy on a line of its own, in a comment, in a connection string):
 * a diff's context lines would show it, so every copy is masked too. Short values are left: masking `abc` everywhere
 * would hide the file, and a value that short is not what leaks.
 */
function echoes(text: string, masks: readonly TextChange[]): TextChange[] {
  const values = new Set<string>();
  for (const m of masks) {
    const raw = text.slice(m.start, m.end);
    const q = quoteOf(raw).length;
    const value = raw.slice(q, raw.length - q);
    if (value.length >= 6 && !/[\r\n]/.test(value)) values.add(value);
    if (values.size >= maxEchoedValues) break;
  }
  const out: TextChange[] = [];
  for (const value of values) {
    for (let at = text.indexOf(value), n = 0; at >= 0 && n < maxEchoesPerValue; at = text.indexOf(value, at + value.length), n++) {
      out.push({ start: at, end: at + value.length, text: '***' });
    }
  }
  return out;
}
