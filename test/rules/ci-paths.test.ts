// #15.7, #15.8, #15.10: CI formats name files from the repository root (what CI maps to the checkout), SARIF says
// so with %SRCROOT%, rule links reach sections that exist, and contradictory format flags are refused.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositoryUrl } from '../../src/model/project.js';
import { renderSarif } from '../../src/report/sarif.js';
import { rules } from '../../src/rules/index.js';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/golden.js';
import { fixturesDir } from '../support/plan-helpers.js';
import { tempDir } from '../support/temp.js';

/** A monorepo: the sample app under services/api, and a service whose folder name needs escaping in a URI. */
function monorepo(git: boolean): string {
  const root = realpathSync(tempDir('mono'));
  cpSync(join(fixturesDir, 'sample-app'), join(root, 'services', 'api'), { recursive: true });
  mkdirSync(join(root, 'services', 'api', 'svc #1'));
  writeFileSync(join(root, 'services', 'api', 'svc #1', '.env'), 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n');
  if (git) execFileSync('git', ['init', '-q', root]);
  return root;
}

interface Sarif { runs: { originalUriBaseIds: Record<string, { uri?: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[] }
const uris = (sarif: Sarif) => sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);

describe('paths from the repository root', () => {
  it('SARIF: validate services/api in a git repository, from the root and from a subfolder', async () => {
    const root = monorepo(true);
    for (const [cwd, target] of [[root, 'services/api'], [join(root, 'services'), 'api'], [join(root, 'services', 'api'), '.']] as const) {
      const r = await cli(['validate', target, '--format', 'sarif'], { cwd });
      expect(r.status, r.stderr).toBe(1);
      const sarif = JSON.parse(r.stdout) as Sarif;
      expect(sarif.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(root).href}/`);
      expect(uris(sarif)).toContainEqual({ uri: 'services/api/OAuth.config', uriBaseId: '%SRCROOT%' });
      expect(uris(sarif)).toContainEqual({ uri: 'services/api/svc%20%231/.env', uriBaseId: '%SRCROOT%' });
    }
  });

  it('GitHub annotations, the job summary, Azure Pipelines logging commands and JUnit', async () => {
    const root = monorepo(true);
    const summary = join(tempDir('summary'), 'summary.md');
    const gh = await cli(['validate', 'services/api'], { cwd: root, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(gh.stdout).toMatch(/^::error file=services\/api\/OAuth\.config,line=5,/m);
    expect(readFileSync(summary, 'utf8')).toContain('`services/api/OAuth.config:5`');
    const az = await cli(['validate', 'services/api'], { cwd: root, env: { TF_BUILD: 'True' } });
    expect(az.stdout).toMatch(/^##vso\[task\.logissue type=error;sourcepath=services\/api\/OAuth\.config;/m);
    const junit = await cli(['validate', 'services/api', '--format', 'junit'], { cwd: root });
    expect(junit.stdout).toContain('file="services/api/OAuth.config"');
  });

  it('outside git, from the working directory (--cwd); JSON and text keep paths from the folder scanned', async () => {
    const root = monorepo(false);
    const sarif = JSON.parse((await cli(['validate', 'services/api', '--format', 'sarif', '--cwd', root])).stdout) as Sarif;
    expect(uris(sarif)).toContainEqual({ uri: 'services/api/OAuth.config', uriBaseId: '%SRCROOT%' });
    const json = JSON.parse((await cli(['validate', 'services/api', '--json', '--cwd', root])).stdout) as { findings: { file: string }[] };
    expect(json.findings.map((f) => f.file)).toContain('OAuth.config');
  });
});

describe('rule links', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
  const anchors = new Set([...doc.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));

  it('every helpUri is docs/rules.md in the repository package.json names, at an anchor that exists', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { repository: { url: string }; homepage: string; bugs: { url: string } };
    expect(pkg.repository.url).toBe(`git+${repositoryUrl}.git`);
    expect(pkg.homepage.startsWith(repositoryUrl)).toBe(true);
    expect(pkg.bugs.url).toBe(`${repositoryUrl}/issues`);
    const sarif = JSON.parse(renderSarif({ schemaVersion: 1, ok: true, failOn: 'error', findings: [], suppressed: { ignored: 0, inline: 0, ignoreFile: 0, baseline: 0 }, stats: { files: 0, ms: 0 } } as never, rules, '1.0.0')) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
    const links = sarif.runs[0]!.tool.driver.rules;
    expect(links).toHaveLength(rules.length);
    for (const { id, helpUri } of links) {
      const [base, anchor] = helpUri.split('#');
      expect(base).toBe(`${repositoryUrl}/blob/main/docs/rules.md`);
      expect(anchors.has(anchor!), `${id}: #${anchor} in docs/rules.md`).toBe(true);
    }
  });
});

describe('conflicting flags are a usage error (exit 2)', () => {
  it.each([
    [['validate', 'fixtures/sample-app', '--json', '--format', 'sarif'], /--json and --format sarif conflict/],
    [['scan', 'fixtures/sample-app', '--json', '--format', 'text'], /--json and --format text conflict/],
    [['scan', 'fixtures/sample-app', '--quiet', '--verbose'], /--quiet and --verbose conflict/],
  ])('%s', async (args, message) => {
    const r = await cli(args, { cwd: repoRoot });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('--json with --format json agrees', async () => expect((await cli(['scan', 'fixtures/sample-app', '--json', '--format', 'json'], { cwd: repoRoot })).status).toBe(0));
});
