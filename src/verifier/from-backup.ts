// After `apply`, the legacy settings are gone from the files but kept in the backup set: verify compares against them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adoScopeOf, scopeLists } from '../detect/entra.js';
import { scanWithEvidence, type ParsedFile } from '../detect/scan.js';
import { listBackups } from '../plan/backups.js';
import { scopeMapping } from '../mapper/entra.js';
import type { VerifyApp } from './run.js';

/** The legacy side of each app as the latest applied backup set holds it; apps without one are left as they are. */
export function withLegacyFromBackup(apps: VerifyApp[], rootDir: string): { apps: VerifyApp[]; note: string | null } {
  const latest = [...listBackups(rootDir).journals].reverse().find((j) => j.state === 'applied');
  const originals = latest ? join(rootDir, '.ado2entra', 'backups', latest.id, 'files') : null;
  if (!latest || !originals || !existsSync(originals)) return { apps, note: null };
  const before = scanWithEvidence(originals).result.apps;
  let used = 0;
  const out = apps.map((app) => {
    const old = before.find((b) => b.id === app.id) ?? (before.length === 1 && apps.length === 1 ? before[0] : undefined);
    if (!old || !app.legacy) return app;
    used++;
    // the registration was planned from the legacy scopes, not from the .default the files now request
    const registered = scopeMapping(old).filter((r) => r.status === 'kept' && r.permissionId).map((r) => r.legacy);
    return {
      ...app,
      legacy: { clientId: old.clientId ?? app.legacy.clientId, callbackUrl: old.callbackUrl ?? app.legacy.callbackUrl, scopes: old.scopes.length ? old.scopes : app.legacy.scopes },
      entra: { ...app.entra, registeredPermissions: registered.length ? registered : app.entra.registeredPermissions },
    };
  });
  return { apps: out, note: used ? `the legacy side comes from the files as they were before apply (backup ${latest.id})` : null };
}

/** Where the files already request Entra scopes (a migrated config), verify those rather than the planned ones. */
export function withConfiguredScopes(apps: VerifyApp[], files: readonly ParsedFile[], appFiles: (id: string) => string[]): VerifyApp[] {
  return apps.map((app) => {
    const mine = files.filter((f) => f.origin === 'config' && appFiles(app.id).includes(f.file));
    const list = mine.flatMap((f) => scopeLists(f)).find((l) => l.tokens.some((t) => adoScopeOf(t.raw) && !adoScopeOf(t.raw)!.bare));
    if (!list) return app;
    const scopes = list.tokens.map((t) => t.raw);
    const style = scopes.some((t) => adoScopeOf(t)?.name === '.default') ? 'default' : 'explicit';
    return { ...app, entra: { ...app.entra, scopes, scopeStyle: style } };
  });
}
