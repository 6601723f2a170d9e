// verify after a migration: the Entra settings the files hold now, read back the way the app would read them.
import { adoScopeOf, isEntraFile, scopeLists } from '../detect/entra.js';
import type { ParsedFile } from '../detect/scan.js';
import { lookupScope } from '../model/scope-catalog.js';
import type { AppRegistration } from '../model/verify.js';
import { browserClientFile, clientInFiles, type ClientInFiles } from './client.js';
import { defaultCallback } from './from-plan.js';
import { directoryOf } from './registration.js';
import type { VerifyApp } from './run.js';
import { mockClientId, mockTenantId } from './world.js';

/**
 * One client per config file that requests Azure DevOps scopes (code fills in what the config does not say);
 * a tree whose only scopes are in code is one client.
 */
export function configuredClients(files: readonly ParsedFile[]): { id: string; client: ClientInFiles }[] {
  const entra = files.filter(isEntraFile);
  const code = entra.filter((f) => f.origin === 'code');
  const requests = (f: ParsedFile) => scopeLists(f).some((l) => l.tokens.some((t) => adoScopeOf(t.raw)));
  const configs = entra.filter((f) => f.origin === 'config' && requests(f));
  if (configs.length) return configs.map((f) => ({ id: f.file, client: clientInFiles([f, ...code]) }));
  if (code.some(requests)) return [{ id: code.find(requests)!.file, client: clientInFiles(code) }];
  return [];
}

/** What the real tenant and app are, as the user named them (flags, answers, --registration). */
export interface GivenIds {
  tenant: string | null;
  clientId: string | null;
}

/**
 * The apps a migrated tree holds, with the registration taken as the plan would have asked for it when no
 * `--registration` is given: every assumption is reported, and the named tenant and app are never swapped.
 */
export function verifyAppsFromConfig(files: readonly ParsedFile[], given: GivenIds = { tenant: null, clientId: null }): { apps: VerifyApp[]; assumptions: string[] } {
  const assumptions: string[] = [];
  const browser = browserClientFile(files);
  const apps = configuredClients(files).map(({ id, client }): VerifyApp => {
    const scopes = client.scopes ?? [];
    const explicit = scopes.map((s) => adoScopeOf(s)).filter((s) => s && !s.bare && s.name !== '.default' && lookupScope(s.name)).map((s) => s!.name);
    const tenant = given.tenant ?? client.tenant ?? mockTenantId;
    const appId = given.clientId ?? client.clientId ?? mockClientId;
    if (!client.clientId) assumptions.push(`${id}: the client id is not a literal in the files; the client sends ${appId}`);
    if (!client.tenant) assumptions.push(`${id}: the tenant is not a literal in the files; the client uses ${tenant}`);
    if (!given.clientId && client.clientId) assumptions.push(`${id}: no --client-id: the app registration is taken to be ${client.clientId}, the id the files send`);
    if (!given.tenant && client.tenant) assumptions.push(`${id}: no --tenant: the app is taken to live in ${client.tenant}, the tenant the files name`);
    const redirect = client.redirectUri ?? defaultCallback;
    if (!client.redirectUri) assumptions.push(`${id}: no absolute redirect URI in the files; client and registration use ${defaultCallback}`);
    const registered = explicit.length ? explicit : ['vso.profile'];
    const registration = assumedRegistration(appId, tenant, redirect, registered, !!browser);
    assumptions.push(`${id}: no --registration: assumed app ${appId} holds ${registered.join(', ')}${explicit.length ? ' (the requested scopes)' : ' (for .default)'} and the redirect URI ${redirect}${browser ? ` on the Single-page application platform (${browser} signs in with @azure/msal-browser)` : ''}`);
    return {
      id,
      legacy: null,
      client: {
        tenant: client.tenant ?? tenant,
        clientId: client.clientId ?? appId,
        scopes,
        redirectUri: redirect,
        scopeStyle: scopes.some((t) => adoScopeOf(t)?.name === '.default') || explicit.length === 0 ? 'default' : 'explicit',
      },
      registration,
      ...(browser ? { browser: true } : {}),
      anchor: client.anchor,
      calls: registered,
    };
  });
  return { apps, assumptions };
}

function assumedRegistration(appId: string, tenant: string, redirect: string, permissions: string[], spa: boolean): AppRegistration {
  const directory = directoryOf(tenant);
  return {
    appId, tenantId: directory.id, tenantNames: directory.names,
    signInAudience: /^(organizations|common)$/i.test(tenant) ? 'AzureADMultipleOrgs' : 'AzureADMyOrg',
    redirectUris: spa ? { web: [], spa: [redirect], publicClient: [] } : { web: [redirect], spa: [], publicClient: [] },
    permissions, listsAzureDevOps: true,
    credentials: { secret: !spa, certificate: !spa, federated: false },
    servicePrincipalInOrg: true,
    source: 'assumed from the files (no --registration)',
  };
}
