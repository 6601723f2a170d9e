// What a run of the bin loaded, seen through test/support/trace-imports.mjs. The bin is an esbuild bundle: most
// modules arrive inside its chunks, so the chunks a run imports are read for the modules esbuild put in them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { repoRoot } from './golden.js';

export const bin = join(repoRoot, 'dist', 'cli', 'index.js');

export interface Loaded {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Files the run imported (chunks of the bundle, and external packages' files). */
  files: string[];
  /** Every module the run loaded, as a repository-relative path (`node_modules/msw/lib/...`, `src/cli/...`). */
  modules: string[];
  /** The text of the bundle's chunks the run imported. */
  chunkText: string;
}

// esbuild (not minified) names each bundled module in a comment line above its code.
const moduleComment = /^\/\/ ((?:node_modules|src)\/\S+)$/gm;

/** Runs the bin under the import tracer. */
export function runTraced(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string } = {}): Loaded {
  const entry = opts.bin ?? bin;
  const r = spawnSync(process.execPath, ['--import', join(repoRoot, 'test', 'support', 'trace-imports.mjs'), entry, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: 'utf8', timeout: 60_000 });
  const files = [...new Set(r.stderr.split('\n').filter((l) => l.startsWith('[import] file:')).map((l) => fileURLToPath(l.slice('[import] '.length))))];
  const chunkDir = join(entry, '..');
  const chunks = files.filter((f) => join(f, '..') === chunkDir);
  const chunkText = chunks.map((f) => readFileSync(f, 'utf8')).join('\n');
  const modules = [...new Set([
    ...[...chunkText.matchAll(moduleComment)].map((m) => m[1]!),
    ...files.filter((f) => !chunks.includes(f)).map((f) => (f.includes('node_modules/') ? f.slice(f.lastIndexOf('node_modules/')) : f)),
  ])];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, files, modules, chunkText };
}
