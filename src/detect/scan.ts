import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic, Finding } from '../model/finding.js';
import type { App, ScanResult, SkippedFile } from '../model/scan.js';
import { parserFor } from '../parsers/registry.js';
import { capDiagnostic, fileLimits, type FormatName, type Parser, type Setting } from '../parsers/types.js';
import { joinByAppId } from './app-id-join.js';
import { appIdFor, buildApp, primaryFile, repositoryPrefix, resolveAppSecrets } from './apps.js';
import { startDiscovery, type DiscoveredFiles, type Discovery } from './discover.js';
import { compareFindings, toFinding } from './findings.js';
import { isLegacy, localGroups, Unions, type FileSignals, type SignalGroup } from './group.js';
import { isDualRun } from './joins/entra-twin.js';
import { joinWithinFile } from './joins/index.js';
import { joinByName, projectFolders } from './name-joins.js';
import { joinPackageCode } from './package-join.js';
import { fileMayHoldLegacySignal, isOwnOutput, mayHoldLegacySignal } from './prefilter.js';
import { parallelMinFiles, readSourcesInParallel, type SourceOutcome } from './read-pool.js';
import { repositoryOf, repositoryOfAsync } from './repository.js';
import { ripgrepBinary, ripgrepMatches } from './ripgrep.js';
import { entraAppsOf } from './entra-apps.js';
import { readTextFile, type ReadOutcome } from './read.js';
import { findReferences, referenceKind, referenceMatcher, referenceNames, type KeyReference } from './references.js';
import type { Signal } from './signal.js';
import { fileFacts, fileSignals } from './signals.js';

export interface ScanOptions {
  /** Files larger than this are skipped and reported (default 2 MiB). */
  maxFileSize?: number;
  /** Read source files on worker threads from this many on (default 2000). */
  parallelMin?: number;
  /** Called as files are read: how many of how many, and how many of them hold legacy OAuth so far. */
  onProgress?: (read: number, total: number, legacyFiles: number) => void;
  /** Let ripgrep search the source files when it is installed (default true); false: always the in-process path. */
  ripgrep?: boolean;
  /** Also name the git repository, commit and branch of each root (`repository`; git calls, so off by default). */
  identify?: boolean;
}

export const defaultMaxFileSize = 2 * 1024 * 1024;

/** Thrown for a scan target that does not exist (a usage error, exit 2). */
export class ScanTargetError extends Error {}

/** What plan needs beyond the inventory: each app's signals (with value positions) and each parsed file. */
export interface ScanEvidence {
  result: ScanResult;
  /** Absolute folder the scanned paths are relative to. */
  rootDir: string;
  signalsByApp: Map<string, Signal[]>;
  /** Every file that passed the prefilter and parsed, with its settings (validate's rules read these). */
  files: ParsedFile[];
}

export interface ParsedFile {
  file: string;
  origin: 'config' | 'code';
  format: FormatName;
  settings: Setting[];
  text: string;
  /** The file holds strong legacy evidence of its own. */
  legacy: boolean;
}

/** Inventory of every legacy OAuth setting and code site under `target`, grouped into apps. Reads, never writes. */
export function scan(target: string, options: ScanOptions = {}): ScanResult {
  return scanWithEvidence(target, options).result;
}

/** `scan`, keeping the evidence the planner turns into edits. */
export function scanWithEvidence(target: string, options: ScanOptions = {}): ScanEvidence {
  return scanManyWithEvidence([target], options)[0]!;
}

/** Scans many roots (repositories) at once: each is its own result, and one worker pool reads all their source files. */
export function scanManyWithEvidence(targets: readonly string[], options: ScanOptions = {}): ScanEvidence[] {
  const run = new ScanRun(targets, options, false);
  run.addUntracked(run.roots.map((r) => r.discovery.rest()));
  return run.finish(options.identify ?? false);
}

/**
 * `scanManyWithEvidence` for callers that can wait (the CLI): git lists the untracked files while the tracked config
 * is read, instead of before. Same result.
 */
