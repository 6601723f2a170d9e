// Three ways to accept a finding: an inline comment, a .ado2entraignore entry, a baseline (in run.ts).
import ignore, { type Ignore } from 'ignore';
import type { ValidateFinding } from '../model/validate.js';

const inline = /ado2entra-ignore(?:-next-line)?\s+((?:A2E\d{3}[\s,]*)+)/i;

/**
 * Rule ids silenced on `line` by `ado2entra-ignore A2E010` on that line or `ado2entra-ignore-next-line A2E010` above it.
 * Takes the file's lines, split once per file: splitting per finding made 20,000 findings quadratic.
 */
export function inlineIgnores(lines: readonly string[], line: number): Set<string> {
  const ids = new Set<string>();
  const here = inline.exec(lines[line - 1] ?? '');
  if (here && !/next-line/i.test(here[0])) for (const id of here[1]!.match(/A2E\d{3}/gi) ?? []) ids.add(id.toUpperCase());
  const above = inline.exec(lines[line - 2] ?? '');
  if (above && /next-line/i.test(above[0])) for (const id of above[1]!.match(/A2E\d{3}/gi) ?? []) ids.add(id.toUpperCase());
  return ids;
}

export interface IgnoreFile {
  fingerprints: Set<string>;
  /** Paths ignored for every rule, or per rule id. */
  paths: Ignore;
  rulePaths: Map<string, Ignore>;
}

/**
 * `.ado2entraignore`: one entry per line, `#` comments. A 32-hex fingerprint (from --json or SARIF);
 * `A2E010 path/glob` for one rule; or a gitignore-style path pattern for every rule.
 */
export function parseIgnoreFile(text: string): IgnoreFile {
  const out: IgnoreFile = { fingerprints: new Set(), paths: ignore(), rulePaths: new Map() };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    if (/^[0-9a-f]{32}$/i.test(line)) out.fingerprints.add(line.toLowerCase());
    else if (/^A2E\d{3}\s+\S/i.test(line)) {
      const [id, pattern] = [line.slice(0, 6).toUpperCase(), line.slice(6).trim()];
      out.rulePaths.set(id, (out.rulePaths.get(id) ?? ignore()).add(pattern));
    } else out.paths.add(line);
  }
  return out;
}

export function ignoredByFile(file: IgnoreFile, finding: ValidateFinding): boolean {
  return file.fingerprints.has(finding.fingerprint) || ignoredPath(file, finding.ruleId, finding.file);
}

/** Whether a path entry (for every rule, or for `ruleId`) accepts findings in `path`. */
export function ignoredPath(file: IgnoreFile, ruleId: string, path: string): boolean {
  return file.paths.ignores(path) || !!file.rulePaths.get(ruleId)?.ignores(path);
}
