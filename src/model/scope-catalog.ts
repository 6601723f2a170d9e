import { closest, distance } from 'fastest-levenshtein';
import { catalogEntries } from './scope-catalog.data.js';

/** One Azure DevOps scope as the reference table describes it. */
export interface CatalogEntry {
  value: string;
  category: string;
  name: string;
  highPrivilege: boolean;
  highPrivilegeKnown: boolean;
  includes: string[];
  permissionId: string | null;
  idConfidence: string;
  description: string;
}

/** The Azure DevOps first-party application (resource) in Entra. */
export const adoResourceId = '499b84ac-1321-427f-aa17-267ca6975798';
export const adoResourceUri = 'https://app.vssps.visualstudio.com';
export const adoDefaultScope = `${adoResourceId}/.default`;

/**
 * Scopes that were valid once and are gone, with the nearest replacement (null: none exists). `dropped`: an artefact
 * of the legacy grant, never something to request; it is left out with a note, not reported as an error.
 */
export const retiredScopes: ReadonlyMap<string, { replacement: string | null; why: string; dropped?: boolean }> = new Map<string, { replacement: string | null; why: string; dropped?: boolean }>([
  ['vso.authorization_grant', { replacement: null, why: 'the legacy authorization grant itself (it appears in legacy codes and tokens); Entra has no such scope and needs none', dropped: true }],
  ['vso.workitemsearch', { replacement: 'vso.work', why: 'work item search is covered by vso.work' }],
  ['vso.chat_manage', { replacement: null, why: 'Team Rooms (chat) were retired in 2017' }],
  ['vso.chat_write', { replacement: null, why: 'Team Rooms (chat) were retired in 2017' }],
  ['preview_api_all', { replacement: 'user_impersonation', why: 'preview-era catch-all scope; pick explicit scopes instead' }],
  ['preview_msdn_licensing', { replacement: 'vso.entitlements', why: 'preview-era licensing scope' }],
  ['vso.loadtest', { replacement: null, why: 'cloud load testing was retired in 2020' }],
  ['vso.loadtest_write', { replacement: null, why: 'cloud load testing was retired in 2020' }],
]);

const byValue: ReadonlyMap<string, CatalogEntry> = new Map(catalogEntries.map((e) => [e.value, e]));
const allValues = catalogEntries.map((e) => e.value);

export function catalog(): readonly CatalogEntry[] {
  return catalogEntries;
}

export function lookupScope(value: string): CatalogEntry | undefined {
  return byValue.get(value);
}

const resourcePrefix = new RegExp(
  `^(?:${adoResourceId}|https?://app\\.vssps\\.visualstudio\\.com)/`, 'i');

/** Canonical spelling of one scope token: lower case, resource prefix removed. */
export function normalizeScope(token: string): string {
  return token.trim().replace(resourcePrefix, '').toLowerCase();
}

/**
 * Splits a scope list as written in config or code into canonical tokens.
 * Accepts spaces, `%20`, `+`, commas, semicolons, and bracketed/quoted list syntax.
 */
export function splitScopes(written: string): string[] {
  let text = written;
  try {
    if (/%[0-9a-f]{2}/i.test(text)) text = decodeURIComponent(text);
  } catch {
    // not valid percent-encoding: keep as written
  }
  return text
    .split(/[\s+,;[\]"'()]+/)
    .map(normalizeScope)
    .filter((t) => t.length > 0);
}

/** Whether a canonical token names an Azure DevOps scope (known, retired, or vso.*-shaped). */
export function looksLikeScope(token: string): boolean {
  return byValue.has(token) || retiredScopes.has(token) || /^vso\.[a-z_.]+$/.test(token);
}

/** Every scope a scope grants, itself included (transitive closure over `includes`). */
export function closure(scopes: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...scopes];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const inc of byValue.get(s)?.includes ?? []) stack.push(inc);
  }
  return seen;
}

/** Scopes strictly granted by `scope` (its closure minus itself). */
export function impliedBy(scope: string): Set<string> {
  const all = closure(byValue.get(scope)?.includes ?? []);
  all.delete(scope);
  return all;
}

/**
 * The smallest subset granting the same access: drops every scope another member includes.
 * Order follows the catalog so results are stable.
 */
export function minimize(scopes: Iterable<string>): string[] {
  const set = new Set(scopes);
  const kept = [...set].filter((s) => ![...set].some((o) => o !== s && impliedBy(o).has(s)));
  return sortByCatalog(kept);
}

/** The kept scope that makes `scope` redundant, if any. */
export function redundantBecause(scope: string, set: Iterable<string>): string | null {
  for (const other of set) if (other !== scope && impliedBy(other).has(scope)) return other;
  return null;
}

export function sortByCatalog(scopes: Iterable<string>): string[] {
  const order = (s: string) => {
    const i = allValues.indexOf(s);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...scopes].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

export function isHighPrivilege(scope: string): boolean {
  return byValue.get(scope)?.highPrivilege ?? false;
}

/** "Did you mean": a catalog scope close to an unknown spelling, or null when nothing is close. */
export function suggestScope(token: string): string | null {
  const retired = retiredScopes.get(token);
  if (retired) return retired.replacement;
  const base = token.replace(/_(read|readonly|view)$/, '');
  if (base !== token && byValue.has(base)) return base;
  const withPrefix = token.startsWith('vso.') ? token : `vso.${token}`;
  if (byValue.has(withPrefix)) return withPrefix;
  const best = closest(withPrefix, allValues);
  return distance(withPrefix, best) <= Math.max(2, Math.floor(withPrefix.length / 4)) ? best : null;
}

/** The Entra scope string for a catalog scope (explicit style). */
export function entraScope(scope: string): string {
  return `${adoResourceId}/${scope}`;
}
