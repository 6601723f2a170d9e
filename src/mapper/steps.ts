import type { Finding } from '../model/finding.js';
import type { PlanApp, PlanInputs } from '../model/plan.js';
import type { App } from '../model/scan.js';
import { msaDocUrl } from '../model/project.js';
import { adoResourceId, retiredScopes } from './catalog.js';
import { permissionLookup, spaRedirectCommand, valueHazard } from './registration.js';

/** Microsoft's guidance for personal accounts, in its own terms, with the page that states it. */
export const msaGuidance = `Microsoft says Entra apps do not natively support MSA users for Azure DevOps, that apps which must serve MSA users are best kept on Azure DevOps OAuth for now, and that native MSA support is in progress (${msaDocUrl}).`;

/** When admin consent is required and when it is only advisable: the tenant's consent policy decides, not the scopes. */
export const adminConsentWhen = 'required when your tenant does not let users consent to apps (user consent off, or limited to verified publishers or low-impact permissions) or a permission is admin-only; otherwise advisable, so users are not prompted one by one and first sign-ins do not fail with AADSTS65001/90094.';

/** Rule ids for migration risks (plan/report), distinct from the scan evidence ids. */
export const riskIds = {
  msaUsers: 'A2E301',
  msaAuthority: 'A2E302',
  adminConsent: 'A2E303',
  retiredScopes: 'A2E304',
  userIds: 'A2E305',
  reconsent: 'A2E306',
  committedSecret: 'A2E307',
  scopesUnknown: 'A2E308',
  noRefresh: 'A2E310',
  clientIdIndirect: 'A2E311',
  unregistrable: 'A2E312',
  sharedClientId: 'A2E313',
  hostileValue: 'A2E314',
  sharedBase: 'A2E315',
  browserSecret: 'A2E316',
} as const;

/** Several legacy apps planned in one run all get the one --client-id: say so, with how to split them. */
export function sharedClientIdRisks(appIds: readonly string[], inputs: PlanInputs, findings: Finding[]): Finding[] {
  if (appIds.length < 2) return [];
  return appIds.flatMap((id) => {
    const anchor = findings.find((f) => f.appId === id && f.kind === 'client-id') ?? findings.find((f) => f.appId === id);
    if (!anchor) return [];
    return [{ ruleId: riskIds.sharedClientId, kind: 'other' as const, severity: 'warning' as const, file: anchor.file, line: anchor.line, column: anchor.column, appId: id,
      message: `${id}: ${appIds.length} apps are planned with one client id (${inputs.clientId}); if they need separate Entra registrations, plan each with --app ${id} and its own --client-id.` }];
  });
}

