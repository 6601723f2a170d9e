import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, encodeText } from '../detect/read.js';
import type { ParsedFile, ScanEvidence } from '../detect/scan.js';
import { codeSites, isBrowserApp } from '../mapper/code-sites.js';
import { appChanges, type Change, type Unedited } from '../mapper/edits/changes.js';
import { editFile } from '../mapper/edits/file.js';
import { entraSettings, scopeMapping } from '../mapper/entra.js';
import { registrationArtifacts } from '../mapper/registration.js';
import { sharedBasePlan } from '../mapper/base-urls.js';
import { appRisks, manualSteps, mergeSharedRisks, sharedClientIdRisks, sharedSteps } from '../mapper/steps.js';
import type { Diagnostic } from '../model/finding.js';
import type { Edit, Plan, PlanApp, PlanInputs } from '../model/plan.js';
import { parserFor } from '../parsers/registry.js';
import type { Setting } from '../parsers/types.js';
import { reviewDiff } from './diff.js';
import { faultCrash } from './faults.js';
import { sha256 } from './hash.js';

/** Thrown when the inputs name apps the scan did not find (a usage error). */
export class PlanInputError extends Error {}

/** Computes the migration plan from a scan: pure apart from reading the files it edits. Writes nothing. */
export function buildPlan(evidence: ScanEvidence, inputs: PlanInputs): Plan {
  const scanResult = evidence.result;
  const unknown = (inputs.apps ?? []).filter((id) => !scanResult.apps.some((a) => a.id === id));
  if (unknown.length) throw new PlanInputError(`unknown app id(s): ${unknown.join(', ')} (found: ${scanResult.apps.map((a) => a.id).join(', ') || 'none'})`);
  const selected = scanResult.apps.filter((a) => !inputs.apps || inputs.apps.includes(a.id));
  // the scan parsed every candidate file already: its text and settings are reused, never read or parsed again
  const parsedFiles = new Map(evidence.files.map((f) => [f.file, f]));
  const settingsOf = (file: string): Setting[] => parsedFiles.get(file)?.settings ?? [];
  const apps: PlanApp[] = [];
  const manual: string[] = [];
  const risks = [];
  const changesByFile = new Map<string, { app: string; change: Change }[]>();
  const unedited: { app: string; item: Unedited }[] = [];
  for (const app of selected) {
    const signals = evidence.signalsByApp.get(app.id) ?? [];
    const rows = scopeMapping(app);
    const entra = entraSettings(app, rows, inputs);
    const planApp: PlanApp = { id: app.id, entra, scopeMapping: rows, registration: registrationArtifacts(app.id, entra, { spa: isBrowserApp(signals) }), codeSites: codeSites(signals) };
    apps.push(planApp);
    const bases = sharedBasePlan(app.id, signals, entra, (file) => parsedFiles.get(file));
    manual.push(...bases.steps);
    manual.push(...manualSteps(app, planApp, inputs, { secretSetting: signals.some((s) => s.kind === 'client-secret' || s.kind === 'legacy-secret-value'), codeSites: planApp.codeSites.length }));
    risks.push(...bases.risks, ...appRisks(app, planApp, inputs, scanResult.findings));
    const found = appChanges(signals.filter((s) => !bases.kept.has(s.setting)), entra, inputs, settingsOf);
    found.changes.push(...bases.changes);
    for (const change of found.changes) changesByFile.set(change.file, [...(changesByFile.get(change.file) ?? []), { app: app.id, change }]);
    unedited.push(...found.unedited.map((item) => ({ app: app.id, item })));
  }
  risks.push(...sharedClientIdRisks(selected.map((a) => a.id), inputs, scanResult.findings));
  const diagnostics: Diagnostic[] = [...scanResult.diagnostics];
  const edits: Edit[] = [];
  for (const [file, entries] of [...changesByFile].sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = parsedFiles.get(file);
    const edit = parsed ? fileEdit(evidence, parsed, entries.map((e) => e.change), diagnostics) : null;
    if (!edit) continue;
    unedited.push(...edit.unedited.map((item) => ({ app: entries[0]!.app, item })));
    if (edit.edit) edits.push(edit.edit);
  }
  for (const { app, item } of unedited) manual.push(`${app}: ${item.file}:${item.line}: ${item.reason}`);
  manual.push(...sharedSteps(selected.map((a) => a.id)));
  faultCrash('plan');
  return { schemaVersion: 1, root: scanResult.root, inputs, apps, edits, manualSteps: manual, risks: mergeSharedRisks(risks), diagnostics };
}

function fileEdit(evidence: ScanEvidence, { file, text, settings }: ParsedFile, changes: Change[], diagnostics: Diagnostic[]): { edit: Edit | null; unedited: Unedited[] } | null {
  const parser = parserFor(file);
  if (!parser) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(evidence.rootDir, file));
  } catch {
    diagnostics.push({ file, line: null, message: 'file vanished after the scan; not edited' });
    return null;
  }
  const decoded = decodeText(bytes);
  if (!decoded || decoded.text !== text) {
    diagnostics.push({ file, line: null, message: 'file changed during the scan; not edited (plan again)' });
    return null;
  }
  const original = encodeText(text, decoded.encoding);
  if (!original?.equals(bytes) || decoded.encoding === 'utf16be') {
    return { edit: null, unedited: [{ file, line: 1, reason: `not edited: the file is not valid ${decoded.encoding === 'utf8' ? 'UTF-8' : 'UTF-16LE'}, so it cannot be rewritten byte for byte; make the changes by hand` }] };
  }
  const result = editFile(file, text, parser.name, changes);
  if (result.changes.length === 0) return { edit: null, unedited: result.unedited };
  const before = evidence.result.diagnostics.filter((d) => d.file === file).length;
  const reparsed = parser.parse(result.after, file);
  if (reparsed.diagnostics.length > before) {
    return { edit: null, unedited: [...result.unedited, { file, line: 1, reason: `not edited: the edit would leave the file unparseable (${reparsed.diagnostics[0]!.message}); make the changes by hand` }] };
  }
  const encoding = decoded.encoding === 'utf16le' ? 'utf16le' : 'utf8';
  return {
    edit: {
      file,
      sha256Before: sha256(bytes),
      sha256After: sha256(encodeText(result.after, encoding)!),
      encoding,
      diff: reviewDiff(file, text, result.changes, settings),
      changes: result.changes,
      reasons: result.reasons,
    },
    unedited: result.unedited,
  };
}
