import type { EntraApp } from '../model/scan.js';
import type { ValidateFinding } from '../model/validate.js';

/** An Entra app is broken when validate reports an error in one of its files (after suppressions). */
export function withEntraStatus(apps: readonly EntraApp[], findings: readonly ValidateFinding[]): EntraApp[] {
  const failing = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.file));
  return apps.map((a) => ({ ...a, status: a.files.some((f) => failing.has(f)) ? 'broken' : 'migrated' }));
}
