import { closeSync, openSync, readSync } from 'node:fs';
// One cheap test before any parsing: a file without any of these literals cannot hold a legacy signal.
// Entra literals too: validate's rules read migrated config (login.microsoftonline.com, the Azure DevOps resource id, MSAL).
const literals = /login\.microsoftonline|499b84ac|dev\.azure\.com|msal|microsoft\.identity|vssps\.visualstudio|vsaex\.visualstudio|aex\.dev\.azure\.com|response_?type|jwt-bearer|vso\.|azure[-_ ]?devops|visualstudio|vsts|preview_api|configsource|oauth-scm-server|eyJ[A-Za-z0-9_-]{8,}\.eyJ/i;

// V8 runs this alternation three times faster case-sensitively over lower-cased text than with the `i` flag.
const lowered = new RegExp(literals.source.toLowerCase());

/** The same literals for ripgrep (`--ignore-case`): Rust's regex syntax reads this alternation alike. */
export const prefilterPattern = lowered.source;

export function mayHoldLegacySignal(text: string): boolean {
  return lowered.test(text.toLowerCase());
}

/**
 * The prefilter over a file too large to read whole: 1 MiB at a time, with an overlap so no literal is cut in two.
 * Literals are ASCII, so bytes decode as latin1. Past `maxBytes`, or unreadable, it answers yes: fail closed.
 */
export function fileMayHoldLegacySignal(path: string, maxBytes = 256 * 1024 * 1024): boolean {
  const chunk = Buffer.alloc(1024 * 1024);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return true;
  }
  try {
    let carry = '';
    for (let at = 0; at < maxBytes;) {
      const n = readSync(fd, chunk, 0, chunk.length, at);
      if (n === 0) return false;
      if (at === 0 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) return true; // UTF-16
      const text = carry + chunk.toString('latin1', 0, n);
      if (mayHoldLegacySignal(text)) return true;
      carry = text.slice(-100);
      at += n;
    }
    return true;
  } catch {
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Our own JSON output (a saved plan, scan, validate result, report or rollup) quotes legacy settings; scanning it would report them twice. */
export function isOwnOutput(text: string): boolean {
  return /^\s*\{\s*"schemaVersion":\s*\d+,\s*"(root|scans|ok|kind)":/.test(text.slice(0, 200));
}
