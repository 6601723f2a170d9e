// One scanned root: its listing, the files read (config first, then code) and what they hold, until `finish` groups
// the signals into apps. The order of work across roots is scan.ts's.
import { statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../model/finding.js';
import type { ScanResult, SkippedFile } from '../model/scan.js';
import { parserFor } from '../parsers/registry.js';
import { capDiagnostic, fileLimits, type Parser } from '../parsers/types.js';
import { repositoryPrefix } from './apps.js';
import { assemble, inventory, ownsNames, protocolConstant, type Parsed } from './assemble.js';
import { mergeSorted, startDiscovery, startDiscoveryAsync, type DiscoveredFiles, type Discovery } from './discover.js';
import { entraAppsOf } from './entra-apps.js';
import { joinWithinFile } from './joins/index.js';
import { projectFolders } from './name-joins.js';
import { fileMayHoldLegacySignal, isOwnOutput, mayHoldLegacySignal } from './prefilter.js';
import { readTextFile, type ReadOutcome } from './read.js';
import type { SourceOutcome } from './read-pool.js';
import { isProse, referenceMatcher, referenceNames, type KeyReference } from './references.js';
import { repositoryOf } from './repository.js';
import type { RipgrepMatch } from './ripgrep.js';
import type { ParsedFile, ScanEvidence } from './scan.js';
import type { Signal } from './signal.js';
import { fileFacts, fileSignals } from './signals.js';
/** A scan target's folder and how its files are listed (started: when the scan of it began). */
export interface Listing {
  root: string;
  discovery: Discovery;
  started: number;
}

/** The listing of a scan target, a folder or a file. */
export function listTarget(target: string): Listing {
  const started = performance.now();
  return singleFile(target, started) ?? { root: target, discovery: startDiscovery(target), started };
}

/** `listTarget` with git running off this thread, and listing the untracked files meanwhile (`restAsync`). */
export async function listTargetAsync(target: string): Promise<Listing> {
  const started = performance.now();
  return singleFile(target, started) ?? { root: target, discovery: await startDiscoveryAsync(target), started };
}

/** A file named on the command line is the user's choice, symlink or not: its folder is the root, and it the only file. */
function singleFile(target: string, started: number): Listing | null {
  if (!statSync(target).isFile()) return null;
  const file = basename(target);
  return { root: dirname(target), started, discovery: { first: { files: [file], method: 'walk', links: new Set([file]), special: new Set(), skipped: [], unchecked: [] }, rest: () => null, restAsync: async () => null } };
}

/** A listed file with the parser for its format. */
export type Listed = { file: string; parser: Parser };

/** One root's files as they are read: diagnostics, skips, parsed candidates and the setting names code reads. */
export class RootScan {
  readonly started: number;
  readonly root: string;
  listed: string[];
  sources: Listed[];
  configs: Listed[];
  readonly names = new ReferenceNames();
  /** The symlinks discovery checked (each to a file inside the root): every other path is read without following one. */
  readonly links: Set<string>;
  /** Listed files the work tree holds as a link, FIFO or device where the listing has a file: never handed to ripgrep. */
  readonly special: Set<string>;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly skipped: SkippedFile[];
  private readonly parsed: Parsed[] = [];
  private readonly files: ParsedFile[] = [];
  private readonly unparsedRefs: { file: string; refs: KeyReference[] }[] = [];
  private bytes = 0;
  /** Source files read before a name they use was known (no legacy literal, no read of a known setting). */
  private readonly unreadSources: string[] = [];
  readonly discovery: Discovery;

  constructor(listing: Listing, private readonly maxFileSize: number) {
    this.started = listing.started;
    this.root = listing.root;
    this.discovery = listing.discovery;
    this.listed = this.discovery.first.files;
    this.links = this.discovery.first.links;
    this.special = this.discovery.first.special;
    this.skipped = [];
    const { configs, sources } = this.take(this.discovery.first);
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
    for (const s of part.special) this.special.add(s);
    const more = this.take(part);
    if (part.files.length === 0) return more;
    // merged in one pass: re-sorting 80,000 names for one untracked file cost 40 ms
    this.listed = mergeSorted(this.listed, part.files, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.configs = mergeSorted(this.configs, more.configs, byFile);
    this.sources = mergeSorted(this.sources, more.sources, byFile);
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
  readMatchedConfig(configs: readonly Listed[], matched: RipgrepMatch | null): boolean {
    if (!matched) return false;
    const before = this.bytes;
    for (const { file, parser } of configs) if (matched.files.has(file)) this.handle(file, parser, this.read(file));
    this.bytes = before + matched.bytes;
    return true;
  }

  /** Reads only the source files ripgrep matched; false when ripgrep failed (nothing was read). */
  readMatchedSources(matched: RipgrepMatch | null): boolean {
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

  /** A file ripgrep must not open: a link (ripgrep would follow it whatever it is now) or no regular file. */
  readonly readHere = (file: string): boolean => this.links.has(file) || this.special.has(file);

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
    const proseRanges = origin === 'code' ? result.settings.filter(isProse).map((st) => st.range) : [];
    this.parsed.push({ file, origin, signals, includes, text: read.text, valueRanges: result.settings.map((st) => st.range), proseRanges });
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


function byFile(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function configThenCode(a: { file: string; origin: 'config' | 'code' }, b: { file: string; origin: 'config' | 'code' }): number {
  return Number(a.origin === 'code') - Number(b.origin === 'code') || byFile(a, b);
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
  // most trees define no such constant: then the unread files (most of the tree's code) are not even looked at
  if (byDir.size === 0) return out;
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
