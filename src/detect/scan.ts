// The scan: every legacy OAuth setting and code site under one or many roots, grouped into apps. Reads, never writes.
// This module orders the work across roots (config, then untracked config, then code through ripgrep or the pool).
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ScanResult } from '../model/scan.js';
import type { FormatName, Setting } from '../parsers/types.js';
import type { DiscoveredFiles } from './discover.js';
import { onceForGitFolders, onceForGitFoldersAsync } from './git.js';
import { parallelMinFiles, readSourcesInParallel, type SourceOutcome } from './read-pool.js';
import { repositoryOfAsync } from './repository.js';
import { ripgrepBinary, ripgrepMatches, ripgrepMatchesAsync } from './ripgrep.js';
import { listTarget, listTargetAsync, RootScan, type Listed, type Listing } from './root-scan.js';
import type { Signal } from './signal.js';

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
  /** Called as each step of the scan ends, in order (all roots together): where the time goes (`--verbose`). */
  onPhase?: (phase: ScanPhase) => void;
}

/** One step of a scan: listing the files, reading the config, the untracked files' config, the source files, grouping. */
export interface ScanPhase {
  name: 'listing' | 'config' | 'untracked' | 'sources' | 'grouping';
  ms: number;
  /** Files the step took in (listed, config files, untracked files, source files; grouping: the apps found). */
  count: number;
  /** ripgrep picked the files to read (config, untracked, sources), else every file was read here. */
  ripgrep?: boolean;
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
  return onceForGitFolders(() => scanManyNow(targets, options));
}

function scanManyNow(targets: readonly string[], options: ScanOptions): ScanEvidence[] {
  const laps = new Laps(options.onPhase);
  const run = new ScanRun(checked(targets).map(listTarget), options);
  laps.end('listing', run.listed());
  const tracked = run.roots.map((r) => run.readConfig(r, r.configs));
  laps.end('config', run.configCount(), tracked.some(Boolean));
  const parts = run.roots.map((r) => r.discovery.rest());
  const untracked = run.roots.map((r, i) => run.readConfig(r, run.addUntracked(r, parts[i]!)));
  laps.end('untracked', untrackedCount(parts), untracked.some(Boolean));
  const rest = run.roots.filter((r) => !run.readSourcesWithRipgrep(r));
  return run.finish(rest, options.identify ?? false, laps);
}

/**
 * `scanManyWithEvidence` for callers that can wait (the CLI): git lists the untracked files while the tracked config
 * is read, instead of before, and ripgrep runs as two processes at once while this thread is free. Same result.
 */
export async function scanManyWithEvidenceAsync(targets: readonly string[], options: ScanOptions = {}): Promise<ScanEvidence[]> {
  return onceForGitFoldersAsync(() => scanManyNowAsync(targets, options));
}

async function scanManyNowAsync(targets: readonly string[], options: ScanOptions): Promise<ScanEvidence[]> {
  const laps = new Laps(options.onPhase);
  const run = new ScanRun(await Promise.all(checked(targets).map(listTargetAsync)), options);
  laps.end('listing', run.listed());
  // the repository's identity (three git calls) is looked up meanwhile too
  const identities = options.identify ? Promise.all(run.roots.map((r) => repositoryOfAsync(r.root))) : null;
  let ripgrep = false;
  for (const r of run.roots) ripgrep = (await run.readConfigAsync(r, r.configs)) || ripgrep;
  laps.end('config', run.configCount(), ripgrep);
  const parts = await Promise.all(run.roots.map((r) => r.discovery.restAsync()));
  ripgrep = false;
  for (const [i, r] of run.roots.entries()) ripgrep = (await run.readConfigAsync(r, run.addUntracked(r, parts[i]!))) || ripgrep;
  laps.end('untracked', untrackedCount(parts), ripgrep);
  const rest: RootScan[] = [];
  for (const r of run.roots) if (!(await run.readSourcesWithRipgrepAsync(r))) rest.push(r);
  const evidence = run.finish(rest, false, laps);
  if (identities) (await identities).forEach((repository, i) => (evidence[i]!.result.repository = repository));
  return evidence;
}

/** Times the steps of a scan for `onPhase`, each from the end of the one before. */
class Laps {
  private last = performance.now();
  constructor(private readonly onPhase?: (phase: ScanPhase) => void) {}

  end(name: ScanPhase['name'], count: number, ripgrep?: boolean): void {
    if (!this.onPhase) return;
    const now = performance.now();
    this.onPhase({ name, ms: Math.round(now - this.last), count, ...(ripgrep === undefined ? {} : { ripgrep }) });
    this.last = now;
  }
}

function untrackedCount(parts: readonly (DiscoveredFiles | null)[]): number {
  return parts.reduce((n, p) => n + (p?.files.length ?? 0), 0);
}

