import { entraSettings, scopeMapping } from '../mapper/entra.js';
import { registrationArtifacts } from '../mapper/registration.js';
import { appRisks, manualSteps } from '../mapper/steps.js';
import type { Plan, PlanApp, PlanInputs } from '../model/plan.js';
import type { ScanResult } from '../model/scan.js';

/** Thrown when the inputs name apps the scan did not find (a usage error). */
export class PlanInputError extends Error {}

/** Computes the migration plan from a scan: pure, serialisable, reviewable. Writes nothing. */
export function buildPlan(scanResult: ScanResult, inputs: PlanInputs): Plan {
  const unknown = (inputs.apps ?? []).filter((id) => !scanResult.apps.some((a) => a.id === id));
  if (unknown.length) throw new PlanInputError(`unknown app id(s): ${unknown.join(', ')} (found: ${scanResult.apps.map((a) => a.id).join(', ') || 'none'})`);
  const selected = scanResult.apps.filter((a) => !inputs.apps || inputs.apps.includes(a.id));
  const apps: PlanApp[] = [];
  const manual: string[] = [];
  const risks = [];
  for (const app of selected) {
    const rows = scopeMapping(app);
    const entra = entraSettings(app, rows, inputs);
    const planApp: PlanApp = { id: app.id, entra, scopeMapping: rows, registration: registrationArtifacts(app.id, entra) };
    apps.push(planApp);
    manual.push(...manualSteps(app, planApp, inputs));
    risks.push(...appRisks(app, planApp, inputs, scanResult.findings));
  }
  return {
    schemaVersion: 1,
    root: scanResult.root,
    inputs,
    apps,
    edits: [],
    manualSteps: manual,
    risks,
    diagnostics: scanResult.diagnostics,
  };
}