export async function scanManyWithEvidenceAsync(targets: readonly string[], options: ScanOptions = {}): Promise<ScanEvidence[]> {
  const run = new ScanRun(targets, options, true);
  // the repository's identity (three git calls) is looked up meanwhile too
  const identities = options.identify ? Promise.all(run.roots.map((r) => repositoryOfAsync(r.root))) : null;
  run.addUntracked(await Promise.all(run.roots.map((r) => r.discovery.restAsync())));
  const evidence = run.finish(false);
  if (identities) (await identities).forEach((repository, i) => (evidence[i]!.result.repository = repository));
  return evidence;
}

/**
 * One scan of many roots, in its order: config first (the setting names it defines are searched for in each source
 * file while its text is in hand, so no file is read twice), tracked before untracked, then the source files.
 */
class ScanRun {
  readonly roots: RootScan[];
  private readonly maxFileSize: number;
  private readonly many: number;
  private readonly rg: string | null;
  private total: number;
  private read = 0;
  private readonly tick?: (files?: number) => void;

  constructor(targets: readonly string[], private readonly options: ScanOptions, background: boolean) {
    this.maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
    for (const target of targets) if (!existsSync(target)) throw new ScanTargetError(`path does not exist: ${target}`);
    this.roots = targets.map((target) => new RootScan(target, this.maxFileSize, background));
    this.total = this.roots.reduce((n, r) => n + r.configs.length + r.sources.length, 0);
    this.tick = options.onProgress && ((files = 1) => options.onProgress!((this.read += files), this.total, this.legacy()));
    this.many = options.parallelMin ?? parallelMinFiles;
    // ripgrep when installed and worth a process; the in-process pool for the rest, with the same findings
    this.rg = this.total >= this.many && options.ripgrep !== false ? ripgrepBinary() : null;
    for (const r of this.roots) this.readConfig(r, r.configs);
  }

  private legacy(): number {
    return this.roots.reduce((n, r) => n + r.legacyFiles, 0);
  }

  private readConfig(r: RootScan, configs: readonly Listed[]): void {
    if (this.rg && configs.length >= this.many / 10 && r.readConfigWithRipgrep(this.rg, configs)) this.tick?.(configs.length);
    else r.readConfig(configs, this.tick);
  }

  /** The untracked files of each root (in the order of `roots`): their config is read now. */
  addUntracked(parts: readonly (DiscoveredFiles | null)[]): void {
    this.roots.forEach((r, i) => {
      const untracked = r.addUntracked(parts[i] ?? null);
      this.total += untracked.configs.length + untracked.sources.length;
      this.readConfig(r, untracked.configs);
    });
  }

  /** Reads the source files and assembles each root's result; `identify`: look up each repository's identity now. */
  finish(identify: boolean): ScanEvidence[] {
    const { rg, many, tick, options } = this;
    const rest = rg ? this.roots.filter((r) => !(r.readSourcesWithRipgrep(rg) && (tick?.(r.sources.length), true))) : this.roots;
    const sources = rest.flatMap((r, root) => r.sources.map(({ file }) => ({ root, file })));
    if (sources.length >= many) {
      const job = { roots: rest.map((r) => ({ dir: r.root, names: r.names.list(), links: [...r.links] })), files: sources, maxFileSize: this.maxFileSize };
      const pooled = rest.map(() => new Map<string, SourceOutcome>());
      const before = this.read;
      const { outcomes, cleanBytes } = readSourcesInParallel(job, undefined, tick && ((n) => options.onProgress!(before + n, this.total, this.legacy())));
      this.read = before + sources.length;
      for (const o of outcomes) pooled[o.root]!.set(o.file, o);
      rest.forEach((r, i) => r.takePooled(pooled[i]!, cleanBytes[i]!));
    } else {
      for (const r of rest) r.readSources(tick);
    }
    return this.roots.map((r) => r.finish(identify));
  }
}

/** A listed file with the parser for its format. */
type Listed = { file: string; parser: Parser };

/** One root's files as they are read: diagnostics, skips, parsed candidates and the setting names code reads. */
class RootScan {
  readonly started = performance.now();
  readonly root: string;
  listed: string[];
  sources: Listed[];
  configs: Listed[];
  readonly names = new ReferenceNames();
  /** The symlinks discovery checked (each to a file inside the root): every other path is read without following one. */
  readonly links: Set<string>;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly skipped: SkippedFile[];
  private readonly parsed: Parsed[] = [];
  private readonly files: ParsedFile[] = [];
  private readonly unparsedRefs: { file: string; refs: KeyReference[] }[] = [];
  private bytes = 0;
  /** Source files read before a name they use was known (no legacy literal, no read of a known setting). */
  private readonly unreadSources: string[] = [];
  readonly discovery: Discovery;

