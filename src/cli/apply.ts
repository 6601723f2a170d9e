import { stderrSafe } from '../report/escape.js';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readRepoText } from '../detect/read.js';
import type { Plan } from '../model/plan.js';
import { renderApplyText } from '../report/apply-text.js';
import { colorsFor, emit, exitCodes, formatOf, progress, schemaIssues, syntaxErrorWhere, UsageError, type CommonOptions } from './common.js';

export interface ApplyOptions extends CommonOptions {
  allowDirty?: boolean;
  root?: string;
}

/** Reads and validates a saved plan; anything wrong with it is an input error (exit 2). */
export async function loadPlan(path: string): Promise<{ plan: Plan; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new UsageError(`cannot read plan file ${path}`);
  }
  let data: unknown;
  const text = bytes.toString('utf8');
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`plan file ${path} is not JSON (${syntaxErrorWhere(err, text)}); make one with: ado2entra plan PATH --out plan.json`);
  }
  const { Plan } = await import('../model/plan.js');
  const parsed = Plan.safeParse(data);
  if (!parsed.success) {
    const issues = schemaIssues(parsed.error.issues);
    throw new UsageError(`plan file ${path} is not a valid ado2entra plan (schemaVersion 1):\n${issues.join('\n')}`);
  }
  const { sha256 } = await import('../plan/hash.js');
  return { plan: parsed.data, sha256: sha256(bytes) };
}

export async function runApply(planPath: string, opts: ApplyOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], 'text');
  const cwd = opts.cwd ?? '.';
  const { plan, sha256 } = await loadPlan(resolve(cwd, planPath));
  const rootDir = resolve(cwd, opts.root ?? '.');
  if (!existsSync(rootDir) || !statSync(rootDir).isDirectory()) throw new UsageError(`--root ${opts.root} is not a folder`);
  // The plan's root only names the folder it was made for: apply writes where it runs, and refuses a plan made elsewhere.
  const planRoot = resolve(cwd, plan.root);
  if (realOrSelf(planRoot) !== realpathSync(rootDir)) {
    throw new UsageError(`the plan was made for ${JSON.stringify(planRoot)} but apply runs in ${JSON.stringify(realpathSync(rootDir))}: run apply from the folder where you ran plan (or pass --root); a plan never chooses where apply writes`);
  }
  if (plan.edits.length > 0 && plan.edits.every((e) => !existsSync(join(rootDir, ...e.file.split('/').filter((p) => p !== '..'))))) {
    throw new UsageError(`none of the plan's files exist under ${JSON.stringify(rootDir)}: run apply from the folder where you ran plan (or pass --root)`);
  }
  const { applyPlanInterruptible, DuplicateEdit, Interrupted } = await import('../plan/apply.js');
  const { Refusal } = await import('../plan/safety.js');
  try {
    const result = await applyPlanInterruptible(plan, rootDir, { allowDirty: opts.allowDirty, planSha256: sha256, onWrite: (file) => { if (opts.verbose) progress(opts, `updated ${file}`); } });
    const gitignore = join(rootDir, '.gitignore');
    const ignored = /^\/?\.ado2entra\/?$/m.test(readRepoText(gitignore) ?? '');
    const text = format === 'json' ? JSON.stringify(result, null, 2) : renderApplyText(result, relative(process.cwd(), rootDir) || '.', ignored, colorsFor(opts));
    await emit(text, opts);
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof DuplicateEdit) throw new UsageError(`plan file ${planPath} is not a valid ado2entra plan: ${err.message}`);
    if (err instanceof Interrupted) {
      process.stderr.write(`ado2entra: ${stderrSafe(err.message)}\n`);
      return exitCodes.findings;
    }
    if (err instanceof Refusal) {
      process.stderr.write(`ado2entra: apply refused, nothing was written:\n${stderrSafe(err.message).split('\n').map((l) => `  ${l}`).join('\n')}\n`);
      return exitCodes.findings;
    }
    throw err;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
