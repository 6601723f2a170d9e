import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryOf, repositoryOfAsync, stripCredentials } from '../../src/detect/repository.js';
import { scanManyWithEvidence, scanWithEvidence } from '../../src/detect/scan.js';
import { ScanResult } from '../../src/model/scan.js';
import { ValidateResult } from '../../src/model/validate.js';
import { repoRoot } from '../support/golden.js';
import { tree } from '../support/tree.js';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_REF_NAME: '', GITHUB_HEAD_REF: '', BUILD_SOURCEBRANCH: '' } });
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd, encoding: 'utf8' });

const entraConfig = (clientId: string, scopes: string) => JSON.stringify({
  AzureAd: { Instance: 'https://login.microsoftonline.com/', TenantId: '72f988bf-0000-4000-8000-000000000000', ClientId: clientId },
  AzureDevOps: { Organization: 'https://dev.azure.com/fabrikam', Scopes: scopes },
}, null, 2);
const legacyEnv = 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a\nVSTS_SCOPES=vso.code\n';

describe('remote URLs lose their credentials', () => {
  it.each([
    ['https://x-access-token:ghs_abc123@github.com/contoso/api.git', 'https://github.com/contoso/api.git'],
    ['https://fabrikam@dev.azure.com/fabrikam/web/_git/web', 'https://dev.azure.com/fabrikam/web/_git/web'],
    ['https://user:p%40ss@example.com:8443/r', 'https://example.com:8443/r'],
    ['ssh://git:secret@ssh.dev.azure.com/v3/o/p/r', 'ssh://ssh.dev.azure.com/v3/o/p/r'],
    ['git@github.com:contoso/api.git', 'git@github.com:contoso/api.git'],
    ['/srv/git/api.git', '/srv/git/api.git'],
  ])('%s', (url, stripped) => expect(stripCredentials(url)).toBe(stripped));
});

describe('repository identity in scan and validate results', () => {
  const repo = () => {
    const dir = tree({ 'svc/.env': legacyEnv, 'web/appsettings.json': entraConfig('33333333-4444-4555-8666-777777777777', '499b84ac-1321-427f-aa17-267ca6975798/vso.code') });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'remote', 'add', 'origin', 'https://build:s3cr3t-token@dev.azure.com/fabrikam/web/_git/web');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'init');
    return dir;
  };

  it('names remote (without the token), commit, branch, path and commit date; null outside git', () => {
    const dir = repo();
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    expect(repositoryOf(join(dir, 'svc'), {})).toEqual({ remote: 'https://dev.azure.com/fabrikam/web/_git/web', commit: head, branch: 'main', path: 'svc', committedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(repositoryOf(dir, {})?.path).toBe('.');
    git(dir, 'checkout', '-q', '--detach');
    expect(repositoryOf(dir, { GITHUB_REF_NAME: 'release/1.2' })?.branch).toBe('release/1.2');
    expect(repositoryOf(dir, { BUILD_SOURCEBRANCH: 'refs/heads/feature/x' })?.branch).toBe('feature/x');
    expect(repositoryOf(dir, {})?.branch).toBeNull();
    expect(repositoryOf(tree({ 'a.txt': 'x' }), {})).toBeNull();
    const unborn = tree({ 'a.txt': 'x' });
    git(unborn, 'init', '-q', '-b', 'main');
    expect(repositoryOf(unborn, {})).toEqual({ remote: null, commit: null, branch: null, path: '.', committedAt: null });
  });

  it('the CLI looks it up with its git calls run at once, and gets the same answer in every case', async () => {
    const dir = repo();
    const outside = tree({ 'a.txt': 'x' });
    const unborn = tree({ 'a.txt': 'x' });
    git(unborn, 'init', '-q', '-b', 'main');
    const cases: [string, NodeJS.ProcessEnv][] = [[join(dir, 'svc'), {}], [dir, {}], [outside, {}], [unborn, {}]];
    for (const [where, env] of cases) expect(await repositoryOfAsync(where, env)).toEqual(repositoryOf(where, env));
    git(dir, 'checkout', '-q', '--detach');
    expect(await repositoryOfAsync(dir, { GITHUB_REF_NAME: 'release/1.2' })).toEqual(repositoryOf(dir, { GITHUB_REF_NAME: 'release/1.2' }));
    expect((await repositoryOfAsync(join(dir, 'svc'), {}))?.remote).toBe('https://dev.azure.com/fabrikam/web/_git/web');
  });

  it('scan --json and validate --json carry it; the token is in no output', () => {
    const dir = repo();
    const scan = ScanResult.parse(JSON.parse(run(dir, 'scan', 'svc', '--json').stdout));
    expect(scan.repository).toMatchObject({ remote: 'https://dev.azure.com/fabrikam/web/_git/web', branch: 'main', path: 'svc' });
    expect(scan.apps.map((a) => a.status)).toEqual(['legacy']);
    const v = run(dir, 'validate', '.', '--json');
    const validate = ValidateResult.parse(JSON.parse(v.stdout));
    expect(validate.repository?.path).toBe('.');
    expect(v.stdout + v.stderr).not.toContain('s3cr3t-token');
    expect(validate.entraApps).toEqual([{ id: 'web-appsettings-json', files: ['web/appsettings.json'], clientId: '33333333-4444-4555-8666-777777777777', status: 'migrated' }]);
  }, 60_000);
});