  constructor(target: string, private readonly maxFileSize: number, background: boolean) {
    const single = statSync(target).isFile();
    this.root = single ? dirname(target) : target;
    // a file named on the command line is the user's choice, symlink or not
    const discovery: Discovery = single
      ? { first: { files: [basename(target)], method: 'walk', links: new Set([basename(target)]), skipped: [], unchecked: [] }, rest: () => null, restAsync: async () => null }
      : startDiscovery(this.root, background);
    this.discovery = discovery;
    this.listed = discovery.first.files;
    this.links = discovery.first.links;
    this.skipped = [];
    const { configs, sources } = this.take(discovery.first);
    this.configs = configs;
    this.sources = sources;
  }

  /** The files of one part of the listing, split into config and source; the rest have no parser and are not read. */
  private take(part: DiscoveredFiles): { configs: Listed[]; sources: Listed[] } {
    this.skipped.push(...part.skipped.filter((x) => parserFor(x.file)));
    for (const u of part.unchecked) this.diagnostics.push({ file: u.file, line: null, message: u.reason });
    const configs: Listed[] = [];
    const sources: Listed[] = [];
    for (const file of part.files) {
      const parser = parserFor(file);
      if (parser) (parser.name === 'source' ? sources : configs).push({ file, parser });
    }
    return { configs, sources };
  }

  /** Adds the untracked part of the listing: its config is read next. */
  addUntracked(part: DiscoveredFiles | null): { configs: Listed[]; sources: Listed[] } {
    if (!part) return { configs: [], sources: [] };
    for (const l of part.links) this.links.add(l);
    const more = this.take(part);
    if (part.files.length === 0) return more;
    this.listed = [...this.listed, ...part.files].sort();
    this.configs = [...this.configs, ...more.configs].sort(byFile);
    this.sources = [...this.sources, ...more.sources].sort(byFile);
    return more;
  }

  /** How many files read so far hold strong legacy evidence (for progress). */
  legacyFiles = 0;

  readConfig(configs: readonly Listed[], tick?: () => void): void {
    for (const { file, parser } of configs) {
      this.handle(file, parser, this.read(file));
      tick?.();
    }
  }

  readSources(tick?: () => void): void {
    for (const { file, parser } of this.sources) {
      this.handle(file, parser, this.read(file));
      tick?.();
    }
  }

  /** Reads only the config files ripgrep matched (the rest cannot hold a signal); false when ripgrep failed. */
  readConfigWithRipgrep(rg: string, configs: readonly Listed[]): boolean {
    const matched = ripgrepMatches(rg, this.root, configs.map((c) => c.file), []);
    if (!matched) return false;
    const before = this.bytes;
    for (const { file, parser } of configs) if (matched.files.has(file)) this.handle(file, parser, this.read(file));
    this.bytes = before + matched.bytes;
    return true;
  }

  /** Reads only the source files ripgrep matched; false when ripgrep failed (nothing was read). */
  readSourcesWithRipgrep(rg: string): boolean {
    const matched = ripgrepMatches(rg, this.root, this.sources.map((s) => s.file), this.names.list());
    if (!matched) return false;
    const before = this.bytes;
    for (const { file, parser } of this.sources) {
      if (matched.files.has(file)) this.handle(file, parser, this.read(file));
      else this.unreadSources.push(file);
    }
    this.bytes = before + matched.bytes;
    return true;
  }

  /** The pool's outcomes; a source file without one was clean (no literal, no name read): only its bytes count. */
  takePooled(pooled: Map<string, SourceOutcome>, cleanBytes: number): void {
    this.bytes += cleanBytes;
    for (const { file, parser } of this.sources) {
      const o = pooled.get(file);
      if (!o) {
        this.unreadSources.push(file);
        continue;
      }
      if (o.refs) {
        this.bytes += o.bytes;
        if (o.refs.length) this.unparsedRefs.push({ file, refs: o.refs });
      } else {
        this.handle(file, parser, o.kind === 'text' ? { kind: 'text', text: o.text!, bytes: o.bytes, encoding: 'utf8' }
          : o.kind === 'error' ? { kind: 'error', message: o.message! } : o.kind === 'skipped' ? { kind: 'skipped', reason: o.message!, bytes: o.bytes } : { kind: 'binary', bytes: o.bytes });
      }
    }
  }

