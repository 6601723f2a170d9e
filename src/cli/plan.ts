import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputProblems } from '../mapper/entra.js';
import type { PlanInputs } from '../model/plan.js';
import { renderPlanText } from '../report/plan-text.js';
import { colorsFor, emit, exitCodes, formatOf, progress, schemaIssues, syntaxErrorWhere, UsageError } from './common.js';
import { scanTargetWithEvidence, type ScanOptions } from './scan.js';

export interface PlanOptions extends ScanOptions {
  tenant?: string;
  clientId?: string;
  scopeStyle?: string;
  credential?: string;
  secretRef?: string;
  keepLegacy?: boolean;
  refresh?: boolean;
  msaUsers?: boolean;
  app?: string[];
  answers?: string;
  detailedExitcode?: boolean;
}

/** The inputs given as flags, under their answers-file keys (nothing for a flag not given). */
export function flagInputs(opts: PlanOptions): Partial<PlanInputs> {
  return {
    ...(opts.tenant !== undefined ? { tenant: opts.tenant } : {}),
    ...(opts.clientId !== undefined ? { clientId: opts.clientId } : {}),
    ...(opts.scopeStyle !== undefined ? { scopeStyle: opts.scopeStyle as PlanInputs['scopeStyle'] } : {}),
    ...(opts.credential !== undefined ? { credential: opts.credential as PlanInputs['credential'] } : {}),
    ...(opts.secretRef !== undefined ? { secretRef: opts.secretRef } : {}),
    ...(opts.keepLegacy !== undefined ? { keepLegacy: opts.keepLegacy } : {}),
    ...(opts.refresh === false ? { refresh: false } : {}),
    ...(opts.msaUsers !== undefined ? { msaUsers: opts.msaUsers } : {}),
    ...(opts.app?.length ? { apps: opts.app } : {}),
  };
}

/**
 * The inputs given so far, flags over the answers file, each checked exactly as plan checks it (the wizard asks
 * for the rest); an unknown answers key is refused, with the key it was probably meant to be.
 */
export async function givenInputs(opts: PlanOptions): Promise<Partial<PlanInputs>> {
  const answers = opts.answers ? await readAnswers(resolve(opts.cwd ?? '.', opts.answers)) : {};
  const { PlanInputs } = await import('../model/plan.js');
  const known = Object.keys(PlanInputs.shape);
  const unknown = Object.keys(answers).filter((k) => !known.includes(k));
  if (unknown.length) throw new UsageError(`answers file ${opts.answers}: ${await unknownKeys(unknown, known)}; the keys are ${known.join(', ')}`);
  const merged = { ...answers, ...flagInputs(opts) } as Record<string, unknown>;
  const problems = inputProblems({
    ...(merged.tenant !== undefined ? { tenant: String(merged.tenant) } : {}),
    ...(merged.clientId !== undefined ? { clientId: String(merged.clientId) } : {}),
  });
  if (problems.length) throw new UsageError(problems.join('\n'));
  const parsed = PlanInputs.partial().safeParse(merged);
  if (!parsed.success) throw new UsageError(`answers are not valid plan inputs:\n${schemaIssues(parsed.error.issues).join('\n')}`);
  return Object.fromEntries(Object.entries(parsed.data).filter(([k]) => merged[k] !== undefined)) as Partial<PlanInputs>;
}

/** Names an unknown key only when it is a near miss of a known one (a file passed by mistake is never echoed). */
async function unknownKeys(unknown: string[], known: string[]): Promise<string> {
  const { distance } = await import('fastest-levenshtein');
  const norm = (k: string) => k.toLowerCase().replace(/[-_\s]/g, '');
  const near = unknown.map((k) => [k, known.find((n) => norm(n) === norm(k)) ?? known.find((n) => distance(norm(n), norm(k)) <= 2)] as const);
  const named = near.filter(([, n]) => n).map(([k, n]) => `unknown key "${k}" (did you mean ${n}?)`);
  const others = near.length - named.length;
  return [...named, ...(others ? [`${others} unknown key(s), not shown`] : [])].join(', ');
}

/** Flags first, then the answers file; every missing required input named with its flag and answers key. */
export async function planInputs(opts: PlanOptions): Promise<PlanInputs> {
  const merged = await givenInputs(opts);
  const missing = [['tenant', '--tenant'], ['clientId', '--client-id']].filter(([k]) => !merged[k as 'tenant' | 'clientId']);
  if (missing.length) {
    throw new UsageError(`missing required input: ${missing.map(([k, flag]) => `${flag} (answers key "${k}")`).join(', ')}`);
  }
  const { PlanInputs } = await import('../model/plan.js');
  return PlanInputs.parse(merged);
}

async function readAnswers(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read answers file ${path}`);
  }
  try {
    const data = /\.ya?ml$/i.test(path) ? (await import('yaml')).parse(text) : JSON.parse(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not an object');
    return data as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`answers file ${path} is not a JSON/YAML object (${(err as Error).message === 'not an object' ? 'not an object' : syntaxErrorWhere(err, text)})`);
  }
}

export async function runPlan(path: string | undefined, opts: PlanOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], opts.out && opts.out !== '-' ? 'json' : 'text');
  const inputs = await planInputs(opts);
  const evidence = await scanTargetWithEvidence(path ?? '.', opts);
  for (const d of evidence.result.diagnostics) progress(opts, `warning: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`);
  const { buildPlan, PlanInputError } = await import('../plan/build.js');
  let plan;
  try {
    plan = buildPlan(evidence, inputs);
  } catch (err) {
    if (err instanceof PlanInputError) throw new UsageError(err.message);
    throw err;
  }
  await emit(format === 'json' ? JSON.stringify(plan, null, 2) : renderPlanText(plan, colorsFor(opts)), opts);
  if (opts.detailedExitcode) return plan.edits.length > 0 || plan.apps.length > 0 ? 2 : exitCodes.ok;
  return exitCodes.ok;
}
