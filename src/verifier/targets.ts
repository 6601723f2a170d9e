// What one verify run tests: per app, the client (what the files send, or the plan's values before apply) and the
// registration (--registration, else the plan's), the flows the code runs, and what cannot be verified and why.
import { adoScopeOf, isAdoFile, isEntraFile, usesMsal } from '../detect/entra.js';
import type { ScanEvidence } from '../detect/scan.js';
import type { Plan } from '../model/plan.js';
import { clientInFiles, flowsInCode, type FlowName } from './client.js';
import { withLegacyFromBackup } from './from-backup.js';
import { verifyAppsFromConfig, type GivenIds } from './from-config.js';
import { defaultCallback, verifyAppsFromPlan } from './from-plan.js';
import { directoryOf, parseRegistration } from './registration.js';
import type { VerifyApp } from './run.js';

export interface TargetOptions {
  /** The real tenant and app as the user named them; null when not given (never replaced by the mock's). */
  given: GivenIds;
  registrationFile: { text: string; source: string } | null;
  servicePrincipalInOrg: boolean | null;
  /** --flow, when given; else the flows are read from the code. */
  flows: FlowName[] | null;
  /** The plan of the files as they were before the latest apply (a fully migrated tree with its backup set). */
  before?: { plan: Plan; scan: ScanEvidence['result']; backupId: string } | null;
}

export interface Targets {
  apps: VerifyApp[];
  assumptions: string[];
  /** Apps found that cannot be verified, each with the reason. */
  unverifiable: string[];
  /** Code still on the legacy protocol while the configuration is migrated (between apply and the code change). */
  legacyCodeSites: { file: string; line: number; kind: string }[];
  plainHttp: boolean;
}

export class RegistrationMismatch extends Error {}

export function verifyTargets(evidence: ScanEvidence, plan: Plan, opts: TargetOptions): Targets {
  const assumptions: string[] = [];
  const legacyCodeSites: Targets['legacyCodeSites'] = [];
  let apps: VerifyApp[];
  if (plan.apps.length) {
    const read = verifyAppsFromPlan(plan, evidence.result);
    assumptions.push(...read.assumptions);
    apps = read.apps.map((app) => {
      const mine = evidence.result.apps.find((a) => a.id === app.id)?.files ?? [];
      const now = clientInFiles(evidence.files.filter((f) => mine.includes(f.file)));
      if (!now.files.length) return app;
      // after apply: the files hold the Entra settings; the plan's values are only a fallback
      assumptions.push(`${app.id}: the client is read from ${now.files.join(', ')} as the files are now (migrated configuration)`);
      const sites = plan.apps.find((p) => p.id === app.id)?.codeSites ?? [];
      legacyCodeSites.push(...sites.map((s) => ({ file: s.file, line: s.line, kind: s.kind })));
      if (!opts.given.clientId && now.clientId) assumptions.push(`${app.id}: no --client-id: the app registration is taken to be ${now.clientId}, the id the files send`);
      if (!opts.given.tenant && now.tenant) assumptions.push(`${app.id}: no --tenant: the app is taken to live in ${now.tenant}, the tenant the files name`);
      const tenant = opts.given.tenant ?? now.tenant ?? app.registration.tenantNames[0]!;
      const directory = directoryOf(tenant);
      return {
        ...app,
        client: {
          ...app.client,
          tenant: now.tenant ?? app.client.tenant,
          clientId: now.clientId ?? app.client.clientId,
          redirectUri: now.redirectUri ?? app.client.redirectUri,
          scopes: now.scopes ?? app.client.scopes,
          scopeStyle: now.scopes ? (now.scopes.some((t) => adoScopeOf(t)?.name === '.default') ? 'default' : 'explicit') : app.client.scopeStyle,
        },
        registration: { ...app.registration, appId: opts.given.clientId ?? now.clientId ?? app.registration.appId, tenantId: directory.id, tenantNames: directory.names },
        anchor: now.anchor ?? app.anchor,
      };
    });
    const restored = withLegacyFromBackup(apps, evidence.rootDir);
    apps = restored.apps;
    if (restored.note) assumptions.push(restored.note);
  } else {
    const read = verifyAppsFromConfig(evidence.files, opts.given);
    apps = read.apps;
    assumptions.push(...read.assumptions);
    if (opts.before) apps = withPlanBeforeApply(apps, opts, assumptions);
  }
  if (opts.registrationFile) apps = withRegistrationFile(apps, opts, assumptions, plan.apps.length === 0);
  else if (apps.length && !apps[0]!.registration.source.startsWith('assumed')) assumptions.push(`registration: ${apps[0]!.registration.source}`);
  if (opts.servicePrincipalInOrg !== null) apps = apps.map((a) => ({ ...a, registration: { ...a.registration, servicePrincipalInOrg: opts.servicePrincipalInOrg! } }));
  apps = withFlows(apps, evidence, plan, opts.flows, assumptions);
  for (const domain of new Set(apps.map((a) => a.registration.tenantNames[0]!).filter((t) => t && !/^[0-9a-f-]{36}$/i.test(t)))) {
    assumptions.push(`tenant ${domain} is a domain name: the mock's tokens carry a stand-in tenant id (${directoryOf(domain).id}) for it`);
  }
  const plainHttp = plan.apps.length > 0 || !(usesMsal(evidence.files) || evidence.files.some(identityWebConfig));
  if (!plainHttp) assumptions.push('the code uses MSAL, which adds offline_access to every request: the plain-HTTP flow is skipped');
  return { apps, assumptions, unverifiable: apps.length ? [] : unverifiable(evidence, plan), legacyCodeSites, plainHttp };
}

