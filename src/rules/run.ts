// Runs every rule over a scan, then applies the suppressions a team configured.
import { createHash, createHmac, type Hash } from 'node:crypto';
import type { ParsedFile, ScanEvidence } from '../detect/scan.js';
import { secretMasks } from '../mapper/edits/mask.js';
import { applyTextChanges } from '../mapper/edits/text.js';
import { LineIndex } from '../parsers/positions.js';
import type { Severity } from '../model/finding.js';
import type { Baseline, ValidateFinding, ValidateResult } from '../model/validate.js';
import { withEntraStatus } from './entra-status.js';
import { rules } from './index.js';
import { ignoredByFile, inlineIgnores, type IgnoreFile } from './suppress.js';
import type { Location, Rule } from './types.js';

export interface ValidateOptions {
  failOn: Severity;
  ignore: readonly string[];
  ignoreFile: IgnoreFile | null;
  baseline: Baseline | null;
}

const rank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

export function validate(evidence: ScanEvidence, options: ValidateOptions, extra: ValidateFinding[] = []): ValidateResult {
  const started = performance.now();
  const byFile = new Map(evidence.files.map((f) => [f.file, f]));
  const lines = new FileLines();
  const found: ValidateFinding[] = [];
  for (const rule of rules) {
    const seen = new Set<string>();
    rule.check({
      files: evidence.files,
      scan: evidence.result,
      report: (loc, message) => {
        const key = `${loc.file}:${loc.line}:${loc.column}`;
        if (seen.has(key)) return;
        seen.add(key);
        found.push(toFinding(rule, loc, message, byFile.get(loc.file), lines));
      },
    });
  }
  found.push(...extra);
  const suppressed = { ignored: 0, inline: 0, ignoreFile: 0, baseline: 0 };
  const accepted = new Set((options.baseline?.fingerprints ?? []).map((f) => f.fingerprint));
  const findings = found.filter((f) => {
    if (options.ignore.includes(f.ruleId)) return !++suppressed.ignored;
    const parsed = byFile.get(f.file);
    if (parsed && lines.ignores(parsed, f.line).has(f.ruleId)) return !++suppressed.inline;
    if (options.ignoreFile && ignoredByFile(options.ignoreFile, f)) return !++suppressed.ignoreFile;
    if (accepted.has(f.fingerprint)) return !++suppressed.baseline;
    return true;
  }).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    schemaVersion: 1,
    ok: !findings.some((f) => rank[f.severity] <= rank[options.failOn]),
    failOn: options.failOn,
    repository: evidence.result.repository,
    entraApps: withEntraStatus(evidence.result.entraApps, findings),
    findings,
    suppressed,
    stats: { files: evidence.result.stats.files, ms: Math.round(evidence.result.stats.ms + performance.now() - started) },
  };
}

function toFinding(rule: Rule, loc: Location, message: string, file: ParsedFile | undefined, lines: FileLines): ValidateFinding {
  const here = file ? lines.of(file) : null;
  return {
    ruleId: rule.id, kind: 'other', severity: rule.severity, file: loc.file, line: loc.line, column: loc.column,
    message, appId: null, ...(loc.keyPath ? { keyPath: loc.keyPath } : {}), help: rule.help,
    fingerprint: here ? lines.fingerprint(rule.id, loc.file, loc.line, here) : fingerprint(rule.id, loc.file, loc.keyPath ?? ''),
  };
}

/**
 * Rule + file + the finding's line with blanks collapsed and secret values masked, so it is stable when lines move;
 * plus, when the line holds secrets, a keyed hash of them: a different secret on the same line is a new finding.
 * The key derives from the rule and the path (stable across runs, nothing to store); the hash cannot be printed back.
 */
export function fingerprint(ruleId: string, file: string, line: string, secretValues: readonly string[] = []): string {
  return fingerprintWith(lineHash(ruleId, file, line), ruleId, file, secretValues);
}

function lineHash(ruleId: string, file: string, line: string): Hash {
  return createHash('sha256').update(`${ruleId}\0${file}\0${line.trim().replace(/\s+/g, ' ')}`);
}

function fingerprintWith(hash: Hash, ruleId: string, file: string, secretValues: readonly string[]): string {
  if (secretValues.length) {
    const key = createHash('sha256').update(`ado2entra-fingerprint\0${ruleId}\0${file}`).digest();
    hash.update(`\0${createHmac('sha256', key).update(secretValues.join('\0')).digest('hex').slice(0, 32)}`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** Each file's lines, raw and with secrets masked, and the secret values per line: computed once per file. */
class FileLines {
  private readonly cache = new Map<string, { raw: string[]; masked: string[]; secrets: Map<number, string[]> }>();
  /** The hash state after rule + file + line, per rule and line: a minified file's one long line is hashed once per rule, not once per finding. */
  private readonly lineHashes = new Map<string, Hash>();

  fingerprint(ruleId: string, file: string, line: number, here: { masked: string[]; secrets: Map<number, string[]> }): string {
    const key = `${ruleId}\0${file}\0${line}`;
    let hash = this.lineHashes.get(key);
    if (!hash) {
      hash = lineHash(ruleId, file, here.masked[line - 1] ?? '');
      this.lineHashes.set(key, hash);
    }
    return fingerprintWith(hash.copy(), ruleId, file, here.secrets.get(line) ?? []);
  }

  private readonly inline = new Map<string, Set<string>>();

  /** The rule ids an inline comment silences on a line, looked up once per line. */
  ignores(file: ParsedFile, line: number): Set<string> {
    const key = `${file.file}\0${line}`;
    let ids = this.inline.get(key);
    if (!ids) {
      ids = inlineIgnores(this.of(file).raw, line);
      this.inline.set(key, ids);
    }
    return ids;
  }

  of(file: ParsedFile) {
    let entry = this.cache.get(file.file);
    if (!entry) {
      const masks = secretMasks(file.text, file.settings);
      const index = new LineIndex(file.text);
      const secrets = new Map<number, string[]>();
      for (const m of masks) {
        const line = index.position(m.start).line;
        secrets.set(line, [...(secrets.get(line) ?? []), file.text.slice(m.start, m.end)]);
      }
      entry = { raw: file.text.split(/\r\n|\n|\r/), masked: applyTextChanges(file.text, masks).split(/\r\n|\n|\r/), secrets };
      this.cache.set(file.file, entry);
    }
    return entry;
  }
}
