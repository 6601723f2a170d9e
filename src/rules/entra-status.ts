import type { ScanEvidence } from '../detect/scan.js';
import type { EntraApp } from '../model/scan.js';
import type { ValidateFinding } from '../model/validate.js';
import { rules } from './index.js';
import { ignoredPath, inlineIgnores, type IgnoreFile } from './suppress.js';

/** An Entra app is broken when validate reports an error in one of its files (after suppressions). */
export function withEntraStatus(apps: readonly EntraApp[], findings: readonly ValidateFinding[]): EntraApp[] {
  return statusBy(apps, new Set(findings.filter((f) => f.severity === 'error').map((f) => f.file)));
}

/** Each app `broken` when one of its files is `failing`, else `migrated`. */
function statusBy(apps: readonly EntraApp[], failing: ReadonlySet<string>): EntraApp[] {
  return apps.map((a) => ({ ...a, status: a.files.some((f) => failing.has(f)) ? 'broken' : 'migrated' }));
}

/**
 * The status `validate` gives the Entra apps (failOn error, no --ignore, no baseline), for scan: only the error rules
 * run, a rule that judges each file alone sees only the apps' files, and a report outside them is dropped before
 * validate would build its finding (fingerprint, masked lines): 22–30 ms of a 5,000-file scan went there. Null when
 * the ignore file lists fingerprints: then only validate's findings can say which are accepted.
 */
export function entraStatusOf(evidence: ScanEvidence, ignoreFile: IgnoreFile | null): EntraApp[] | null {
  if (ignoreFile && ignoreFile.fingerprints.size > 0) return null;
  const apps = evidence.result.entraApps;
  const mine = new Set(apps.flatMap((a) => a.files));
  const own = evidence.files.filter((f) => mine.has(f.file));
  const byFile = new Map(own.map((f) => [f.file, f]));
  const lines = new Map<string, string[] | null>();
  const failing = new Set<string>();
  for (const rule of rules) {
    if (rule.severity !== 'error') continue;
    rule.check({
      files: rule.acrossFiles ? evidence.files : own,
      scan: evidence.result,
      report: (loc) => {
        if (!mine.has(loc.file) || failing.has(loc.file)) return;
        const parsed = byFile.get(loc.file);
        if (parsed) {
          // validate's inline check, on the lines of a file that has an ignore comment at all
          if (!lines.has(loc.file)) lines.set(loc.file, /ado2entra-ignore/i.test(parsed.text) ? parsed.text.split(/\r\n|\n|\r/) : null);
          const raw = lines.get(loc.file);
          if (raw && inlineIgnores(raw, loc.line).has(rule.id)) return;
        }
        if (ignoreFile && ignoredPath(ignoreFile, rule.id, loc.file)) return;
        failing.add(loc.file);
      },
    });
  }
  return statusBy(apps, failing);
}