/**
 * A fully migrated tree whose backup set holds the legacy files: the registration is the one the plan made from
 * them asks for, and the legacy flow runs beside the Entra one, as before the code change.
 */
function withPlanBeforeApply(apps: VerifyApp[], opts: TargetOptions, assumptions: string[]): VerifyApp[] {
  const before = opts.before!;
  if (apps.length !== 1 || before.plan.apps.length !== 1) return apps;
  const base = verifyAppsFromPlan(before.plan, before.scan).apps[0]!;
  const app = apps[0]!;
  const directory = directoryOf(opts.given.tenant ?? app.client.tenant);
  const redirectKnown = app.client.redirectUri !== defaultCallback;
  const registration = { ...base.registration, appId: opts.given.clientId ?? app.client.clientId, tenantId: directory.id, tenantNames: directory.names, source: `the registration the plan made from the files before apply asks for (backup ${before.backupId}; no --registration)` };
  for (let i = assumptions.length - 1; i >= 0; i--) {
    if (assumptions[i]!.startsWith(`${app.id}: no --registration`) || (!redirectKnown && assumptions[i]!.startsWith(`${app.id}: no absolute redirect URI`))) assumptions.splice(i, 1);
  }
  const redirectUri = redirectKnown ? app.client.redirectUri : registration.redirectUris.web[0] ?? registration.redirectUris.spa[0] ?? app.client.redirectUri;
  if (!redirectKnown) assumptions.push(`${app.id}: no absolute redirect URI in the files; the client is taken to send the registered ${redirectUri}`);
  assumptions.push(`the legacy side comes from the files as they were before apply (backup ${before.backupId})`);
  const { calls: _calls, ...rest } = app;
  return [{ ...rest, legacy: base.legacy, client: { ...app.client, redirectUri }, registration, ...(base.browser ? { browser: true } : {}) }];
}

function withRegistrationFile(apps: VerifyApp[], opts: TargetOptions, assumptions: string[], migrated: boolean): VerifyApp[] {
  return apps.map((app) => {
    const tenant = opts.given.tenant ?? app.registration.tenantNames[0] ?? app.client.tenant;
    const { registration, warnings } = parseRegistration(opts.registrationFile!.text, opts.registrationFile!.source, directoryOf(tenant));
    if (opts.given.clientId && opts.given.clientId.toLowerCase() !== registration.appId.toLowerCase()) {
      throw new RegistrationMismatch(`--client-id ${opts.given.clientId} is not the app in ${opts.registrationFile!.source} (appId ${registration.appId}): name one app`);
    }
    assumptions.push(...warnings, `registration: ${registration.source} (app ${registration.appId} in tenant ${tenant})`);
    // without a legacy app, the registered permissions say which Azure DevOps calls the app must reach
    return { ...app, registration, ...(migrated && registration.permissions.length ? { calls: registration.permissions } : {}) };
  });
}

/** The flows each app runs: --flow, else what the code shows; legacy apps sign users in (the only legacy flow). */
function withFlows(apps: VerifyApp[], evidence: ScanEvidence, plan: Plan, explicit: FlowName[] | null, assumptions: string[]): VerifyApp[] {
  if (explicit) return apps.map((a) => ({ ...a, flows: explicit }));
  if (plan.apps.length || apps.length === 0) return apps.map((a) => ({ ...a, flows: ['auth-code'] }));
  const code = flowsInCode(evidence.files, evidence.rootDir);
  const signIn = evidence.files.filter(identityWebConfig).map((f) => `${f.file}: AzureAd CallbackPath (user sign-in)`);
  if (signIn.length && !code.flows.includes('auth-code')) {
    code.flows.unshift('auth-code');
    code.evidence.push(...signIn);
  }
  if (!code.flows.length) {
    assumptions.push('no sign-in or app-only calls found in the code: verified as a web sign-in (auth code + refresh); pass --flow to choose');
    return apps.map((a) => ({ ...a, flows: ['auth-code'] }));
  }
  assumptions.push(`flows from the code: ${code.flows.join(', ')} (${code.evidence.slice(0, 3).join('; ')}); --flow overrides`);
  const daemon = code.flows.length === 1 && code.flows[0] === 'client-credentials';
  if (daemon) assumptions.push('app-only access: delegated permissions play no part; Azure DevOps admits the service principal by its membership in the organization (--sp-in-org)');
  return apps.map((a) => ({ ...a, flows: code.flows, ...(daemon ? { calls: code.calledScopes.length ? code.calledScopes : ['vso.project'] } : {}) }));
}

/** An `AzureAd` section with a CallbackPath: Microsoft.Identity.Web signs users in through MSAL.NET. */
function identityWebConfig(f: ScanEvidence['files'][number]): boolean {
  return f.origin === 'config' && /"AzureAd"\s*:\s*\{/i.test(f.text) && /"CallbackPath"\s*:/i.test(f.text);
}

function unverifiable(evidence: ScanEvidence, plan: Plan): string[] {
  const reasons: string[] = [];
  if (evidence.result.apps.length) {
    const diagnostics = plan.diagnostics.map((d) => d.message);
    reasons.push(`found ${evidence.result.apps.map((a) => a.id).join(', ')} but planned none${diagnostics.length ? `: ${diagnostics.slice(0, 3).join('; ')}` : ''}`);
  }
  const entra = evidence.files.filter((f) => isEntraFile(f) && isAdoFile(f)).map((f) => f.file);
  if (entra.length) reasons.push(`Entra settings for Azure DevOps in ${entra.slice(0, 5).join(', ')}, but no Azure DevOps scope list: nothing says what the app requests`);
  return reasons;
}