/** Risks for one app, each anchored at the finding it is about. */
export function appRisks(app: App, plan: PlanApp, inputs: PlanInputs, findings: Finding[]): Finding[] {
  // anchor risks at the configuration first: that is where a reader acts on them
  const mine = findings.filter((f) => f.appId === app.id).sort((a, b) => Number(a.origin === 'code') - Number(b.origin === 'code'));
  const at = (...kinds: Finding['kind'][]) => mine.find((f) => kinds.includes(f.kind)) ?? mine[0]!;
  const risk = (ruleId: string, severity: Finding['severity'], anchor: Finding, message: string): Finding =>
    ({ ruleId, kind: 'other', severity, file: anchor.file, line: anchor.line, column: anchor.column, message: `${app.id}: ${message}`, appId: app.id });
  const out: Finding[] = [];
  const first = at('client-id', 'authorize-endpoint', 'oauth-host');
  if (inputs.msaUsers === true) {
    out.push(risk(riskIds.msaUsers, inputs.keepLegacy ? 'note' : 'warning', first, `personal Microsoft accounts (MSA) sign in to this app. ${msaGuidance} ${inputs.keepLegacy
      ? 'This plan is a dual run (--keep-legacy): MSA users stay on the legacy app while work and school accounts move to Entra.'
      : 'Plan a dual run (--keep-legacy) so MSA users stay on the legacy app while work and school accounts move to Entra.'}`));
  } else if (inputs.msaUsers === null) {
    out.push(risk(riskIds.msaUsers, 'warning', first, `confirm whether users sign in with personal Microsoft accounts (pass --msa-users / --no-msa-users). ${msaGuidance}`));
  }
  if (/^(common|consumers)$/i.test(inputs.tenant)) {
    out.push(risk(riskIds.msaAuthority, 'error', first, `tenant "${inputs.tenant}" admits personal accounts, which Azure DevOps does not accept through Entra; use your tenant id or "organizations".`));
  }
  const scopesAt = at('scopes');
  const high = plan.entra.registeredPermissions.filter((p) => p.highPrivilege).map((p) => p.value);
  if (high.length) out.push(risk(riskIds.adminConsent, 'warning', scopesAt, `high-privilege scopes ${high.join(', ')} are the likeliest to be held back by a consent policy (AADSTS90094/65001 at sign-in): have an admin grant consent (${plan.registration.adminConsentUrl}), and narrow them if the app does not need them.`));
  const gone = plan.scopeMapping.filter((r) => r.status === 'retired' || r.status === 'unknown');
  for (const r of gone) {
    const retired = retiredScopes.get(r.legacy);
    if (retired?.dropped) {
      out.push(risk(riskIds.retiredScopes, 'note', scopesAt, `scope "${r.legacy}" is dropped: ${retired.why}.`));
    } else if (retired) {
      out.push(risk(riskIds.retiredScopes, 'error', scopesAt, `scope "${r.legacy}" is retired (${retired.why})${r.replacement ? `; use ${r.replacement} instead` : ' and has no replacement'}. Entra rejects a scope Azure DevOps does not expose (AADSTS650053).`));
    } else {
      out.push(risk(riskIds.retiredScopes, 'error', scopesAt, `scope "${r.legacy}" is unknown${r.replacement ? `; did you mean ${r.replacement}?` : ''}. Entra rejects a scope Azure DevOps does not expose: AADSTS650053 (the application asked for scope '${r.legacy}' that doesn't exist on the resource). If it does exist, look its id up: ${permissionLookup(r.legacy)}`));
    }
  }
  const lookups = plan.entra.permissionsToLookUp ?? [];
  if (lookups.length) {
    out.push(risk(riskIds.unregistrable, 'warning', scopesAt, `the permission ids of ${lookups.join(', ')} are not in ado2entra's catalog (their Entra scopes are ${lookups.map((v) => `${adoResourceId}/${v}`).join(', ')}); look each up in your tenant before registering: ${lookups.map(permissionLookup).join(' ; ')} (the Terraform block reads them from the service principal).`));
  }
  if (app.scopes.length === 0 && app.unknownScopes.length === 0) {
    out.push(risk(riskIds.scopesUnknown, 'warning', scopesAt, 'no scope list found in config or code; the plan registers vso.profile only. Copy the authorized scopes from the legacy app page (https://app.vssps.visualstudio.com/profile/view).'));
  } else if (app.scopes.length === 0) {
    out.push(risk(riskIds.scopesUnknown, 'warning', scopesAt, `no usable scope is left once ${app.unknownScopes.join(', ')} ${app.unknownScopes.length > 1 ? 'are' : 'is'} dropped; the plan registers vso.profile (sign-in and profile) so the registration stays valid. Add the scopes the app really uses.`));
  }
  const secretAt = mine.find((f) => f.kind === 'legacy-secret-value' || (f.kind === 'client-secret' && f.severity === 'error'));
  const browserSecret = mine.find((f) => f.kind === 'client-secret' && f.severity === 'error' && f.message.startsWith('BLOCKER: a client secret in browser code'));
  if (browserSecret) out.push(risk(riskIds.browserSecret, 'error', browserSecret, 'BLOCKER: a client secret sits in browser code, where every visitor can read it. Revoke it; the browser app becomes a single-page application (@azure/msal-browser, auth code + PKCE) with no secret, or its token calls move to a backend.'));
  if (secretAt) out.push(risk(riskIds.committedSecret, 'error', secretAt, 'a legacy client secret is committed; delete it from the file and the git history, and revoke it on the legacy app page.'));
  if (!inputs.refresh) out.push(risk(riskIds.noRefresh, 'warning', first, 'without offline_access the app gets no refresh token; legacy apps always had one, so sessions will end after about an hour.'));
  if (!app.clientId && app.clientIdSource) out.push(risk(riskIds.clientIdIndirect, 'note', at('client-id'), `the client id comes from ${app.clientIdSource}; set it to ${inputs.clientId} where that value is defined.`));
  const hazard = plan.entra.redirectUri ? valueHazard(plan.entra.redirectUri) : null;
  if (hazard) {
    out.push(risk(riskIds.hostileValue, hazard === 'shell' ? 'warning' : 'error', at('callback-url'), hazard === 'control'
      ? 'the redirect URI contains control characters (they can hide text in a terminal); it is left out of the registration: check the config value.'
      : hazard === 'masked'
        ? 'the redirect URI carries user info or a secret-bearing parameter (shown as ***); it is left out of the registration: register the URI without them, and rotate what the file holds.'
        : 'the redirect URI contains shell metacharacters ($, `, ;, quotes, spaces); the az and Terraform lines quote it, but check it is the URI you registered before running them.'));
  }
  out.push(risk(riskIds.userIds, 'note', first, 'user ids change: Entra tokens carry oid/tid, not the Azure DevOps profile id. Re-match data keyed by user id (Azure DevOps ReadIdentities API).'));
  out.push(risk(riskIds.reconsent, 'note', first, 'stored legacy refresh tokens cannot be exchanged: every user signs in and consents once more after the switch.'));
  return out;
}

/** Risks worded the same for every app: shown once for the whole plan, naming the apps. */
export const sharedRiskIds: ReadonlySet<string> = new Set([riskIds.msaUsers, riskIds.msaAuthority, riskIds.noRefresh, riskIds.userIds, riskIds.reconsent]);

