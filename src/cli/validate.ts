import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gitSync } from '../detect/git.js';
import type { Severity } from '../model/finding.js';
import type { ValidateFinding } from '../model/validate.js';
import { emit, exitCodes, colorsFor, formatOf, progress, schemaIssues, syntaxErrorWhere, UsageError } from './common.js';
import type { PlanOptions } from './plan.js';
import { ignoreFileAt, scanTargetWithEvidence } from './scan.js';

export interface ValidateOptions extends PlanOptions {
  failOn?: string;
  ignore?: string[];
  baseline?: string;
  writeBaseline?: string;
  verify?: boolean;
}

const formats = ['text', 'json', 'sarif', 'junit', 'github', 'azure-pipelines'];

/** No --format: the CI system's own language when one is detected, else text. */
function defaultFormat(): string {
  if (process.env.GITHUB_ACTIONS === 'true') return 'github';
  if (/^true$/i.test(process.env.TF_BUILD ?? '')) return 'azure-pipelines';
  return 'text';
}

export async function runValidate(path: string | undefined, opts: ValidateOptions): Promise<number> {
  const format = formatOf(opts, formats, defaultFormat());
  const failOn = (opts.failOn ?? 'error') as Severity;
  if (!['error', 'warning', 'note'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning or note; got "${opts.failOn}"`);
  const unknown = (opts.ignore ?? []).filter((id) => !/^A2E\d{3}$/i.test(id));
  if (unknown.length) throw new UsageError(`--ignore takes rule ids like A2E010; got ${unknown.join(', ')}`);
  const cwd = opts.cwd ?? '.';
  const baseline = opts.baseline ? await readBaseline(resolve(cwd, opts.baseline)) : null;
  const evidence = await scanTargetWithEvidence(path ?? '.', opts, format === 'json');
  for (const d of evidence.result.diagnostics) progress(opts, `warning: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`);
  const ignoreFile = await ignoreFileAt(evidence.rootDir);
  const extra = opts.verify ? await verifyFindings(path, opts) : [];
  const { validate } = await import('../rules/run.js');
  const result = validate(evidence, { failOn, ignore: (opts.ignore ?? []).map((i) => i.toUpperCase()), ignoreFile, baseline: opts.writeBaseline ? null : baseline }, extra);

  if (opts.writeBaseline) {
    const body = { schemaVersion: 1, fingerprints: result.findings.map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint })) };
    const { writeFileAtomic } = await import('../plan/write.js');
    writeFileAtomic(resolve(cwd, opts.writeBaseline), `${JSON.stringify(body, null, 2)}\n`);
    progress(opts, `wrote ${opts.writeBaseline}: ${body.fingerprints.length} finding(s) accepted; pass --baseline ${opts.writeBaseline} to block only new ones`);
    return exitCodes.ok;
  }
  const { rules } = await import('../rules/index.js');
  // CI systems map a finding to a file by its path from the repository root, whatever folder was scanned.
  const repo = ['sarif', 'junit', 'github', 'azure-pipelines'].includes(format) ? repositoryRoot(evidence.rootDir, resolve(cwd)) : null;
  const located = repo?.prefix ? { ...result, findings: result.findings.map((f) => ({ ...f, file: posix.join(repo.prefix, f.file) })) } : result;
  let text: string;
  if (format === 'json') text = JSON.stringify(result, null, 2);
  else if (format === 'sarif') {
    const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
    text = (await import('../report/sarif.js')).renderSarif(located, rules, version, repo?.uri);
  } else if (format === 'junit') text = (await import('../report/junit.js')).renderJunit(located, rules);
  else if (format === 'github') text = (await import('../report/ci-annotations.js')).renderGithub(located);
  else if (format === 'azure-pipelines') text = (await import('../report/ci-annotations.js')).renderAzurePipelines(located);
  else text = (await import('../report/validate-text.js')).renderValidateText(result, colorsFor(opts));
  await emit(text, opts, { ciCommands: format === 'github' || format === 'azure-pipelines' });
  // The job summary in every format on GitHub: the Action uploads SARIF for the diff and summarises here, once.
  if (process.env.GITHUB_ACTIONS === 'true' && process.env.GITHUB_STEP_SUMMARY) {
    const { renderStepSummary } = await import('../report/ci-annotations.js');
    const { appendToFile } = await import('../plan/write.js');
    appendToFile(process.env.GITHUB_STEP_SUMMARY, renderStepSummary(located));
  }
  return result.ok ? exitCodes.ok : exitCodes.findings;
}

/**
 * The repository root (git's top-level, else the working directory when the scanned folder is inside it) as a
 * file: URI, and the scanned folder's path from it ('' when they are the same, or the folder lies outside).
 */
function repositoryRoot(scanned: string, cwd: string): { uri: string; prefix: string } {
  const shown = gitSync(scanned, 'rev-parse', '--show-toplevel')?.toString('utf8').trim();
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const top = shown ? real(shown) : real(cwd);
  const rel = relative(top, real(scanned));
  const inside = !rel.startsWith('..') && !isAbsolute(rel);
  const root = inside ? top : real(scanned);
  return { uri: pathToFileURL(root).href.replace(/\/?$/, '/'), prefix: inside ? rel.split(sep).join('/') : '' };
}

async function readBaseline(path: string) {
  const { Baseline } = await import('../model/validate.js');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read baseline file ${path}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--baseline ${path} is not JSON (${syntaxErrorWhere(err, text)}); write one with --write-baseline`);
  }
  const parsed = Baseline.safeParse(data);
  if (!parsed.success) throw new UsageError(`--baseline ${path} is not a baseline file written by --write-baseline:\n${schemaIssues(parsed.error.issues).join('\n')}`);
  return parsed.data;
}

/** --verify: the mock flows for every legacy app; each failing Entra flow becomes an error finding. */
async function verifyFindings(path: string | undefined, opts: ValidateOptions): Promise<ValidateFinding[]> {
  const { runVerifyCore } = await import('./verify.js');
  const result = await runVerifyCore(path, opts);
  const { fingerprint } = await import('../rules/run.js');
  return result.findings.map((f) => ({ ...f, help: result.fixes.join('; ') || 'run `ado2entra verify` for the transcript', fingerprint: fingerprint(f.ruleId, f.file, f.message) }));
}
