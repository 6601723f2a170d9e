import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultMaxFileSize, scanManyWithEvidenceAsync, ScanTargetError, type ScanEvidence, type ScanPhase } from '../detect/scan.js';
import { readRepoText } from '../detect/read.js';
import type { ScanResult } from '../model/scan.js';
import { renderScanText } from '../report/scan-text.js';
import { colorsFor, emit, exitCodes, formatOf, progress, UsageError, type CommonOptions } from './common.js';

export interface ScanOptions extends CommonOptions {
  maxFileSize?: string;
}

/** Parses --max-file-size: bytes, or with a k/m suffix (KiB/MiB). */
export function parseSize(text: string | undefined): number {
  if (text === undefined) return defaultMaxFileSize;
  const m = /^(\d+)\s*([kKmM]i?[bB]?)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--max-file-size must be a number of bytes, or like 512k or 4m; got "${text}"`);
  const unit = (m[2] ?? '').toLowerCase()[0];
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
}

/** Scans PATH (resolved from --cwd); `root` in the result is the folder as the user wrote it. */
export async function scanTargetWithEvidence(path: string, opts: ScanOptions, identify = false): Promise<ScanEvidence> {
  return (await scanTargetsWithEvidence([path], opts, identify))[0]!;
}

/** Scans many PATHs with one worker pool; identify (JSON output only: it costs git calls): name each git repository, commit and branch. */
export async function scanTargetsWithEvidence(paths: readonly string[], opts: ScanOptions, identify = false): Promise<ScanEvidence[]> {
  const targets = paths.map((p) => resolve(opts.cwd ?? '.', p));
  try {
    const line = progressLine(opts);
    const onPhase = opts.verbose ? (p: ScanPhase) => progress(opts, phaseLine(p)) : undefined;
    const all = await scanManyWithEvidenceAsync(targets, { maxFileSize: parseSize(opts.maxFileSize), identify, onProgress: line?.update, onPhase });
    line?.done();
    return all.map((evidence, i) => {
      const shown = evidence.rootDir === targets[i] ? paths[i]! : dirname(paths[i]!);
      return { ...evidence, result: { ...evidence.result, root: shown.split('\\').join('/') } };
    });
  } catch (err) {
    if (err instanceof ScanTargetError) {
      const i = targets.findIndex((t) => err.message.endsWith(t));
      throw new UsageError(i >= 0 ? err.message.replace(targets[i]!, paths[i]!) : err.message);
    }
    throw err;
  }
}

/** `--verbose`: where a scan's time went, one line per step (`scan: sources 48 ms, 3,929 files through ripgrep`). */
export function phaseLine({ name, ms, count, ripgrep }: ScanPhase): string {
  const what = counted(count, name === 'grouping' ? 'app' : 'file');
  const how = ripgrep === undefined || name === 'untracked' || count === 0 ? '' : ripgrep ? ' through ripgrep' : ' read here';
  return `scan: ${name} ${ms} ms, ${what}${how}`;
}

function counted(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A sign of life for long scans, only where a person watches (stderr a terminal, no --quiet): one line rewritten in
 * place at most every 100 ms, erased when the scan ends. Pipes and CI logs get nothing.
 */
function progressLine(opts: ScanOptions): { update: (read: number, total: number, legacy: number) => void; done: () => void } | null {
  if (!process.stderr.isTTY || opts.quiet) return null;
  let last = 0;
  let shown = false;
  return {
    update: (read, total, legacy) => {
      const now = Date.now();
      if (now - last < 100 && read < total) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[2Kscanning: ${read}/${total} files read, ${legacy} with legacy Azure DevOps OAuth`);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

/** The `.ado2entraignore` at a scanned root, if any. */
export async function ignoreFileAt(rootDir: string) {
  const text = readRepoText(join(rootDir, '.ado2entraignore'));
  if (text === null) return null;
  const { parseIgnoreFile } = await import('../rules/suppress.js');
  return parseIgnoreFile(text);
}

/** The scan result with each Entra app's status: `broken` when validate's rules find an error in its files. */
async function withEntraStatus(evidence: ScanEvidence, status: Promise<typeof import('../rules/entra-status.js')>): Promise<ScanResult> {
  if (evidence.result.entraApps.length === 0) return evidence.result;
  const ignoreFile = await ignoreFileAt(evidence.rootDir);
  const { entraStatusOf } = await status;
  const entraApps = entraStatusOf(evidence, ignoreFile)
    ?? (await import('../rules/run.js')).validate(evidence, { failOn: 'error', ignore: [], ignoreFile, baseline: null }).entraApps;
  return { ...evidence.result, entraApps };
}

export async function runScan(paths: string[], opts: ScanOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], 'text');
  const results: ScanResult[] = [];
  // the rules loaded while git and ripgrep run (the scan waits on them), not after it: an Entra app needs them, and
  // the few ms otherwise fall on a thread that only waits
  const status = import('../rules/entra-status.js');
  status.catch(() => undefined);
  const scanned = await scanTargetsWithEvidence(paths.length ? paths : ['.'], opts, format === 'json');
  const started = performance.now();
  for (const evidence of scanned) results.push(await withEntraStatus(evidence, status));
  if (opts.verbose) progress(opts, `scan: entra status ${Math.round(performance.now() - started)} ms, ${counted(results.reduce((n, r) => n + r.entraApps.length, 0), 'Entra app')}`);
  for (const result of results) {
    const where = results.length > 1 ? `${result.root}: ` : '';
    if (format === 'json') for (const d of result.diagnostics) progress(opts, `warning: ${where}${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`);
  }
  let text: string;
  if (format === 'json') text = JSON.stringify(results.length === 1 ? results[0] : { schemaVersion: 1, scans: results }, null, 2);
  else text = results.map((r) => renderScanText(r, colorsFor(opts))).join('\n\n');
  await emit(text, opts);
  return exitCodes.ok;
}
