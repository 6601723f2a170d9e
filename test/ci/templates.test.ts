// #15.9: the GitHub Action (action.yml), the Azure Pipelines template and the docs/ci examples that use them, run
// as written: every shell step's script verbatim, in bash as the runner starts it, with the platform's variables.
// Only the registry is stood in for: `npm` is a stub that records its arguments and puts this build on PATH as
// `ado2entra`; `uses:`/`task:` steps of other vendors are checked for their current major version, not run.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cliBin } from '../support/cli.js';
import { repoRoot } from '../support/golden.js';
import { fixturesDir } from '../support/plan-helpers.js';
import { tempDir } from '../support/temp.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const yamlOf = (file: string) => parse(readFileSync(join(repoRoot, file), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A git repository with the sample app under services/api; a stub npm; a log of every ado2entra run. */
function workspace() {
  const root = realpathSync(tempDir('ci'));
  const repo = join(root, 'repo');
  cpSync(join(fixturesDir, 'sample-app'), join(repo, 'services', 'api'), { recursive: true });
  spawnSync('git', ['init', '-q', repo]);
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const log = join(root, 'calls.log');
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "npm $*" >> '${log}'\nprintf '#!/bin/sh\\necho "ado2entra $*" >> "${log}"\\nexec "${process.execPath}" "${cliBin}" "$@"\\n' > '${bin}/ado2entra'\nchmod +x '${bin}/ado2entra'\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  const temp = join(root, 'runner-temp');
  mkdirSync(temp);
  const env = { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: root, NO_COLOR: '1' };
  return { root, repo, log, temp, env, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

/** `${{ … }}` as the runner would have expanded it. */
const expand = (text: string, values: Record<string, string>) => text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, key: string) => {
  if (!(key in values)) throw new Error(`no value for \${{ ${key} }}`);
  return values[key]!;
});

