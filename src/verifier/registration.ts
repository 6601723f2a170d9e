// The registration side of verify: what exists in Entra, read from `--registration` or taken from the plan,
// never from the values the client under test sends.
import { z } from 'zod';
import { adoResourceId, catalog } from '../model/scope-catalog.js';
import type { Plan } from '../model/plan.js';
import type { AppRegistration } from '../model/verify.js';
import { signInAudiences } from '../model/verify.js';
import { mockTenantId } from './world.js';
import { guidPattern, isBareGuid } from '../model/guid.js';


const uriList = z.object({ redirectUris: z.array(z.string()).default([]) }).partial().nullish();

/**
 * `az ad app show --id <appId>` prints the Microsoft Graph application object (web/spa/publicClient); the
 * older app manifest has `replyUrlsWithType`. Both carry appId, signInAudience, requiredResourceAccess and the
 * credential lists. Unknown fields are ignored.
 */
const RegistrationFile = z.object({
  appId: z.string().regex(guidPattern, 'appId must be a GUID'),
  displayName: z.string().nullish(),
  signInAudience: z.enum(signInAudiences).nullish(),
  web: uriList,
  spa: uriList,
  publicClient: uriList,
  replyUrlsWithType: z.array(z.object({ url: z.string(), type: z.string() })).nullish(),
  requiredResourceAccess: z.array(z.object({
    resourceAppId: z.string(),
    resourceAccess: z.array(z.object({ id: z.string(), type: z.string() })).default([]),
  })).default([]),
  passwordCredentials: z.array(z.unknown()).nullish(),
  keyCredentials: z.array(z.unknown()).nullish(),
  federatedIdentityCredentials: z.array(z.unknown()).nullish(),
  /** Not an Entra field: whether the service principal was added to the Azure DevOps organization. */
  servicePrincipalInOrg: z.boolean().nullish(),
});

export class RegistrationError extends Error {}

const scopeById = (): Map<string, string> => new Map(catalog().filter((e) => e.permissionId).map((e) => [e.permissionId!.toLowerCase(), e.value]));

/** Reads a registration file; `tenant` is the directory the app lives in (the file does not say). */
export function parseRegistration(text: string, source: string, tenant: { id: string; names: string[] }): { registration: AppRegistration; warnings: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RegistrationError(`${source} is not JSON (${(err as Error).message.split('\n')[0]}); pass the output of \`az ad app show --id <appId>\` or an app manifest`);
  }
  const parsed = RegistrationFile.safeParse(data);
  if (!parsed.success) throw new RegistrationError(`${source} is not an app registration: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  const r = parsed.data;
  const warnings: string[] = [];
  const typed = (type: string) => (r.replyUrlsWithType ?? []).filter((u) => u.type.toLowerCase() === type).map((u) => u.url);
  const ids = scopeById();
  const ado = r.requiredResourceAccess.filter((a) => a.resourceAppId.toLowerCase() === adoResourceId);
  const permissions: string[] = [];
  for (const access of ado.flatMap((a) => a.resourceAccess)) {
    if (access.type !== 'Scope') {
      warnings.push(`${source}: Azure DevOps has no application permissions (role ${access.id} ignored); app-only access comes from adding the service principal to the organization`);
      continue;
    }
    const value = ids.get(access.id.toLowerCase());
    if (value) permissions.push(value);
    else warnings.push(`${source}: permission id ${access.id} is not an Azure DevOps delegated permission`);
  }
  if (!r.signInAudience) warnings.push(`${source}: no signInAudience; assumed AzureADMyOrg (single tenant), Entra's default`);
  return {
    registration: {
      appId: r.appId,
      tenantId: tenant.id,
      tenantNames: tenant.names,
      signInAudience: r.signInAudience ?? 'AzureADMyOrg',
      redirectUris: {
        web: [...(r.web?.redirectUris ?? []), ...typed('web')],
        spa: [...(r.spa?.redirectUris ?? []), ...typed('spa')],
        publicClient: [...(r.publicClient?.redirectUris ?? []), ...typed('installedclient')],
      },
      permissions,
      listsAzureDevOps: ado.length > 0,
      credentials: {
        secret: (r.passwordCredentials ?? []).length > 0,
        certificate: (r.keyCredentials ?? []).length > 0,
        federated: (r.federatedIdentityCredentials ?? []).length > 0,
      },
      servicePrincipalInOrg: r.servicePrincipalInOrg ?? true,
      source: `--registration ${source}`,
    },
    warnings,
  };
}

/** The registration the plan tells the user to create for one app (its manifest, audience and credential). */
export function registrationFromPlan(plan: Plan, appId: string, tenant: { id: string; names: string[] }): AppRegistration {
  const app = plan.apps.find((a) => a.id === appId)!;
  // a single-page application has no credential at all
  const credential = app.registration.manifest.spa ? null : plan.inputs.credential;
  return {
    appId: plan.inputs.clientId,
    tenantId: tenant.id,
    tenantNames: tenant.names,
    signInAudience: /^organizations$/i.test(plan.inputs.tenant) ? 'AzureADMultipleOrgs' : 'AzureADMyOrg',
    redirectUris: { web: [...app.registration.manifest.web.redirectUris], spa: [...(app.registration.manifest.spa?.redirectUris ?? [])], publicClient: [] },
    permissions: app.entra.registeredPermissions.map((p) => p.value),
    listsAzureDevOps: true,
    credentials: { secret: credential === 'secret', certificate: credential === 'certificate', federated: credential === 'federated' },
    servicePrincipalInOrg: true,
    source: 'the registration the plan tells you to create (no --registration)',
  };
}

/** The directory behind a tenant name: a GUID stands for itself; a domain or `organizations` gets the mock's id. */
export function directoryOf(tenant: string): { id: string; names: string[] } {
  if (isBareGuid(tenant)) return { id: tenant.toLowerCase(), names: [tenant] };
  return { id: mockTenantId, names: /^(organizations|common|consumers)$/i.test(tenant) ? [mockTenantId] : [tenant, mockTenantId] };
}

/** Every redirect URI registered on any platform. */
export function allRedirectUris(r: AppRegistration): string[] {
  return [...r.redirectUris.web, ...r.redirectUris.spa, ...r.redirectUris.publicClient];
}
