import { createColors } from 'picocolors';
import { ciSafeText, stderrSafe } from '../report/escape.js';

/** Options every command takes (SPEC §1). */
export interface CommonOptions {
  json?: boolean;
  format?: string;
  out?: string;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  cwd?: string;
}

/** A problem with how the command was called or with its input files: exit 2. */
export class UsageError extends Error {}

export const exitCodes = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export type Colors = ReturnType<typeof createColors>;

/** Colour when stdout is a terminal, unless NO_COLOR; FORCE_COLOR or --color force it on, --no-color off. */
export function colorsFor(opts: CommonOptions, stream: NodeJS.WriteStream = process.stdout): Colors {
  let enabled = Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') enabled = true;
  if (opts.color === true && process.argv.includes('--color')) enabled = true;
  if (opts.color === false) enabled = false;
  return createColors(enabled);
}

/** The output format: --json wins, then --format, then the command's default. */
export function formatOf(opts: CommonOptions, allowed: readonly string[], fallback: string): string {
  if (opts.json && opts.format !== undefined && opts.format !== 'json') throw new UsageError(`--json and --format ${opts.format} conflict: pass one of them`);
  if (opts.quiet && opts.verbose) throw new UsageError('--quiet and --verbose conflict: pass one of them');
  const format = opts.json ? 'json' : (opts.format ?? fallback);
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}; got "${format}"`);
  return format;
}

/**
 * Sends data to stdout, or to --out FILE (written atomically; `-` means stdout). Every line is made CI-safe (no
 * `::cmd` or `##vso[` from a repository string) unless it is the github/azure-pipelines format, whose renderer
 * escapes the data of its own commands.
 */
export async function emit(text: string, opts: CommonOptions, sink: { ciCommands?: boolean } = {}): Promise<void> {
  const json = /^\s*[{[]/.test(text);
  const safe = sink.ciCommands ? text : ciSafeText(text, json);
  const body = safe.endsWith('\n') ? safe : `${safe}\n`;
  if (!opts.out || opts.out === '-') {
    process.stdout.write(body);
    return;
  }
  const { writeFileAtomic } = await import('../plan/write.js');
  const { resolve } = await import('node:path');
  writeFileAtomic(resolve(opts.cwd ?? '.', opts.out), body);
  if (!opts.quiet) process.stderr.write(`wrote ${opts.out}\n`);
}

/** Progress and diagnostics go to stderr, never stdout; --quiet silences them. */
export function progress(opts: CommonOptions, message: string): void {
  if (!opts.quiet) process.stderr.write(`${stderrSafe(message)}\n`);
}

/**
 * Where an input file (a plan, a baseline, answers) fails to parse, by position only: JSON.parse and YAML messages
 * quote the file's first characters, and a file passed by mistake may be a secret.
 */
export function syntaxErrorWhere(err: unknown, text: string): string {
  const e = err as { linePos?: { line: number; col: number }[]; message?: string };
  if (e.linePos?.[0]) return `syntax error at line ${e.linePos[0].line}, column ${e.linePos[0].col}`;
  const position = /at position (\d+)/.exec(String(e.message ?? ''));
  if (!position) return /end of (JSON )?input/i.test(String(e.message ?? '')) ? 'the file ends too early' : 'syntax error';
  const before = text.slice(0, Number(position[1])).split(/\r\n|\n|\r/);
  return `syntax error at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** A schema problem by path and kind only: key names and values from the file are not echoed. */
export function schemaIssues(issues: readonly { path: PropertyKey[]; code: string; message: string }[]): string[] {
  const safePath = (path: PropertyKey[]) => path.map((p) => (typeof p === 'number' || /^[a-z][A-Za-z0-9]{0,30}$/.test(String(p)) ? String(p) : '…')).join('.') || '(root)';
  return issues.slice(0, 5).map((i) => `  ${safePath(i.path)}: ${i.code === 'unrecognized_keys' ? 'unexpected key' : i.message.replace(/"[^"]*"/g, '…')}`);
}
