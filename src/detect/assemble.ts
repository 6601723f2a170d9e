// Groups the signals of one scanned root into apps: within a file by namespace, across files by include, configSource,
// a setting's name read in code, the app id and the package, then the inventory (apps and findings) of the groups.
import { posix } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { App } from '../model/scan.js';
import type { Setting } from '../parsers/types.js';
import { joinByAppId } from './app-id-join.js';
import { appIdFor, buildApp, primaryFile, resolveAppSecrets } from './apps.js';
import { compareFindings, toFinding } from './findings.js';
import { isLegacy, localGroups, Unions, type FileSignals, type SignalGroup } from './group.js';
import { isDualRun } from './joins/entra-twin.js';
import { joinByName } from './name-joins.js';
import { joinPackageCode } from './package-join.js';
import { referenceKind, referenceMatcher, referenceNames, type KeyReference } from './references.js';
import type { Signal } from './signal.js';

/** What the grouping needs of a parsed file: its signals, its text and where its values sit. */
/** valueRanges: config values (a name read there is a read); proseRanges: code comments and messages (a name there is not). */
export type Parsed = FileSignals & { text: string; valueRanges: [number, number][]; proseRanges: [number, number][] };

/** Groups signals into apps: within files by namespace, across files by configSource and by code reading a setting's name. */
export function assemble(parsed: Parsed[], otherSources: { file: string; refs: KeyReference[] }[], projectOf: (file: string) => string): SignalGroup[] {
  const unions = new Unions();
  const byKey = new Map<string, SignalGroup>();
  const groupsOfFile = new Map<string, SignalGroup[]>();
  const addGroup = (file: string, g: SignalGroup) => {
    byKey.set(g.key, g);
    unions.find(g.key);
    groupsOfFile.set(file, [...(groupsOfFile.get(file) ?? []), g]);
  };
  for (const fs of parsed) for (const g of localGroups(fs)) addGroup(fs.file, g);

  for (const fs of parsed) {
    for (const target of fs.includes) {
      for (const a of groupsOfFile.get(fs.file) ?? []) for (const b of groupsOfFile.get(target) ?? []) unions.union(a.key, b.key);
    }
  }

  // Which groups define each distinctive setting name (several projects in one tree may use the same name).
  const owners = new Map<string, Owner[]>();
  for (const g of byKey.values()) {
    for (const s of g.signals) {
      if (!ownsNames(s)) continue;
      for (const name of referenceNames(s.setting)) {
        const key = name.toLowerCase();
        owners.set(key, [...(owners.get(key) ?? []), { group: g.key, signal: s }]);
      }
    }
  }
  const names = [...owners.keys()];
  // one matcher for every file: building the regex of all names per file cost ~2 ms of 150 config files
  const findNames = names.length ? referenceMatcher(names) : () => [];
  // in config, a name counts as a read only inside a value (`${VSTS_CLIENT_ID}`): the same key in another file is a sibling app
  // in code, a name in a comment or a message (`"X and Y must be set"`) is not read there
  const inValue = (p: Parsed) => {
    if (p.origin === 'code') {
      const prose = p.proseRanges.length ? containedIn(p.proseRanges) : null;
      return (ref: KeyReference) => !prose || !prose(ref.start, ref.end);
    }
    const inside = containedIn(p.valueRanges);
    return (ref: KeyReference) => inside(ref.start, ref.end);
  };
  const searchIn: { file: string; origin: 'config' | 'code'; refs: () => KeyReference[] }[] = [
    ...parsed.map((p) => ({ file: p.file, origin: p.origin, refs: () => findNames(p.text).filter(inValue(p)) })),
    ...otherSources.map((o) => ({ file: o.file, origin: 'code' as const, refs: () => o.refs.filter((r) => owners.has(r.name.toLowerCase())) })),
  ];
  for (const entry of searchIn) {
    if (names.length === 0) break;
    const refs = entry.refs();
    const targets = new Set<string>();
    const refSignals: { signal: Signal; owner: string }[] = [];
    for (const ref of refs) {
      const owner = nearestOwner(owners.get(ref.name.toLowerCase())!, entry.file);
      if (!owner) continue;
      const setting: Setting = { keyPath: [ref.name], key: ref.name, value: '', line: ref.line, column: ref.column, range: [ref.start, ref.end] };
      const kind = referenceKind(owner.signal);
      refSignals.push({ owner: owner.group, signal: {
        kind, strength: 'weak', file: entry.file, origin: entry.origin, setting, ns: '', reference: true,
        ...(owner.signal.role ? { role: owner.signal.role === 'app-secret' ? 'client-secret' : owner.signal.role } : {}),
        message: `reads legacy setting ${ref.name} (${kind})`,
      } });
      targets.add(unions.find(owner.group));
    }
    if (refSignals.length === 0) continue;
    if (targets.size === 1) {
      let own = groupsOfFile.get(entry.file)?.[0];
      if (!own) {
        own = { key: `${entry.file}#`, signals: [] };
        addGroup(entry.file, own);
      }
      own.signals.push(...refSignals.map((r) => r.signal));
      unions.union(own.key, refSignals[0]!.owner);
    } else {
      for (const r of refSignals) byKey.get(r.owner)!.signals.push(r.signal);
    }
  }

  joinCodeToProjectConfig(byKey, unions);
  const legacyRoots = new Set([...byKey.values()].filter((g) => isLegacy(g.signals)).map((g) => unions.find(g.key)));
  joinByName([...byKey.values()], new Map(parsed.map((p) => [p.file, p])), projectOf, (g) => legacyRoots.has(unions.find(g.key)), (k) => unions.find(k), (a, b) => unions.union(a, b));
  const legacyNow = new Set([...byKey.values()].filter((g) => isLegacy(g.signals)).map((g) => unions.find(g.key)));
  joinByAppId([...byKey.values()], (g) => legacyNow.has(unions.find(g.key)), (k) => unions.find(k), (a, b) => unions.union(a, b));
  joinPackageCode([...byKey.values()], (g) => legacyNow.has(unions.find(g.key)), (k) => unions.find(k), (a, b) => unions.union(a, b));
  const merged = new Map<string, SignalGroup>();
  for (const g of byKey.values()) {
    const root = unions.find(g.key);
    const m = merged.get(root) ?? { key: root, signals: [] };
    m.signals.push(...g.signals);
    merged.set(root, m);
  }
  const legacyFiles = new Set(parsed.filter((p) => isLegacy(p.signals)).map((p) => p.file));
  return [...merged.values()]
    .filter((g) => isLegacy(g.signals) || g.signals.some((s) => legacyFiles.has(s.file)))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Code that holds protocol evidence but reads its settings through variables (a Java authenticator given
 * authUri by Spring) joins the one config group of its project: the only one under their deepest shared folder.
 */
function joinCodeToProjectConfig(groups: Map<string, SignalGroup>, unions: Unions): void {
  const dirOf = (g: SignalGroup) => posix.dirname(g.signals[0]!.file);
  const all = [...groups.values()].filter((g) => g.signals.length > 0);
  const configGroups = all.filter((g) => g.signals.some((s) => s.origin === 'config'));
  for (const code of all.filter((g) => g.signals.every((s) => s.origin === 'code'))) {
    if (new Set(code.signals.map((s) => unions.find(s.file + '#'))).size > 1) continue;
    // the same folder counts whatever its depth: a service scanned from its own folder groups as it does from the repository root
    // and config in a folder enclosing the code (a plugin manifest at the project's top) counts as sharing it
    const depth = (g: SignalGroup) => {
      const [c, d] = [dirOf(code), dirOf(g)];
      if (c === d) return Number.MAX_SAFE_INTEGER;
      if (d === '.' || c.startsWith(`${d}/`)) return d === '.' ? 1 : d.split('/').length + 1;
      return sharedDepth(c, d);
    };
    const best = Math.max(0, ...configGroups.map(depth));
    const candidates = new Set(configGroups.filter((g) => depth(g) === best).map((g) => unions.find(g.key)));
    if (best >= 1 && candidates.size === 1) unions.union(code.key, [...candidates][0]!);
  }
}

/**
 * Whether [start, end) lies inside one of `ranges`, in O(log n) per question: ranges sorted by start, with the
 * furthest end seen so far (asking every range made a file of 20,000 settings quadratic).
 */
function containedIn(ranges: readonly [number, number][]): (start: number, end: number) => boolean {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const furthest: number[] = [];
  for (const [i, r] of sorted.entries()) furthest.push(Math.max(r[1], furthest[i - 1] ?? -1));
  return (start, end) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]![0] <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && furthest[lo - 1]! >= end;
  };
}