describe('entraApps: apps already on Entra, migrated or broken', () => {
  it('lists Entra config apart from the legacy apps; broken when validate finds an error in it', () => {
    const dir = tree({
      'legacy/.env': legacyEnv,
      'good/appsettings.json': entraConfig('33333333-4444-4555-8666-777777777777', '499b84ac-1321-427f-aa17-267ca6975798/.default'),
      'good/src/devops.ts': "import { ConfidentialClientApplication } from '@azure/msal-node';\nconst scope = '499b84ac-1321-427f-aa17-267ca6975798/.default';\n",
      // a bare vso.* scope in an Entra request: A2E010, an error
      'bad/appsettings.json': entraConfig('44444444-4444-4555-8666-777777777777', 'vso.code'),
      'unrelated/appsettings.json': JSON.stringify({ Logging: { LogLevel: { Default: 'Information' } } }),
    });
    const library = scanWithEvidence(dir).result;
    expect(library.apps.map((a) => a.files)).toEqual([['legacy/.env']]);
    expect(library.entraApps.map((a) => [a.files, a.status])).toEqual([
      [['bad/appsettings.json'], 'migrated'],
      [['good/appsettings.json', 'good/src/devops.ts'], 'migrated'],
    ]);
    const cliResult = ScanResult.parse(JSON.parse(run(dir, 'scan', '--json').stdout));
    expect(cliResult.repository).toBeNull();
    expect(cliResult.entraApps.map((a) => [a.id, a.clientId, a.status])).toEqual([
      ['bad-appsettings-json', '44444444-4444-4555-8666-777777777777', 'broken'],
      ['good-appsettings-json', '33333333-4444-4555-8666-777777777777', 'migrated'],
    ]);
  }, 60_000);
});

describe('scan PATH...: many roots, one pool', () => {
  const roots = () => [0, 1, 2].map((i) => tree({
    '.env': i === 1 ? 'LOG_LEVEL=info\n' : legacyEnv,
    ...Object.fromEntries(Array.from({ length: 30 }, (_x, n) => [`src/m${n}.js`, n === 3 ? 'const id = process.env.VSTS_CLIENT_ID;\n' : `export const n${n} = ${n};\n`])),
  }));

  it('gives each root the result it gets alone, read by one shared pool of worker threads', async () => {
    const dirs = roots();
    const built = (await import(join(repoRoot, 'dist', 'detect', 'scan.js'))) as typeof import('../../src/detect/scan.js');
    const stable = (r: ScanResult) => ({ ...r, stats: { ...r.stats, ms: 0 } });
    const pooled = built.scanManyWithEvidence(dirs, { parallelMin: 1, ripgrep: false }).map((e) => stable(e.result));
    const alone = dirs.map((d) => stable(scanWithEvidence(d, { parallelMin: Number.POSITIVE_INFINITY }).result));
    expect(pooled).toEqual(alone);
    expect(scanManyWithEvidence(dirs).map((e) => e.result.apps.length)).toEqual([1, 0, 1]);
    expect(pooled[0]!.findings.map((f) => f.file)).toContain('src/m3.js');
  });

  it('the CLI prints { schemaVersion, scans } for several paths, in order', () => {
    const dirs = roots();
    const r = run(dirs[0]!, 'scan', dirs[0]!, dirs[1]!, dirs[2]!, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { schemaVersion: number; scans: ScanResult[] };
    expect(out.schemaVersion).toBe(1);
    expect(out.scans.map((s) => [s.root, s.apps.length])).toEqual([[dirs[0], 1], [dirs[1], 0], [dirs[2], 1]]);
  }, 60_000);
});
