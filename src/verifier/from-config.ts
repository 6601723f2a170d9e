// verify after a migration: the Entra settings the files hold now, read back the way the app would read them.
import { adoScopeOf, isEntraFile, scopeLists } from '../detect/entra.js';
import type { ParsedFile } from '../detect/scan.js';
import { indirection, isGuid, isPlaceholder } from '../detect/values.js';
import { closure, lookupScope } from '../mapper/catalog.js';
import { defaultCallback } from './from-plan.js';
import type { VerifyApp } from './run.js';
import { mockClientId, mockTenantId } from './world.js';

const authority = /login\.microsoftonline\.com\/([^/?#\s"'`]+)/i;

/**
 * One Entra app per file that requests Azure DevOps scopes. What the repository cannot say (the registration in
 * Entra, an id read from the environment) is assumed, and each assumption is reported.
 */
export function verifyAppsFromConfig(files: readonly ParsedFile[]): { apps: VerifyApp[]; assumptions: string[] } {
  const apps: VerifyApp[] = [];
  const assumptions: string[] = [];
  for (const f of files.filter(isEntraFile)) {
    const list = scopeLists(f).find((l) => l.tokens.some((t) => adoScopeOf(t.raw) && !adoScopeOf(t.raw)!.bare));
    if (!list) continue;
    const id = f.file;
    const scopes = list.tokens.map((t) => t.raw);
    const explicit = scopes.map((s) => adoScopeOf(s)).filter((s) => s && !s.bare && s.name !== '.default' && lookupScope(s.name)).map((s) => s!.name);
    const clientId = literal(f, /(client|app)[-_.:]?id$/i, isGuid);
    const tenant = tenantOf(f);
    const redirect = literal(f, /callback|redirect[-_.]?ur[il]$|reply[-_.]?url$/i, (v) => /^https?:\/\//i.test(v));
    if (!clientId) assumptions.push(`${id}: the client id is not a literal here; the mock Entra app is ${mockClientId}`);
    if (!tenant) assumptions.push(`${id}: the tenant is not a literal here; the mock tenant is ${mockTenantId}`);
    if (!redirect) assumptions.push(`${id}: no absolute redirect URI here; both sides use ${defaultCallback}`);
    const registered = explicit.length ? explicit : ['vso.profile'];
    assumptions.push(`${id}: the Entra registration is not in the repository; assumed it holds ${registered.join(', ')}${explicit.length ? ' (the requested scopes)' : ' (for .default)'}`);
    apps.push({
      id,
      legacy: null,
      entra: {
        tenant: tenant ?? mockTenantId,
        clientId: clientId ?? mockClientId,
        scopes,
        redirectUri: redirect ?? defaultCallback,
        registeredPermissions: registered,
        registeredRedirectUris: [redirect ?? defaultCallback],
        scopeStyle: explicit.length ? 'explicit' : 'default',
      },
      anchor: { file: f.file, line: list.anchor.line, column: list.anchor.column },
      calls: [...closure(registered)],
    });
  }
  return { apps, assumptions };
}

function literal(f: ParsedFile, key: RegExp, ok: (v: string) => boolean): string | null {
  const s = f.settings.find((x) => key.test(x.key ?? '') && !x.inComment && !x.interpolated && !isPlaceholder(x.value) && !indirection(x.value) && ok(x.value.trim()));
  return s ? s.value.trim() : null;
}

function tenantOf(f: ParsedFile): string | null {
  for (const s of f.settings) {
    const m = authority.exec(s.value);
    if (m && !s.interpolated && /^([0-9a-f-]{36}|organizations|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i.test(m[1]!)) return m[1]!;
  }
  return literal(f, /tenant[-_.:]?id$/i, isGuid);
}
