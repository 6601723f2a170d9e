// Code files of one source folder (a Java package) that hold protocol evidence but no config and no App ID of their
// own are one app: nothing tells two registrations apart there, and one package builds one sign-in.
import { posix } from 'node:path';
import { literalAppId } from './app-id-join.js';
import type { SignalGroup } from './group.js';

/** Joins code-only legacy groups (as joined so far, by `root`) that sit in one folder and state no App ID. */
export function joinPackageCode(groups: readonly SignalGroup[], legacy: (g: SignalGroup) => boolean, root: (key: string) => string, union: (a: string, b: string) => void): void {
  const members = new Map<string, SignalGroup[]>();
  for (const g of groups) if (g.signals.length) members.set(root(g.key), [...(members.get(root(g.key)) ?? []), g]);
  const byFolder = new Map<string, string[]>();
  for (const [r, gs] of members) {
    const signals = gs.flatMap((g) => g.signals);
    if (!gs.some(legacy) || signals.some((s) => s.origin !== 'code')) continue;
    if (signals.some((s) => s.kind === 'client-id' && literalAppId(s.display))) continue;
    const folders = new Set(signals.map((s) => posix.dirname(s.file)));
    if (folders.size !== 1) continue;
    const folder = [...folders][0]!;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), r]);
  }
  for (const roots of byFolder.values()) for (const r of roots.slice(1)) union(roots[0]!, r);
}
