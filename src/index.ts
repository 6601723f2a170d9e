// The library: the same pipeline as the command line, as functions over the zod-typed results. Nothing here prints;
// apply and rollback are the only functions that write files (through src/plan, as the CLI does).
import { join } from 'node:path';
import { readRepoText } from './detect/read.js';
import { scan as scanFolder, scanManyWithEvidenceAsync, scanWithEvidence, type ScanOptions } from './detect/scan.js';
import { inputProblems } from './mapper/entra.js';
import type { ApplyResult, RollbackResult } from './model/backup.js';
import { Plan, PlanInputs } from './model/plan.js';
import type { ScanResult } from './model/scan.js';
import type { ValidateResult } from './model/validate.js';
import type { BurndownPoint, RollupResult } from './model/rollup.js';
import type { VerifyResult } from './model/verify.js';
import { applyPlan } from './plan/apply.js';
import { buildPlan } from './plan/build.js';
import { sha256 } from './plan/hash.js';
import { pickBackup, rollback as restore } from './plan/rollback.js';
import type { Severity } from './model/finding.js';

export * from './model/index.js';
export type { ScanOptions } from './detect/scan.js';
export { rules } from './rules/index.js';

/** Inventory of every legacy Azure DevOps OAuth setting and code site under `target` (a folder or a file), grouped into apps. */
export function scan(target: string, options: ScanOptions = {}): ScanResult {
  return scanFolder(target, options);
}

/** The inputs a plan needs: tenant and clientId are required; the rest default as in `ado2entra plan`. */
export type PlanInputsGiven = Partial<PlanInputs> & Pick<PlanInputs, 'tenant' | 'clientId'>;

/** The migration plan for `target`: Entra settings, config edits, registration, code sites, steps and risks. Throws on invalid inputs. */
export function plan(target: string, inputs: PlanInputsGiven, options: ScanOptions = {}): Plan {
  const problems = inputProblems(inputs);
  if (problems.length) throw new TypeError(problems.join('; '));
  return buildPlan(scanWithEvidence(target, options), PlanInputs.parse(inputs));
}

/**
 * Applies a plan to `rootDir` (the folder it was made for) with a backup set, refusing (throwing, nothing written)
 * a stale, tampered or unsafe plan, as `ado2entra apply` does.
 */
export function apply(planned: Plan, rootDir: string, options: { allowDirty?: boolean } = {}): ApplyResult {
  const checked = Plan.parse(planned);
  return applyPlan(checked, rootDir, { allowDirty: options.allowDirty, planSha256: sha256(Buffer.from(JSON.stringify(checked))) });
}

/** Restores the files of a backup set under `rootDir` (default: the latest one not rolled back); null when there is none. */
export function rollback(rootDir: string, backupId?: string, options: { force?: boolean } = {}): RollbackResult | null {
  const journal = pickBackup(rootDir, backupId);
  return journal ? restore(rootDir, journal, options) : null;
}

export interface ValidateOptions {
  /** Fail (`ok: false`) on findings at least this severe (default error). */
  failOn?: Severity;
  /** Rule ids to skip, e.g. A2E010. */
  ignore?: string[];
}

/** The CI gate as data: findings of every rule in docs/rules.md; `.ado2entraignore` at the root is honoured. */
export async function validate(target: string, options: ValidateOptions & ScanOptions = {}): Promise<ValidateResult> {
  // it can wait: git lists the untracked files while the tracked config is read
  const [evidence] = await scanManyWithEvidenceAsync([target], options);
  const { parseIgnoreFile } = await import('./rules/suppress.js');
  const { validate: run } = await import('./rules/run.js');
  const text = readRepoText(join(evidence!.rootDir, '.ado2entraignore'));
  const ignoreFile = text === null ? null : parseIgnoreFile(text);
  return run(evidence!, { failOn: options.failOn ?? 'error', ignore: (options.ignore ?? []).map((i) => i.toUpperCase()), ignoreFile, baseline: null });
}

/**
 * Runs the legacy flow and the planned Entra flows with the real msal-node and @azure/identity against in-process
 * mocks (no network), as `ado2entra verify` does. Without tenant/clientId the mock tenant and app are used.
 */
export async function verify(target: string, inputs: Partial<PlanInputs> & { flow?: 'auth-code' | 'client-credentials' | 'all' } = {}): Promise<VerifyResult> {
  const { runVerifyCore } = await import('./cli/verify.js');
  const { apps, secretRef, msaUsers, ...rest } = inputs;
  return runVerifyCore(target, { ...rest, app: apps ?? undefined, secretRef: secretRef ?? undefined, msaUsers: msaUsers ?? undefined, quiet: true });
}

/**
 * Merges many repositories' `scan`/`validate` JSON results (already parsed; `source` names where each came from)
 * into one inventory, as `ado2entra rollup` does: the latest commit per repository wins, anything else is skipped.
 */
export async function rollup(results: readonly { source: string; value: unknown }[], options: { history?: BurndownPoint[]; generatedAt?: string } = {}): Promise<RollupResult> {
  const { buildRollup } = await import('./report/rollup.js');
  return buildRollup(results.map((r) => ({ ...r, folder: r.source.split(/[\\/]/).slice(0, -1).join('/') || '.' })), options.history ?? [], options.generatedAt ?? new Date().toISOString());
}
