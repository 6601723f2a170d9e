// Runs every rule over a scan, then applies the suppressions a team configured.
import { createHash } from 'node:crypto';
import type { ParsedFile, ScanEvidence } from '../detect/scan.js';
import { secretMasks } from '../mapper/edits/mask.js';
import { applyTextChanges } from '../mapper/edits/text.js';
import type { Severity } from '../model/finding.js';
import type { Baseline, ValidateFinding, ValidateResult } from '../model/validate.js';
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
        found.push(toFinding(rule, loc, message, byFile.get(loc.file)));
      },
    });
  }
  found.push(...extra);
  const suppressed = { ignored: 0, inline: 0, ignoreFile: 0, baseline: 0 };
  const accepted = new Set((options.baseline?.fingerprints ?? []).map((f) => f.fingerprint));
  const findings = found.filter((f) => {
    if (options.ignore.includes(f.ruleId)) return !++suppressed.ignored;
    const parsed = byFile.get(f.file);
    if (parsed && inlineIgnores(parsed.text, f.line).has(f.ruleId)) return !++suppressed.inline;
    if (options.ignoreFile && ignoredByFile(options.ignoreFile, f)) return !++suppressed.ignoreFile;
    if (accepted.has(f.fingerprint)) return !++suppressed.baseline;
    return true;
  }).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    schemaVersion: 1,
    ok: !findings.some((f) => rank[f.severity] <= rank[options.failOn]),
    failOn: options.failOn,
    findings,
    suppressed,
    stats: { files: evidence.result.stats.files, ms: Math.round(evidence.result.stats.ms + performance.now() - started) },
  };
}

function toFinding(rule: Rule, loc: Location, message: string, file: ParsedFile | undefined): ValidateFinding {
  return {
    ruleId: rule.id, kind: 'other', severity: rule.severity, file: loc.file, line: loc.line, column: loc.column,
    message, appId: null, ...(loc.keyPath ? { keyPath: loc.keyPath } : {}), help: rule.help,
    fingerprint: fingerprint(rule.id, loc.file, file ? lineText(file, loc.line) : loc.keyPath ?? ''),
  };
}

/** Rule + file + the finding's line with blanks collapsed and secret values masked: stable when lines move, never a secret. */
export function fingerprint(ruleId: string, file: string, line: string): string {
  return createHash('sha256').update(`${ruleId}\0${file}\0${line.trim().replace(/\s+/g, ' ')}`).digest('hex').slice(0, 32);
}

function lineText(file: ParsedFile, line: number): string {
  const masked = applyTextChanges(file.text, secretMasks(file.text, file.settings));
  return masked.split(/\r\n|\n|\r/)[line - 1] ?? '';
}
