import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PlanInputs } from '../model/plan.js';
import type { VerifyResult } from '../model/verify.js';
import type { MockNetwork } from '../verifier/network.js';
import { colorsFor, emit, exitCodes, formatOf, progress, UsageError } from './common.js';
import { planInputs, type PlanOptions } from './plan.js';
import { scanTargetWithEvidence } from './scan.js';

export interface VerifyOptions extends PlanOptions {
  flow?: string;
  org?: string;
  live?: boolean;
  registration?: string;
  consent?: string;
  spInOrg?: string | boolean;
}

/** Runs the legacy flow and the Entra flows against in-process mocks; exit 1 when Entra falls short or nothing could be verified. */
export async function runVerify(path: string | undefined, opts: VerifyOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], 'text');
  if (opts.live) return runLive(opts, format);
  const result = await runVerifyCore(path, opts);
  const { renderVerifyText } = await import('../report/verify-text.js');
  await emit(format === 'json' ? JSON.stringify(result, null, 2) : renderVerifyText(result, colorsFor(opts)), opts);
  return result.ok ? exitCodes.ok : exitCodes.findings;
}

const consents = ['user', 'admin-granted', 'none'] as const;

/** Scan, plan and run the mock flows (shared with `validate --verify`); tests pass the msw server they already run. */
export async function runVerifyCore(path: string | undefined, opts: VerifyOptions, network?: MockNetwork): Promise<VerifyResult> {
  const flows = opts.flow === undefined ? null : opts.flow === 'all' ? ['auth-code', 'client-credentials'] as const : [opts.flow];
  if (flows && !flows.every((f) => f === 'auth-code' || f === 'client-credentials')) throw new UsageError(`--flow must be auth-code, client-credentials or all; got "${opts.flow}"`);
  const consent = (opts.consent ?? 'user') as (typeof consents)[number];
  if (!consents.includes(consent)) throw new UsageError(`--consent must be user, admin-granted or none; got "${consent}"`);
  const spInOrg = spInOrgOf(opts.spInOrg);
  const registrationFile = opts.registration ? readRegistration(opts) : null;
  const { mockClientId, mockTenantId } = await import('../verifier/world.js');
  const registeredAppId = registrationFile ? /"appId"\s*:\s*"([^"]+)"/.exec(registrationFile.text)?.[1] : undefined;
  const inputs = await planInputs({
    ...opts,
    tenant: opts.tenant ?? (opts.answers ? undefined : mockTenantId),
    clientId: opts.clientId ?? registeredAppId ?? (opts.answers ? undefined : mockClientId),
  });
  const given = {
    tenant: opts.tenant || (opts.answers && inputs.tenant !== mockTenantId) ? inputs.tenant : null,
    clientId: opts.clientId || registeredAppId || (opts.answers && inputs.clientId !== mockClientId) ? inputs.clientId : null,
  };
  const credential = inputs.credential === 'certificate' ? 'certificate' : 'secret';
  const evidence = await scanTargetWithEvidence(path ?? '.', opts);
  const { buildPlan } = await import('../plan/build.js');
  const plan = buildPlan(evidence, inputs);
  const before = plan.apps.length ? null : await planBeforeApply(evidence.rootDir, inputs);
  const { verifyTargets, RegistrationMismatch } = await import('../verifier/targets.js');
  const { RegistrationError } = await import('../verifier/registration.js');
  let targets;
  try {
    targets = verifyTargets(evidence, plan, { given, registrationFile, servicePrincipalInOrg: spInOrg, flows: flows as ('auth-code' | 'client-credentials')[] | null, before });
  } catch (err) {
    if (err instanceof RegistrationMismatch || err instanceof RegistrationError) throw new UsageError(err.message);
    throw err;
  }
  const assumptions: string[] = [];
  if (targets.apps.some((a) => a.registration.tenantId === mockTenantId && a.registration.tenantNames.join() === mockTenantId)) assumptions.push(`no --tenant: the mock tenant is ${mockTenantId}`);
  if (targets.apps.some((a) => a.registration.appId === mockClientId)) assumptions.push(`no --client-id: the mock Entra app is ${mockClientId}`);
  if (inputs.credential === 'federated') assumptions.push('federated credentials are verified as a client secret (the token requests are the same apart from the assertion)');
  const { summarize } = await import('../verifier/summary.js');
  let result: Omit<VerifyResult, 'summary'>;
  if (targets.apps.length === 0) {
    result = { schemaVersion: 1, ok: targets.unverifiable.length === 0, findings: [], flows: [], parity: [], fixes: [], assumptions: [...assumptions, ...targets.assumptions] };
  } else {
    const { verifyApps } = await import('../verifier/run.js');
    const { startMockNetwork } = await import('../verifier/network.js');
    const own = network ? null : await startMockNetwork();
    try {
      result = await verifyApps(targets.apps, { credential, flows: new Set(['auth-code']), org: opts.org ?? 'fabrikam', network: network ?? own!, plainHttp: targets.plainHttp, consent });
    } finally {
      own?.close();
    }
    result.assumptions.push(...assumptions, ...targets.assumptions);
  }
  const summary = summarize(result, targets);
  if (summary.verdict === 'nothing-to-verify') progress(opts, 'no legacy Azure DevOps OAuth app and no Entra config for Azure DevOps found: nothing to verify');
  // validate --verify turns findings into errors: an app that could not be verified is one
  const findings = summary.verdict === 'unverified'
    ? [...result.findings, { ruleId: 'A2E401', kind: 'other' as const, severity: 'error' as const, appId: null, file: '.', line: 1, column: 1, message: `not verified: ${summary.notes.join('; ')}` }]
    : result.findings;
  return { ...result, findings, ok: result.ok && summary.verdict !== 'unverified', summary };
}

/** A fully migrated tree: the plan of its files as the latest apply found them, from the backup set. */
async function planBeforeApply(rootDir: string, inputs: PlanInputs) {
  const { latestOriginals } = await import('../verifier/from-backup.js');
  const latest = latestOriginals(rootDir);
  if (!latest) return null;
  const { scanWithEvidence } = await import('../detect/scan.js');
  const { buildPlan } = await import('../plan/build.js');
  const evidence = scanWithEvidence(latest.folder);
  const plan = buildPlan(evidence, inputs);
  return plan.apps.length ? { plan, scan: evidence.result, backupId: latest.id } : null;
}

function spInOrgOf(value: string | boolean | undefined): boolean | null {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw new UsageError(`--sp-in-org must be true or false; got "${value}"`);
}

function readRegistration(opts: VerifyOptions): { text: string; source: string } {
  try {
    return { text: readFileSync(resolve(opts.cwd ?? '.', opts.registration!), 'utf8'), source: opts.registration! };
  } catch {
    throw new UsageError(`cannot read --registration ${opts.registration}`);
  }
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