describe('the GitHub Action (action.yml)', () => {
  const action = yamlOf('action.yml');
  const inputs = Object.fromEntries(Object.entries(action.inputs as Record<string, { default: string }>).map(([k, v]) => [`inputs.${k}`, String(v.default)]));

  /** The composite action's steps in order: `run` steps in bash -eo pipefail, `if:` on the outputs evaluated. */
  function runAction(given: Record<string, string>) {
    const ws = workspace();
    const output = join(ws.root, 'github-output');
    const summary = join(ws.root, 'step-summary.md');
    writeFileSync(output, '');
    const values: Record<string, string> = { ...inputs, ...given, 'github.action_path': repoRoot, 'runner.temp': ws.temp };
    const outputs = () => Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
    const ran: { name: string; status: number | null; stdout: string; stderr: string }[] = [];
    for (const step of action.runs.steps as Record<string, any>[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (step.if) {
        const o = outputs();
        const cond = String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, '').replace(/always\(\) && /, '');
        const m = /^steps\.validate\.outputs\.([\w-]+) (==|!=) '(.*)'$/.exec(cond);
        if (!m) throw new Error(`cannot evaluate if: ${step.if}`);
        if ((m[2] === '==') !== ((o[m[1]!] ?? '') === m[3])) continue;
      }
      if (step.uses) {
        ran.push({ name: step.uses, status: 0, stdout: '', stderr: '' });
        continue;
      }
      expect(step.shell).toBe('bash');
      const env = Object.fromEntries(Object.entries((step.env ?? {}) as Record<string, string>).map(([k, v]) => [k, expand(String(v), { ...values, ...Object.fromEntries(Object.entries(outputs()).map(([k2, v2]) => [`steps.validate.outputs.${k2}`, v2])) })]));
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
        cwd: ws.repo, encoding: 'utf8', timeout: 120_000,
        env: { ...ws.env, ...env, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: ws.temp, GITHUB_WORKSPACE: ws.repo },
      });
      ran.push({ name: step.name, status: r.status, stdout: r.stdout, stderr: r.stderr });
      if (r.status !== 0) break;
    }
    return { ws, ran, outputs: outputs(), summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
  }

  it('uses current majors of setup-node and upload-sarif', () => {
    const uses = (action.runs.steps as { uses?: string }[]).map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(['actions/setup-node@v6', 'github/codeql-action/upload-sarif@v4']);
    expect(inputs['inputs.node-version']).toBe('24');
  });

  it('installs once, validates once, SARIF from the repository root for upload, a job summary, and fails the job', () => {
    const { ws, ran, outputs, summary } = runAction({ 'inputs.path': 'services/api' });
    expect(ws.calls()).toEqual([`npm install --global --no-audit --no-fund ado2entra@${version}`, `ado2entra validate services/api --fail-on error --format sarif --out ${ws.temp}/ado2entra.sarif`]);
    expect(outputs).toEqual({ 'sarif-file': `${ws.temp}/ado2entra.sarif`, 'exit-code': '1' });
    const sarif = JSON.parse(readFileSync(outputs['sarif-file']!, 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^services\/api\//);
    expect(summary).toContain('### ado2entra validate: fail');
    expect(ran.map((r) => [r.name, r.status])).toEqual([
      ['actions/setup-node@v6', 0], ['Install ado2entra', 0], ['ado2entra validate', 0], ['github/codeql-action/upload-sarif@v4', 0], ['Gate', 1],
    ]);
    expect(ran.at(-1)!.stdout).toContain('::error title=ado2entra::');
    expect(ran.map((r) => r.stdout).join('')).not.toMatch(/::error file=/); // each finding reported once: in code scanning
  });

  it('upload-sarif: false prints annotations instead; a usage error fails the step itself', () => {
    const { ran, outputs } = runAction({ 'inputs.path': 'services/api', 'inputs.upload-sarif': 'false' });
    expect(outputs['sarif-file']).toBeUndefined();
    expect(ran.find((r) => r.name === 'ado2entra validate')!.stdout).toMatch(/^::error file=services\/api\/OAuth\.config,line=5,/m);
    expect(ran.map((r) => r.name)).not.toContain('github/codeql-action/upload-sarif@v4');
    const missing = runAction({ 'inputs.path': 'no-such-folder', 'inputs.upload-sarif': 'false' });
    expect(missing.ran.at(-1)).toMatchObject({ name: 'ado2entra validate', status: 2 });
    expect(missing.ran.at(-1)!.stderr).toContain('path does not exist: no-such-folder');
  });

  it('docs/ci/github-actions.yml uses the action at @v0 with the permissions upload-sarif needs', () => {
    const workflow = yamlOf('docs/ci/github-actions.yml');
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    const steps = workflow.jobs.validate.steps as { uses?: string; run?: string; with?: Record<string, string> }[];
    expect(steps.map((s) => s.uses)).toEqual(['actions/checkout@v6', 'ado2entra/ado2entra@v0']);
    expect(steps.filter((s) => s.run)).toEqual([]);
    for (const key of Object.keys(steps[1]!.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
  });
});

describe('the Azure Pipelines template', () => {
  const file = 'azure-pipelines/ado2entra-validate.yml';
  const template = yamlOf(file);
  const params = Object.fromEntries((template.parameters as { name: string; default: string }[]).map((p) => [`parameters.${p.name}`, String(p.default)]));

  function runTemplate(given: Record<string, string>) {
    const ws = workspace();
    const values = { ...params, ...given };
    const ran: { name: string; status: number | null; stdout: string }[] = [];
    for (const step of template.steps as Record<string, any>[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (step.task) {
        ran.push({ name: step.task, status: 0, stdout: '' });
        continue;
      }
      const env = Object.fromEntries(Object.entries((step.env ?? {}) as Record<string, string>).map(([k, v]) => [k, expand(String(v), values).replace('$(Agent.TempDirectory)', ws.temp)]));
      const r = spawnSync('bash', ['--noprofile', '--norc', '-c', step.bash], { cwd: ws.repo, encoding: 'utf8', timeout: 120_000, env: { ...ws.env, ...env, TF_BUILD: 'True', AGENT_TEMPDIRECTORY: ws.temp } });
      ran.push({ name: step.displayName, status: r.status, stdout: r.stdout });
    }
    return { ws, ran };
  }

  it('installs the version of this package once, validates once, JUnit for the Tests tab, and fails the build', () => {
    const { ws, ran } = runTemplate({ 'parameters.path': 'services/api' });
    expect(params['parameters.version']).toBe(version);
    expect(ws.calls()).toEqual([`npm install --global --no-audit --no-fund ado2entra@${version}`, `ado2entra validate services/api --format junit --out ${ws.temp}/ado2entra.xml --fail-on error`]);
    expect(ran.map((r) => [r.name, r.status])).toEqual([['UseNode@1', 0], ['Install ado2entra', 0], ['No legacy Azure DevOps OAuth left (ado2entra validate)', 1], ['PublishTestResults@2', 0]]);
    expect(readFileSync(join(ws.temp, 'ado2entra.xml'), 'utf8')).toContain('file="services/api/OAuth.config"');
    const publish = (template.steps as { task?: string; inputs?: Record<string, string>; condition?: string }[]).find((s) => s.task === 'PublishTestResults@2')!;
    expect(publish.inputs!.testResultsFiles).toBe('$(Agent.TempDirectory)/ado2entra.xml');
    expect(publish.condition).toBe('succeededOrFailed()');
  });

  it('a baseline of today\'s findings lets the build pass', () => {
    const ws = workspace();
    spawnSync(process.execPath, [cliBin, 'validate', 'services/api', '--write-baseline', 'baseline.json'], { cwd: ws.repo });
    const { ran } = runTemplate({ 'parameters.path': 'services/api', 'parameters.baseline': join(ws.repo, 'baseline.json') });
    expect(ran.find((r) => r.name.startsWith('No legacy'))!.status).toBe(0);
  });

  it('docs/ci/azure-pipelines.yml uses this template from the ado2entra repository at v0', () => {
    const pipeline = yamlOf('docs/ci/azure-pipelines.yml');
    expect(pipeline.resources.repositories[0]).toMatchObject({ repository: 'ado2entra', type: 'github', name: 'ado2entra/ado2entra', ref: 'refs/tags/v0' });
    const step = (pipeline.steps as { template?: string; parameters?: Record<string, string> }[]).find((s) => s.template)!;
    expect(step.template).toBe(`${file}@ado2entra`);
    for (const key of Object.keys(step.parameters ?? {})) expect(Object.keys(params)).toContain(`parameters.${key}`);
  });
});
