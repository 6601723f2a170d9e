import type { App } from '../model/scan.js';
import type { EntraSettings, PlanInputs, ScopeMappingRow } from '../model/plan.js';
import { isBareGuid } from '../model/guid.js';
import {
  adoDefaultScope, entraScope, isHighPrivilege, lookupScope, minimize, redundantBecause, retiredScopes,
  suggestScope, sortByCatalog,
} from './catalog.js';

/** Scopes a legacy app gets when none can be found: the registration form's minimum was vso.profile. */
export const fallbackScopes = ['vso.profile'];

/** The legacy → Entra scope table for one app: which scopes are registered, which are implied, which are gone. */
export function scopeMapping(app: App): ScopeMappingRow[] {
  // nothing usable left (no scope found, or only retired ones): the legacy registration form's minimum
  const known = app.scopes.length > 0 ? app.scopes : fallbackScopes;
  const kept = new Set(minimize(known));
  const rows: ScopeMappingRow[] = sortByCatalog(known).map((legacy) => {
    const entry = lookupScope(legacy)!;
    const by = kept.has(legacy) ? null : redundantBecause(legacy, kept);
    return {
      legacy,
      // the Entra form is known even when the permission id is not (that id is looked up in the tenant)
      entra: entraScope(legacy),
      permissionId: entry.permissionId,
      highPrivilege: entry.highPrivilege,
      status: kept.has(legacy) ? 'kept' : 'redundant',
      impliedBy: by,
      replacement: null,
    };
  });
  for (const legacy of app.unknownScopes) {
    const retired = retiredScopes.get(legacy);
    rows.push({
      legacy, entra: retired ? null : entraScope(legacy), permissionId: null, highPrivilege: false,
      status: retired ? 'retired' : 'unknown', impliedBy: null, replacement: retired ? retired.replacement : suggestScope(legacy),
    });
  }
  return rows;
}

const tenantPattern = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations|common|consumers|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

/** Problems with the migration inputs, one sentence each naming the flag. */
export function inputProblems(inputs: { tenant?: string | undefined; clientId?: string | undefined }): string[] {
  const problems: string[] = [];
  if (inputs.tenant !== undefined && !tenantPattern.test(inputs.tenant)) problems.push(`--tenant must be a tenant id (GUID), a verified domain (contoso.onmicrosoft.com) or "organizations"; got "${inputs.tenant}"`);
  if (inputs.clientId !== undefined && !isBareGuid(inputs.clientId)) problems.push(`--client-id must be the Entra application (client) id, a GUID; got "${inputs.clientId}"`);
  return problems;
}

/** The Entra settings replacing one legacy app's (SPEC §2). */
export function entraSettings(app: App, rows: ScopeMappingRow[], inputs: PlanInputs): EntraSettings {
  const authority = `https://login.microsoftonline.com/${inputs.tenant}`;
  const kept = rows.filter((r) => r.status === 'kept');
  const refresh = inputs.refresh ? ['offline_access'] : [];
  const scopes = inputs.scopeStyle === 'default'
    ? [adoDefaultScope, ...refresh]
    : [...kept.map((r) => r.entra!), ...refresh];
  return {
    authority,
    authorizeEndpoint: `${authority}/oauth2/v2.0/authorize`,
    tokenEndpoint: `${authority}/oauth2/v2.0/token`,
    clientId: inputs.clientId,
    tenant: inputs.tenant,
    scopes,
    registeredPermissions: kept.filter((r) => r.permissionId).map((r) => ({ value: r.legacy, id: r.permissionId!, highPrivilege: isHighPrivilege(r.legacy) })),
    permissionsToLookUp: kept.filter((r) => !r.permissionId).map((r) => r.legacy),
    redirectUri: app.callbackUrl,
  };
}
