import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { renderRulesDoc } from '../../src/report/rules-doc.js';
import { rules } from '../../src/rules/index.js';
import { repoRoot } from '../support/golden.js';
import { fixturesDir } from '../support/plan-helpers.js';

describe('docs/rules.md', () => {
  it('is generated from the rule modules (run `npm run docs` when this fails)', () => {
    expect(readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8')).toBe(renderRulesDoc(rules));
  });
  it('every rule has a unique id, a name, a title and help with the fix', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) expect(r.title.length * r.help.length * r.name.length).toBeGreaterThan(0);
  });
});

/** The ado2entra commands a CI example runs, with the published package swapped for this build. */
function commandsOf(file: string, key: 'run' | 'script'): string[] {
  const doc = parse(readFileSync(join(repoRoot, 'docs', 'ci', file), 'utf8')) as Record<string, unknown>;
  const steps = (key === 'run' ? (doc.jobs as Record<string, { steps: Record<string, string>[] }>).validate!.steps : doc.steps as Record<string, string>[]);
  return steps.map((s) => s[key]).filter((c): c is string => !!c && c.startsWith('npx --yes ado2entra@1 '));
}

function runCommand(command: string, cwd: string, env: Record<string, string>) {
  const args = command.replace('npx --yes ado2entra@1 ', '').split(/\s+/);
  return spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
}

describe('the CI examples run as written', () => {
  const repo = () => {
    const dir = tempDir('ci');
    cpSync(join(fixturesDir, 'sample-app'), dir, { recursive: true });
    return dir;
  };

  it('GitHub Actions: SARIF for upload-sarif, then annotations and the job summary', () => {
    const dir = repo();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const [sarif, gate] = commandsOf('github-actions.yml', 'run');
    expect(runCommand(sarif!, dir, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }).status).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'ado2entra.sarif'), 'utf8')).version).toBe('2.1.0');
    const r = runCommand(gate!, dir, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=/m);
    expect(readFileSync(summary, 'utf8')).toContain('### ado2entra validate: fail');
  });

  it('Azure Pipelines: JUnit for PublishTestResults, then logging commands', () => {
    const dir = repo();
    const staging = tempDir('staging');
    const [junit, gate] = commandsOf('azure-pipelines.yml', 'script').map((c) => c.replace('$(Build.ArtifactStagingDirectory)', staging));
    expect(runCommand(junit!, dir, { TF_BUILD: 'True' }).status).toBe(1);
    expect(readFileSync(join(staging, 'ado2entra.xml'), 'utf8')).toMatch(/<testsuite name="ado2entra" tests="\d+" failures="[1-9]/);
    const r = runCommand(gate!, dir, { TF_BUILD: 'True' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('##vso[task.complete result=Failed;]');
  });
});
