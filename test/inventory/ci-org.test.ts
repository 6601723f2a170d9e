import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { RollupResult } from '../../src/model/rollup.js';
import { repoRoot } from '../support/golden.js';
import { repoFiles, type RepoKind } from '../support/org.js';

// The org-inventory pipelines, run step by step as written: the published package swapped for this build,
// the CI system's own actions (checkout, upload, download) done by the test.
const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'dist', 'cli', 'index.js'))}`;
const kinds: RepoKind[] = ['legacy-secret', 'migrated', 'broken'];

type Step = Record<string, unknown>;
const doc = (file: string) => parse(readFileSync(join(repoRoot, 'docs', 'ci', file), 'utf8')) as Record<string, unknown>;

function sh(command: string, cwd: string, env: Record<string, string>) {
  return spawnSync('bash', ['-c', command.replaceAll('npx --yes ado2entra@1', cli)], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
}

/** A checkout of `name`, as actions/checkout or `checkout: git://` leaves it: a git work tree with the remote set. */
function checkout(dir: string, remote: string, kind: RepoKind, i: number): void {
  for (const [file, text] of Object.entries(repoFiles(kind, i))) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', remote);
  git('add', '-A');
  git('commit', '-qm', 'init');
}

function runSteps(steps: Step[], key: 'run' | 'script', cwd: string, env: Record<string, string>, macros: Record<string, string> = {}): string[] {
  const ran: string[] = [];
  for (const step of steps) {
    const written = step[key];
    if (typeof written !== 'string') continue;
    let command = written;
    for (const [k, v] of Object.entries(macros)) command = command.replaceAll(`$(${k})`, v);
    const r = sh(command, cwd, env);
    const mayFail = step['continue-on-error'] === true || step.continueOnError === true;
    expect(mayFail ? [0, 1] : [0], `${command}\n${r.stderr}`).toContain(r.status);
    ran.push(command);
  }
  return ran;
}

function checkInventory(r: RollupResult): void {
  expect(r.totals).toMatchObject({ repositories: 3, withLegacy: 1, apps: 3, byStatus: { legacy: 1, dualRun: 0, migrated: 1, broken: 1 } });
  expect(r.totals.blockers.committedSecrets).toBe(1);
  expect(r.repositories.every((x) => x.commit?.length === 40 && x.branch === 'main' && x.sources.length === 2)).toBe(true);
}

describe('docs/ci/org-inventory.*: the org-wide inventory runs as written', () => {
  it('GitHub Actions: a matrix of scan jobs uploads JSON; the fan-in job rolls it up into the summary, HTML, CSV and a snapshot', () => {
    const wf = doc('org-inventory.github.yml');
    const jobs = wf.jobs as Record<string, { steps: Step[]; strategy?: { matrix: { repository: string[] } } }>;
    const names = jobs.scan!.strategy!.matrix.repository;
    expect(names.length).toBe(kinds.length);
    const fanIn = tempDir('gh-rollup');
    names.forEach((name, i) => {
      const job = tempDir('gh-scan');
      checkout(join(job, 'repo'), `https://github.com/${name}`, kinds[i]!, i);
      const output = join(job, 'github-output');
      writeFileSync(output, '');
      const ran = runSteps(jobs.scan!.steps, 'run', job, { REPOSITORY: name, GITHUB_OUTPUT: output });
      expect(ran.filter((c) => c.startsWith('npx --yes ado2entra@1 '))).toHaveLength(2);
      const artifact = /^name=(.+)$/m.exec(readFileSync(output, 'utf8'))![1]!;
      expect(artifact).toBe(`ado2entra-${name.replace('/', '-')}`);
      // upload-artifact (path: ado2entra-*.json), then download-artifact (pattern, path: artifacts)
      for (const f of readdirSync(job).filter((f) => /^ado2entra-.*\.json$/.test(f))) cpSync(join(job, f), join(fanIn, 'artifacts', artifact, f));
    });
    const summary = join(fanIn, 'summary.md');
    writeFileSync(summary, '');
    runSteps(jobs.rollup!.steps, 'run', fanIn, { GITHUB_STEP_SUMMARY: summary });
    const snapshots = readdirSync(join(fanIn, 'history'));
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatch(/^\d{4}-\d\d-\d\d\.json$/);
    checkInventory(RollupResult.parse(JSON.parse(readFileSync(join(fanIn, 'history', snapshots[0]!), 'utf8'))));
    expect(readFileSync(summary, 'utf8')).toContain('| 3 | 1 | 3 | 1 | 0 | 1 | 1 |');
    expect(readFileSync(join(fanIn, 'inventory.html'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(fanIn, 'inventory.csv'), 'utf8').split('\r\n')).toHaveLength(5);
    expect(readFileSync(join(fanIn, 'inventory.html'), 'utf8')).toContain('https://github.com/contoso/web');
  }, 120_000);

  it('Azure Pipelines: `each` over the repository parameter, then a rollup stage', () => {
    const pipeline = doc('org-inventory.azure-pipelines.yml');
    const names = (pipeline.parameters as { name: string; default: string[] }[]).find((p) => p.name === 'repositories')!.default;
    const [scanStage, rollupStage] = pipeline.stages as { jobs: Record<string, unknown>[] }[];
    const each = scanStage!.jobs[0]!['${{ each repo in parameters.repositories }}'] as { steps: Step[] }[];
    const scanSteps = each[0]!.steps;
    expect(scanSteps.find((s) => 'checkout' in s)?.checkout).toBe('git://${{ repo }}');
    const workspace = tempDir('az');
    names.forEach((name, i) => {
      const build = tempDir('az-build');
      const staging = join(build, 'a');
      mkdirSync(staging);
      checkout(join(build, 'repo'), `https://fabrikam@dev.azure.com/fabrikam/${name.split('/')[0]}/_git/${name.split('/')[1]}`, kinds[i]!, i);
      runSteps(scanSteps, 'script', build, { TF_BUILD: 'True' }, { 'Agent.BuildDirectory': build, 'Build.ArtifactStagingDirectory': staging });
      // publish: $(Build.ArtifactStagingDirectory) as ado2entra-${{ replace(repo, '/', '-') }}; download: current
      const publish = scanSteps.find((s) => 'publish' in s)!;
      cpSync(staging, join(workspace, String(publish.artifact).replace("${{ replace(repo, '/', '-') }}", name.replace('/', '-'))), { recursive: true });
    });
    const staging = join(workspace, 'staging');
    mkdirSync(staging);
    runSteps((rollupStage!.jobs[0] as { steps: Step[] }).steps, 'script', workspace, { TF_BUILD: 'True' }, { 'Pipeline.Workspace': workspace, 'Build.ArtifactStagingDirectory': staging });
    const snapshots = readdirSync(join(workspace, 'history'));
    expect(snapshots).toHaveLength(1);
    const r = RollupResult.parse(JSON.parse(readFileSync(join(workspace, 'history', snapshots[0]!), 'utf8')));
    checkInventory(r);
    expect(r.repositories.map((x) => x.remote)).toContain('https://dev.azure.com/fabrikam/Fabrikam/_git/web');
    for (const f of ['inventory.html', 'inventory.md', 'inventory.csv']) expect(existsSync(join(staging, f)), f).toBe(true);
  }, 120_000);
});