  read(file: string): ReadOutcome {
    return readTextFile(join(this.root, file), this.maxFileSize, this.links.has(file));
  }

  private handle(file: string, parser: Parser, read: ReadOutcome): void {
    if (read.kind === 'error') {
      this.diagnostics.push({ file, line: null, message: read.message });
      return;
    }
    this.bytes += read.bytes;
    // an oversize file is read once more, in chunks, for the prefilter's literals: one that may hold legacy OAuth
    // was not checked, and validate must say so rather than pass
    if (read.kind === 'skipped' && read.reason.startsWith('larger than') && fileMayHoldLegacySignal(join(this.root, file))) {
      this.diagnostics.push({ file, line: null, message: `${read.reason}: not checked, and it may hold legacy OAuth settings (raise --max-file-size)` });
    } else if (read.kind === 'skipped') this.skipped.push({ file, reason: read.reason });
    if (read.kind === 'binary') this.skipped.push({ file, reason: 'binary (NUL bytes)' });
    if (read.kind !== 'text') return;
    if (parser.name === 'json' && isOwnOutput(read.text)) {
      this.skipped.push({ file, reason: 'ado2entra output (a saved plan or scan)' });
      return;
    }
    if (!mayHoldLegacySignal(read.text)) {
      if (parser.name === 'source') {
        const refs = this.names.find(read.text);
        if (refs.length) this.unparsedRefs.push({ file, refs });
        else this.unreadSources.push(file);
      }
      return;
    }
    let result;
    try {
      result = parser.parse(read.text, file);
    } catch (err) {
      this.diagnostics.push({ file, line: null, message: `could not parse as ${parser.name} (${(err as Error).name}); file skipped` });
      return;
    }
    if (result.settings.length > fileLimits.settings) {
      const beyond = result.settings[fileLimits.settings]!;
      result.settings = result.settings.slice(0, fileLimits.settings);
      result.diagnostics.push(capDiagnostic(beyond.line));
    }
    for (const d of result.diagnostics) this.diagnostics.push({ file, line: d.line, message: d.message });
    const origin = parser.name === 'source' ? 'code' : 'config';
    let signals = joinWithinFile(file, origin, result.settings, read.text, fileSignals(file, origin, result.settings, fileFacts(result.settings, read.text), read.text));
    if (signals.length > fileLimits.signals) {
      this.diagnostics.push({ file, line: signals[fileLimits.signals]!.setting.line, message: `more than ${fileLimits.signals.toLocaleString('en-US')} legacy findings: only those before this line were reported` });
      signals = signals.slice(0, fileLimits.signals);
    }
    const includes = result.references.map((r) => posix.normalize(posix.join(posix.dirname(file), r.target.replace(/\\/g, '/'))));
    this.parsed.push({ file, origin, signals, includes, text: read.text, valueRanges: result.settings.map((st) => st.range) });
    this.names.addFrom(signals);
    const legacy = signals.some((sg) => sg.strength === 'strong');
    if (legacy) this.legacyFiles++;
    this.files.push({ file, origin, format: parser.name, settings: result.settings, text: read.text, legacy });
  }

  finish(identify: boolean): ScanEvidence {
    // untracked config is read after tracked config: back to one order, config then code, each by path
    this.parsed.sort(configThenCode);
    this.files.sort(configThenCode);
    this.unparsedRefs.push(...siblingConstantReads(this.parsed, this.unreadSources, (file) => this.read(file)));
    const groups = assemble(this.parsed, this.unparsedRefs, projectFolders(this.listed));
    const settingsByFile = new Map(this.files.map((f) => [f.file, f.settings]));
    const { apps, findings, signalsByApp } = inventory(groups, (file) => settingsByFile.get(file) ?? [], repositoryPrefix(this.root));
    const result: ScanResult = {
      schemaVersion: 1,
      root: this.root.split('\\').join('/'),
      repository: identify ? repositoryOf(this.root) : null,
      apps,
      entraApps: entraAppsOf(this.files, new Set(apps.flatMap((a) => a.files))),
      findings,
      diagnostics: this.diagnostics,
      skipped: this.skipped,
      stats: { files: this.listed.length, bytes: this.bytes, ms: Math.round(performance.now() - this.started), candidates: this.parsed.length },
    };
    return { result, rootDir: this.root, signalsByApp, files: this.files };
  }
}

