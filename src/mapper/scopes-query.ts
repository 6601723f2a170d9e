import type { ScopeInfo, ScopesResult } from '../model/scopes.js';
import { catalog, closure, entraScope, lookupScope, minimize, retiredScopes, splitScopes, suggestScope } from './catalog.js';

/** Answers `ado2entra scopes [SCOPE...] [--minimize]`: the catalog rows asked for, unknown ones with a suggestion. */
export function describeScopes(written: string[], withMinimal: boolean): ScopesResult {
  const tokens = [...new Set(written.flatMap(splitScopes))];
  const asked = tokens.length ? tokens : catalog().map((e) => e.value);
  const known = asked.filter((t) => lookupScope(t));
  const scopes: ScopeInfo[] = known.map((value) => {
    const e = lookupScope(value)!;
    const includes = [...closure(e.includes)].filter((s) => s !== value);
    return { value, entra: e.permissionId ? entraScope(value) : null, permissionId: e.permissionId, name: e.name, highPrivilege: e.highPrivilege, includes, retired: false };
  });
  const unknown = asked.filter((t) => !lookupScope(t)).map((value) => ({
    value,
    suggestion: suggestScope(value),
    reason: retiredScopes.has(value) ? 'retired' as const : 'unknown' as const,
  }));
  return { schemaVersion: 1, scopes, ...(withMinimal ? { minimal: minimize(known) } : {}), unknown };
}
