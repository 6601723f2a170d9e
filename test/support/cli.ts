import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/index.js';
import { repoRoot } from './golden.js';

export interface CliRun { status: number; stdout: string; stderr: string }
type Env = Record<string, string | undefined>;

/** Variables that switch the CLI's behaviour: every run starts without them unless the test sets them. */
const ambient: Env = { GITHUB_ACTIONS: undefined, TF_BUILD: undefined, GITHUB_STEP_SUMMARY: undefined, NO_COLOR: '1' };

let busy = false;

/**
 * The CLI in this process: same parsing, commands and exit codes as the bin, without a Node start-up per call.
 * For tests about what a command prints or writes; tests about the process itself (signals, stdin, a terminal,
 * the import graph) use spawnCli.
 */
export async function cli(args: string[], opts: { cwd?: string; env?: Env } = {}): Promise<CliRun> {
  if (busy) throw new Error('cli(): one in-process run at a time');
  busy = true;
  const env = { ...ambient, ...opts.env };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const cwd = process.cwd();
  const out: string[] = [];
  const err: string[] = [];
  const { write: stdoutWrite } = process.stdout;
  const { write: stderrWrite } = process.stderr;
  const capture = (into: string[]) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    for (const [k, v] of Object.entries(env)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    if (opts.cwd) process.chdir(opts.cwd);
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    const status = await main(['node', 'ado2entra', ...args]);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.chdir(cwd);
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    busy = false;
  }
}

export const cliBin = join(repoRoot, 'dist', 'cli', 'index.js');

/** The built bin in a child process, with a timeout sized for a loaded shared machine. */
export function spawnCli(args: string[], opts: { cwd?: string; env?: Env; input?: string; nodeArgs?: string[]; timeout?: number } = {}): CliRun {
  const env = { ...process.env, ...ambient, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), cliBin, ...args], {
    cwd: opts.cwd ?? repoRoot, encoding: 'utf8', env: env as NodeJS.ProcessEnv, input: opts.input, timeout: opts.timeout ?? 120_000, maxBuffer: 1 << 26,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
