import type { VerifyResult } from '../model/verify.js';
import { colorsFor, emit, exitCodes, formatOf, progress, UsageError } from './common.js';
import { planInputs, type PlanOptions } from './plan.js';
import { scanTargetWithEvidence } from './scan.js';

export interface VerifyOptions extends PlanOptions {
  flow?: string;
  org?: string;
  live?: boolean;
}

/** Runs the legacy flow and the planned Entra flows against in-process mocks; exit 1 when Entra falls short. */
export async function runVerify(path: string | undefined, opts: VerifyOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], 'text');
  if (opts.live) return runLive(opts, format);
  const result = await runVerifyCore(path, opts);
  const { renderVerifyText } = await import('../report/verify-text.js');
  await emit(format === 'json' ? JSON.stringify(result, null, 2) : renderVerifyText(result, colorsFor(opts)), opts);
  return result.ok ? exitCodes.ok : exitCodes.findings;
}

/** Scan, plan and run the mock flows (shared with `validate --verify`). */
export async function runVerifyCore(path: string | undefined, opts: VerifyOptions): Promise<VerifyResult> {
  const flows = opts.flow === 'all' ? ['auth-code', 'client-credentials'] : [opts.flow ?? 'auth-code'];
  if (!flows.every((f) => f === 'auth-code' || f === 'client-credentials')) throw new UsageError(`--flow must be auth-code, client-credentials or all; got "${opts.flow}"`);
  const assumptions: string[] = [];
  const { mockClientId, mockTenantId } = await import('../verifier/world.js');
  if (!opts.tenant && !opts.answers) assumptions.push(`no --tenant: the mock tenant is ${mockTenantId}`);
  if (!opts.clientId && !opts.answers) assumptions.push(`no --client-id: the mock Entra app is ${mockClientId}`);
  const inputs = await planInputs({ ...opts, tenant: opts.tenant ?? (opts.answers ? undefined : mockTenantId), clientId: opts.clientId ?? (opts.answers ? undefined : mockClientId) });
  const credential = inputs.credential === 'federated' ? 'secret' : inputs.credential;
  if (inputs.credential === 'federated') assumptions.push('federated credentials are verified as a client secret (the token requests are the same apart from the assertion)');
  const evidence = scanTargetWithEvidence(path ?? '.', opts);
  const { buildPlan } = await import('../plan/build.js');
  const plan = buildPlan(evidence, inputs);
  let result: VerifyResult;
  const { verifyAppsFromPlan } = await import('../verifier/from-plan.js');
  const { verifyAppsFromConfig } = await import('../verifier/from-config.js');
  // before the migration: the legacy apps and their plan; after it: the Entra settings the files now hold
  const read = plan.apps.length ? verifyAppsFromPlan(plan, evidence.result) : verifyAppsFromConfig(evidence.files);
  const { withConfiguredScopes, withLegacyFromBackup } = await import('../verifier/from-backup.js');
  const restored = plan.apps.length ? withLegacyFromBackup(read.apps, evidence.rootDir) : { apps: read.apps, note: null };
  const appFiles = (id: string) => evidence.result.apps.find((a) => a.id === id)?.files ?? [];
  const apps = plan.apps.length ? withConfiguredScopes(restored.apps, evidence.files, appFiles) : restored.apps;
  const more = [...read.assumptions, ...(restored.note ? [restored.note] : [])];
  if (apps.length === 0) {
    progress(opts, 'no legacy Azure DevOps OAuth app and no Entra config for Azure DevOps found: nothing to verify');
    result = { schemaVersion: 1, ok: true, findings: [], flows: [], parity: [], fixes: [], assumptions };
  } else {
    if (!plan.apps.length) assumptions.splice(0, assumptions.length);
    const { verifyApps } = await import('../verifier/run.js');
    const { startMockNetwork } = await import('../verifier/network.js');
    const { usesMsal } = await import('../detect/entra.js');
    const plainHttp = plan.apps.length > 0 || !usesMsal(evidence.files);
    if (!plainHttp) more.push('the code uses MSAL, which adds offline_access to every request: the plain-HTTP flow is skipped');
    const network = await startMockNetwork();
    try {
      result = await verifyApps(apps, { credential, flows: new Set(flows as ('auth-code' | 'client-credentials')[]), org: opts.org ?? 'fabrikam', network, plainHttp });
    } finally {
      network.close();
    }
    result.assumptions.push(...assumptions, ...more);
  }
  return result;
}

/** --live: needs the real tenant, client id and organization; the secret only from the environment. */
async function runLive(opts: VerifyOptions, format: string): Promise<number> {
  const missing = [['--tenant', opts.tenant], ['--client-id', opts.clientId], ['--org', opts.org]].filter(([, v]) => !v).map(([f]) => f);
  const secret = process.env.ENTRA_CLIENT_SECRET;
  if (missing.length || !secret) {
    throw new UsageError(`--live needs ${[...missing, ...(secret ? [] : ['the ENTRA_CLIENT_SECRET environment variable'])].join(', ')} (the secret is never taken from a flag)`);
  }
  progress(opts, `--live: calling login.microsoftonline.com and dev.azure.com/${opts.org} for real`);
  const { verifyLive } = await import('../verifier/live.js');
  const result = await verifyLive({ tenant: opts.tenant!, clientId: opts.clientId!, secret, org: opts.org! });
  const { renderVerifyText } = await import('../report/verify-text.js');
  await emit(format === 'json' ? JSON.stringify(result, null, 2) : renderVerifyText(result, colorsFor(opts)), opts);
  return result.ok ? exitCodes.ok : exitCodes.findings;
}