interface Owner {
  group: string;
  signal: Signal;
}

/** Of the groups defining a name, the one `reader` reads: in its project, closest folder first, a role over none. */
function nearestOwner(candidates: readonly Owner[], reader: string): Owner | null {
  const near = candidates.filter((o) => o.signal.file !== reader && sameProject(o.signal.file, reader));
  const depth = (o: Owner) => sharedDepth(posix.dirname(o.signal.file), posix.dirname(reader));
  return near.sort((a, b) => depth(b) - depth(a) || Number(!!b.signal.role) - Number(!!a.signal.role))[0] ?? null;
}

/**
 * Whether code in `reader` may read the setting `definer` defines: the definer's folder contains the reader, or the
 * two share a folder below the root. Two projects side by side that both use VSTS_CLIENT_ID stay two apps.
 */
function sameProject(definer: string, reader: string): boolean {
  const a = posix.dirname(definer);
  const b = posix.dirname(reader);
  return a === '.' || b === a || b.startsWith(`${a}/`) || sharedDepth(a, b) >= 1;
}

function sharedDepth(a: string, b: string): number {
  const pa = a === '.' ? [] : a.split('/');
  const pb = b === '.' ? [] : b.split('/');
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
}

export function inventory(groups: SignalGroup[], settingsOf: (file: string) => readonly Setting[], prefix: string): { apps: App[]; findings: Finding[]; signalsByApp: Map<string, Signal[]> } {
  const taken = new Set<string>();
  const apps: App[] = [];
  const signalsByApp = new Map<string, Signal[]>();
  const findings: Finding[] = [];
  for (const g of groups) {
    resolveAppSecrets(g.signals);
    const file = primaryFile(g.signals);
    const ns = g.signals.find((s) => s.file === file && s.kind === 'client-id')?.ns ?? '';
    const id = appIdFor(prefix ? posix.join(prefix, file) : file, ns, taken);
    apps.push(buildApp(id, g.signals, isDualRun(g.signals, settingsOf) ? 'dual-run' : 'legacy'));
    signalsByApp.set(id, g.signals);
    const seen = new Set<string>();
    // a read that is also the setting's own site (`client_id: process.env.VSTS_CLIENT_ID`) is told as the read: it names the setting
    for (const s of [...g.signals.filter((x) => x.reference), ...g.signals.filter((x) => !x.reference)]) {
      const f = toFinding(s, id);
      const k = `${f.file}:${f.line}:${f.column}:${f.kind}`;
      if (seen.has(k)) continue;
      seen.add(k);
      findings.push(f);
    }
  }
  findings.sort(compareFindings);
  return { apps, findings, signalsByApp };
}

/** Signals whose setting names code may read elsewhere; well-known keys (a Che annotation, the assertion URN) name no app. */
export function ownsNames(s: Signal): boolean {
  return !!s.role || (s.origin === 'config' && s.kind !== 'other') || protocolConstant(s);
}

/**
 * A named constant holding protocol evidence (`GRANT_JWT_BEARER = "urn:…:jwt-bearer"`): code building a request from
 * it in another file (`request.put(Fields.FIELD_ASSERTION, code)`) is a site of the same app. OAuth form field
 * names (`grant_type`) are dict keys, not constants.
 */
export function protocolConstant(s: Signal): boolean {
  return s.origin === 'code' && (s.strength !== 'weak' || !!s.role) && !s.reference && /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(s.setting.key ?? '');
}
