// A legacy registration has exactly one App ID: groups anywhere in one scan holding the same literal App ID are that
// registration, so one app (a web UI that starts the sign-in and the backend that redeems the code).
import type { SignalGroup } from './group.js';
import { isBareGuid } from '../model/guid.js';


/** Runs that samples type instead of an id: `AAAAAAAA-BBBB-…`, `12345678-1234-…`, `11111111-2222-3333-…`. */
const typedRuns = ['0123456789abcdef', '1234567890123456789'];

/** The literal App ID a client-id value states: a GUID, not a placeholder typed by hand (each part one repeated character or a run). */
export function literalAppId(value: string | undefined): string | null {
  const v = value?.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
  if (!v || !isBareGuid(v)) return null;
  const typed = (part: string) => new Set(part).size === 1 || typedRuns.some((run) => run.includes(part));
  return v.split('-').every(typed) ? null : v;
}

/**
 * Joins the legacy groups (as joined so far, by `root`) that state the same App ID. A group stating two App IDs is
 * two registrations' evidence already mixed: it joins nothing, and two different App IDs are never joined. A group
 * without protocol evidence of its own (a settings file beside a bot) is not pulled in by its App ID alone.
 */
export function joinByAppId(groups: readonly SignalGroup[], legacy: (g: SignalGroup) => boolean, root: (key: string) => string, union: (a: string, b: string) => void): void {
  const idsOf = new Map<string, Set<string>>();
  for (const g of groups) {
    if (!legacy(g)) continue;
    for (const s of g.signals) {
      const id = s.kind === 'client-id' && !s.reference ? literalAppId(s.display) : null;
      if (!id) continue;
      const r = root(g.key);
      idsOf.set(r, (idsOf.get(r) ?? new Set()).add(id));
    }
  }
  const byId = new Map<string, string[]>();
  for (const [r, ids] of idsOf) {
    if (ids.size !== 1) continue;
    const id = [...ids][0]!;
    byId.set(id, [...(byId.get(id) ?? []), r]);
  }
  for (const roots of byId.values()) for (const r of roots.slice(1)) union(roots[0]!, r);
}
