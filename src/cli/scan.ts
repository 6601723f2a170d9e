import { dirname, resolve } from 'node:path';
import { defaultMaxFileSize, scanWithEvidence, ScanTargetError, type ScanEvidence } from '../detect/scan.js';
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

/** Runs the scan for a command; shared by scan and plan. Diagnostics go to stderr. */
export function scanTarget(path: string, opts: ScanOptions): ScanResult {
  return scanTargetWithEvidence(path, opts).result;
}

/** Scans PATH (resolved from --cwd); `root` in the result is the folder as the user wrote it. */
export function scanTargetWithEvidence(path: string, opts: ScanOptions): ScanEvidence {
  const target = resolve(opts.cwd ?? '.', path);
  try {
    const line = progressLine(opts);
    const evidence = scanWithEvidence(target, { maxFileSize: parseSize(opts.maxFileSize), onProgress: line?.update });
    line?.done();
    const shown = evidence.rootDir === target ? path : dirname(path);
    return { ...evidence, result: { ...evidence.result, root: shown.split('\\').join('/') } };
  } catch (err) {
    if (err instanceof ScanTargetError) throw new UsageError(`${err.message.replace(target, path)}`);
    throw err;
  }
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

export async function runScan(paths: string[], opts: ScanOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], 'text');
  if (paths.length > 1) throw new UsageError('scan takes one PATH (a folder or a file); run it once per path');
  const result = scanTarget(paths[0] ?? '.', opts);
  if (format === 'json') {
    for (const d of result.diagnostics) progress(opts, `warning: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`);
  }
  await emit(format === 'json' ? JSON.stringify(result, null, 2) : renderScanText(result, colorsFor(opts)), opts);
  return exitCodes.ok;
}