type Parsed = FileSignals & { text: string; valueRanges: [number, number][] };

function byFile(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function configThenCode(a: { file: string; origin: 'config' | 'code' }, b: { file: string; origin: 'config' | 'code' }): number {
  return Number(a.origin === 'code') - Number(b.origin === 'code') || byFile(a, b);
}

/** Groups signals into apps: within files by namespace, across files by configSource and by code reading a setting's name. */
function assemble(parsed: Parsed[], otherSources: { file: string; refs: KeyReference[] }[], projectOf: (file: string) => string): SignalGroup[] {
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
  // in config, a name counts as a read only inside a value (`${VSTS_CLIENT_ID}`): the same key in another file is a sibling app
  const inValue = (p: Parsed) => {
    const inside = p.origin === 'code' ? null : containedIn(p.valueRanges);
    return (ref: KeyReference) => !inside || inside(ref.start, ref.end);
  };
  const searchIn: { file: string; origin: 'config' | 'code'; refs: () => KeyReference[] }[] = [
    ...parsed.map((p) => ({ file: p.file, origin: p.origin, refs: () => findReferences(p.text, names).filter(inValue(p)) })),
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

function inventory(groups: SignalGroup[], settingsOf: (file: string) => readonly Setting[], prefix: string): { apps: App[]; findings: Finding[]; signalsByApp: Map<string, Signal[]> } {
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
    for (const s of g.signals) {
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
function ownsNames(s: Signal): boolean {
  return !!s.role || (s.origin === 'config' && s.kind !== 'other') || protocolConstant(s);
}

/**
 * A named constant holding protocol evidence (`GRANT_JWT_BEARER = "urn:…:jwt-bearer"`): code building a request from
 * it in another file (`request.put(Fields.FIELD_ASSERTION, code)`) is a site of the same app. OAuth form field
 * names (`grant_type`) are dict keys, not constants.
 */
function protocolConstant(s: Signal): boolean {
  return s.origin === 'code' && (s.strength !== 'weak' || !!s.role) && !s.reference && /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(s.setting.key ?? '');
}

/**
 * Protocol constants defined in code (`GRANT_JWT_BEARER`) become known only when their file is parsed; a source file
 * of the same folder (one package) read before that is read once more for them. Other folders are left alone.
 */
function siblingConstantReads(parsed: readonly Parsed[], unread: readonly string[], readFile: (file: string) => ReadOutcome): { file: string; refs: KeyReference[] }[] {
  const byDir = new Map<string, string[]>();
  for (const p of parsed) {
    const constants = p.signals.filter(protocolConstant).flatMap((s) => referenceNames(s.setting));
    if (constants.length) byDir.set(posix.dirname(p.file), [...(byDir.get(posix.dirname(p.file)) ?? []), ...constants]);
  }
  const out: { file: string; refs: KeyReference[] }[] = [];
  for (const file of unread) {
    const constants = byDir.get(posix.dirname(file));
    if (!constants) continue;
    const read = readFile(file);
    if (read.kind !== 'text') continue;
    const refs = referenceMatcher(constants)(read.text);
    if (refs.length) out.push({ file, refs });
  }
  return out;
}

/** The names defined so far, with one compiled matcher reused until a new name arrives. */
class ReferenceNames {
  private readonly names = new Set<string>();
  private matcher: ((text: string) => KeyReference[]) | null = null;

  addFrom(signals: readonly Signal[]): void {
    for (const s of signals) {
      if (!ownsNames(s)) continue;
      for (const name of referenceNames(s.setting)) {
        if (this.names.has(name.toLowerCase())) continue;
        this.names.add(name.toLowerCase());
        this.matcher = null;
      }
    }
  }

  list(): string[] {
    return [...this.names];
  }

  find(text: string): KeyReference[] {
    if (this.names.size === 0) return [];
    this.matcher ??= referenceMatcher([...this.names]);
    return this.matcher(text);
  }
}

