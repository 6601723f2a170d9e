import type { FormatName, Setting } from '../../parsers/types.js';

/** The format a value is written in: its file's, or JSON for JSON embedded in a YAML block scalar. */
export function valueFormat(format: FormatName, setting: Setting): FormatName {
  return setting.embeddedIn ? 'json' : format;
}

/** The quote a value was written with, if any (`range` includes quotes). */
export function quoteOf(raw: string): '"' | "'" | '' {
  const q = raw[0];
  return (q === '"' || q === "'") && raw.length >= 2 && raw.endsWith(q) ? q : '';
}

/**
 * A new value written the way the old one was: same quotes, the format's escaping, base64 where the old
 * value was base64 (Kubernetes Secret `data`). `raw` is the old value as written in the file.
 */
export function renderValue(format: FormatName, raw: string, value: string, setting: Pick<Setting, 'encoding'>): string {
  const encoded = setting.encoding === 'base64' ? Buffer.from(value, 'utf8').toString('base64') : value;
  const quote = quoteOf(raw);
  switch (format) {
    case 'json':
      return JSON.stringify(encoded);
    case 'yaml':
      if (quote === "'") return `'${encoded.replace(/'/g, "''")}'`;
      if (quote === '"' || !plainYamlSafe(encoded)) return JSON.stringify(encoded);
      return encoded;
    case 'toml':
      return quote === "'" && !/['\n]/.test(encoded) ? `'${encoded}'` : JSON.stringify(encoded);
    case 'xml':
      return quote ? `${quote}${xmlEscape(encoded, quote)}${quote}` : xmlEscape(encoded, '');
    case 'dotenv':
      if (quote === "'" && !encoded.includes("'")) return `'${encoded}'`;
      if (quote || !plainDotenvSafe(encoded, raw)) return `"${encoded.replace(/(["\\$`])/g, '\\$1')}"`;
      return encoded;
    case 'ini':
      return quote ? `${quote}${encoded}${quote}` : encoded;
    case 'properties':
      return encoded.replace(/\\/g, '\\\\').replace(/^ /, '\\ ');
    case 'source':
      return quote ? `${quote}${encoded}${quote}` : encoded;
  }
}

function plainYamlSafe(value: string): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) && !/^-[^\s]/.test(value)) return false;
  if (/: |\s#|[\n\t]/.test(value) || value.endsWith(':')) return false;
  return !/^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[\da-f]+|0o[0-7]+)$/i.test(value);
}

/** Unquoted dotenv values may hold inner spaces only where the file already wrote them that way. */
function plainDotenvSafe(value: string, raw: string): boolean {
  if (/[#"'`$\\]/.test(value) || value !== value.trim()) return false;
  return !/\s/.test(value) || /\s/.test(raw.trim());
}

function xmlEscape(value: string, quote: string): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (quote === '"') out = out.replace(/"/g, '&quot;');
  if (quote === "'") out = out.replace(/'/g, '&apos;');
  return out;
}