/** One risk per shared rule id, the first app's anchor, naming every app it applies to. */
export function mergeSharedRisks(risks: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const r of risks) {
    if (!sharedRiskIds.has(r.ruleId)) {
      out.push(r);
      continue;
    }
    if (out.some((x) => x.ruleId === r.ruleId)) continue;
    const apps = [...new Set(risks.filter((x) => x.ruleId === r.ruleId).map((x) => x.appId).filter((a): a is string => !!a))];
    out.push(apps.length > 1 ? { ...r, message: `${apps.join(', ')}: ${r.message.slice(`${r.appId}: `.length)}` } : r);
  }
  return out;
}

/** A callback set as a path on the app's own host (ASP.NET Core `CallbackPath = "/signin-x"`). */
function callbackPath(uri: string | null): boolean {
  return !!uri && /^\/[\w\-./~%]*$/.test(uri);
}

/** What the checklist needs to know beyond the app: whether any secret setting and any code site were found. */
export interface StepFacts {
  secretSetting: boolean;
  codeSites: number;
}

/** The checklist a person works through, per app, in order; steps that do not apply to the app are left out. */
export function manualSteps(app: App, plan: PlanApp, inputs: PlanInputs, facts: StepFacts = { secretSetting: true, codeSites: 1 }): string[] {
  const p = `${app.id}: `;
  const reg = plan.registration;
  const permissionAdd = reg.azCli.find((c) => c.startsWith('az ad app permission add '));
  const steps = [
    `${p}register an Entra application (single tenant) and note its client id; or run: ${reg.azCli[0]}`,
    reg.manifest.spa
      ? reg.manifest.spa.redirectUris.length
        ? `${p}add ${reg.manifest.spa.redirectUris.join(', ')} as a Single-page application redirect URI, not Web: the browser redeems the code cross-origin, which Entra allows only there (AADSTS9002326): ${spaRedirectCommand(plan.entra.clientId, reg.manifest.spa.redirectUris)}`
        : `${p}add the page's OAuth callback URL as a Single-page application redirect URI, not Web (none was found in the scanned files): ${spaRedirectCommand(plan.entra.clientId, ['<callback URL>'])}`
      : reg.manifest.web.redirectUris.length
        ? `${p}add ${reg.manifest.web.redirectUris.join(', ')} as a Web redirect URI (exact match, HTTPS; http only for localhost)`
        : callbackPath(plan.entra.redirectUri)
        ? `${p}add https://<your host>${plan.entra.redirectUri} as a Web redirect URI: the files give the callback path only (exact match, HTTPS; http only for localhost)`
        : `${p}add the app's OAuth callback URL as a Web redirect URI (none was found in the scanned files)`,
    `${p}add the delegated Azure DevOps permissions ${plan.entra.registeredPermissions.map((r) => r.value).join(', ') || '(none)'}${permissionAdd ? `: ${permissionAdd}` : ''}`,
    ...(plan.entra.permissionsToLookUp ?? []).map((v) => `${p}look up the permission id of ${v} (Entra scope ${adoResourceId}/${v}) and add it: ${permissionLookup(v)}`),
  ];
  if (reg.adminConsentUrl) steps.push(`${p}admin consent: ${adminConsentWhen} Consent URL: ${reg.adminConsentUrl}`);
  const secretRef = inputs.secretRef ?? 'env:ENTRA_CLIENT_SECRET';
  const legacySecret = app.hasSecret ? '; remove the legacy client secret committed in this repository' : facts.secretSetting ? '; remove the legacy client secret where it is configured' : '';
  steps.push(reg.manifest.spa
    ? `${p}no client secret, certificate or federated credential: a single-page application is a public client (auth code + PKCE in the browser)${legacySecret ? `${legacySecret}, and revoke it` : ''}`
    : inputs.credential === 'secret'
    ? `${p}create a client secret, store it in your vault or environment (${secretRef}), never in a config file${legacySecret}`
    : inputs.credential === 'certificate'
      ? `${p}upload a certificate's public key to the app registration and give the app the private key through your vault (no secret at all)${legacySecret}`
      : `${p}add a federated identity credential (workload identity) to the app registration; no secret is stored${legacySecret}`);
  if (facts.codeSites > 0) steps.push(`${p}replace the ${facts.codeSites === 1 ? 'code site' : `${facts.codeSites} code sites`} listed in the plan with ${reg.manifest.spa ? '@azure/msal-browser (loginRedirect with auth code + PKCE, acquireTokenSilent; no secret)' : 'MSAL (auth code + PKCE, acquireTokenSilent with a persistent token cache)'}`);
  return steps;
}

/** Steps worded the same for every app, once per plan. */
export function sharedSteps(appIds: readonly string[]): string[] {
  if (appIds.length === 0) return [];
  const which = appIds.length === 1 ? `the legacy app (${appIds[0]})` : `each legacy app (${appIds.join(', ')})`;
  return [
    `for access without a signed-in user (client credentials), add the app's service principal to the Azure DevOps organization (Organization settings → Users) and request ${'499b84ac-1321-427f-aa17-267ca6975798/.default'}`,
    `roll out with --keep-legacy (both flows side by side), then delete ${which} at https://app.vssps.visualstudio.com/profile/view once every user has signed in through Entra`,
  ];
}