function checked(targets: readonly string[]): readonly string[] {
  for (const target of targets) if (!existsSync(target)) throw new ScanTargetError(`path does not exist: ${target}`);
  return targets;
}

/**
 * One scan of many roots, in its order: config first (the setting names it defines are searched for in each source
 * file while its text is in hand, so no file is read twice), tracked before untracked, then the source files.
 */
class ScanRun {
  readonly roots: RootScan[];
  private readonly maxFileSize: number;
  private readonly many: number;
  /** The ripgrep binary once asked for (null: not installed, or turned off). */
  private binary: string | null | undefined;
  private total: number;
  private read = 0;
  private readonly tick?: (files?: number) => void;

  constructor(listings: readonly Listing[], private readonly options: ScanOptions) {
    this.maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
    this.roots = listings.map((listing) => new RootScan(listing, this.maxFileSize));
    this.total = this.roots.reduce((n, r) => n + r.configs.length + r.sources.length, 0);
    this.tick = options.onProgress && ((files = 1) => options.onProgress!((this.read += files), this.total, this.legacy()));
    this.many = options.parallelMin ?? parallelMinFiles;
  }

  /**
   * ripgrep when installed and worth a process (the files listed so far reach the threshold: untracked ones can tip
   * it after the tracked config was read in-process); the in-process pool for the rest, with the same findings.
   */
  private ripgrep(): string | null {
    if (this.total < this.many || this.options.ripgrep === false) return null;
    if (this.binary === undefined) this.binary = ripgrepBinary();
    return this.binary;
  }

  private legacy(): number {
    return this.roots.reduce((n, r) => n + r.legacyFiles, 0);
  }

  /** ripgrep for these config files: a tenth of the threshold, as fewer config files are read here faster than a process starts. */
  private configRipgrep(configs: readonly Listed[]): string | null {
    const rg = this.ripgrep();
    return rg && configs.length >= this.many / 10 ? rg : null;
  }

  /** Reads these config files of a root; true when ripgrep picked the ones to read. */
  readConfig(r: RootScan, configs: readonly Listed[]): boolean {
    const rg = this.configRipgrep(configs);
    if (rg && r.readMatchedConfig(configs, ripgrepMatches(rg, r.root, configs.map((c) => c.file), [], r.readHere))) return this.tick?.(configs.length), true;
    r.readConfig(configs, this.tick);
    return false;
  }

  async readConfigAsync(r: RootScan, configs: readonly Listed[]): Promise<boolean> {
    const rg = this.configRipgrep(configs);
    if (rg && r.readMatchedConfig(configs, await ripgrepMatchesAsync(rg, r.root, configs.map((c) => c.file), [], r.readHere))) return this.tick?.(configs.length), true;
    r.readConfig(configs, this.tick);
    return false;
  }

  /** Files listed, all roots. */
  listed(): number {
    return this.roots.reduce((n, r) => n + r.listed.length, 0);
  }

  /** Config files listed so far, all roots. */
  configCount(): number {
    return this.roots.reduce((n, r) => n + r.configs.length, 0);
  }

  /** A root's untracked files join its listing: their config is to be read now. */
  addUntracked(r: RootScan, part: DiscoveredFiles | null): Listed[] {
    const untracked = r.addUntracked(part);
    this.total += untracked.configs.length + untracked.sources.length;
    return untracked.configs;
  }

  /** Reads a root's source files through ripgrep when it runs; false: the in-process path is to read them. */
  readSourcesWithRipgrep(r: RootScan): boolean {
    const rg = this.ripgrep();
    return !!rg && this.ticked(r, r.readMatchedSources(ripgrepMatches(rg, r.root, r.sources.map((s) => s.file), r.names.list(), r.readHere)));
  }

  async readSourcesWithRipgrepAsync(r: RootScan): Promise<boolean> {
    const rg = this.ripgrep();
    return !!rg && this.ticked(r, r.readMatchedSources(await ripgrepMatchesAsync(rg, r.root, r.sources.map((s) => s.file), r.names.list(), r.readHere)));
  }

  private ticked(r: RootScan, done: boolean): boolean {
    if (done) this.tick?.(r.sources.length);
    return done;
  }

  /** Reads the source files of `rest` (roots ripgrep did not read) here, then assembles each root's result. */
  finish(rest: readonly RootScan[], identify: boolean, laps: Laps): ScanEvidence[] {
    this.readInProcess(rest);
    laps.end('sources', this.roots.reduce((n, r) => n + r.sources.length, 0), rest.length < this.roots.length);
    const evidence = this.roots.map((r) => r.finish(identify));
    laps.end('grouping', evidence.reduce((n, e) => n + e.result.apps.length, 0));
    return evidence;
  }

  /** The in-process path: the reader pool for many files, this thread for a few. */
  private readInProcess(rest: readonly RootScan[]): void {
    const { many, tick, options } = this;
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
  }
}
