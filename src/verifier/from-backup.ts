// After `apply`, the legacy settings are gone from the files but kept in the backup set: verify compares against them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scanWithEvidence } from '../detect/scan.js';
import { latestApplied } from '../plan/backups.js';
import { scopeMapping } from '../mapper/entra.js';
import type { VerifyApp } from './run.js';

/** The files as they were before the latest applied backup set (ours, never a planted one), or null. */
export function latestOriginals(rootDir: string): { id: string; folder: string } | null {
  const latest = latestApplied(rootDir);
  const folder = latest ? join(rootDir, '.ado2entra', 'backups', latest.id, 'files') : null;
  return latest && folder && existsSync(folder) ? { id: latest.id, folder } : null;
}

/**
 * The legacy side of each app as the latest applied backup set holds it; apps without one are left as they are.
 * The registration the plan asked for was planned from the legacy scopes, not from the .default the files now request.
 */
export function withLegacyFromBackup(apps: VerifyApp[], rootDir: string): { apps: VerifyApp[]; note: string | null } {
  const latest = latestOriginals(rootDir);
  if (!latest) return { apps, note: null };
  const before = scanWithEvidence(latest.folder).result.apps;
  let used = 0;
  const out = apps.map((app) => {
    const old = before.find((b) => b.id === app.id) ?? (before.length === 1 && apps.length === 1 ? before[0] : undefined);
    if (!old || !app.legacy) return app;
    used++;
    const registered = scopeMapping(old).filter((r) => r.status === 'kept' && r.permissionId).map((r) => r.legacy);
    const fromPlan = app.registration.source.startsWith('the registration the plan');
    return {
      ...app,
      legacy: { clientId: old.clientId ?? app.legacy.clientId, callbackUrl: old.callbackUrl ?? app.legacy.callbackUrl, scopes: old.scopes.length ? old.scopes : app.legacy.scopes },
      registration: fromPlan && registered.length ? { ...app.registration, permissions: registered } : app.registration,
    };
  });
  return { apps: out, note: used ? `the legacy side comes from the files as they were before apply (backup ${latest.id})` : null };
}
