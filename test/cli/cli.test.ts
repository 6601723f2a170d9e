import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { ScanResult } from '../../src/model/scan.js';
import { Plan } from '../../src/model/plan.js';
import { ScopesResult } from '../../src/model/scopes.js';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/golden.js';
import { runTraced } from '../support/bundle.js';

const plan = ['--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555'];

/** The CLI in-process (exit code and output are what these tests are about); spawned where the process matters. */
async function run(args: string[], env: Record<string, string> = {}) {
  const r = await cli(args, { env, cwd: repoRoot });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('commands and exit codes', () => {
  it('--help lists every command with exit codes; each command has examples', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/scan[\s\S]*plan[\s\S]*scopes/);
    expect(top.stdout).toContain('Exit codes:');
    for (const cmd of ['scan', 'plan', 'scopes']) expect((await run([cmd, '--help'])).stdout).toContain(`Examples:\n  $ ado2entra ${cmd}`);
  });

  it('--help and --version load no auth library, msw or prompt module', () => {
    for (const args of [['--help'], ['--version'], ['scan', '--help']]) {
      const r = runTraced(args);
      expect(r.status).toBe(0);
      // the bin is a bundle: what it loaded is read from the chunks it imported, not only from file names
      expect(r.modules.length).toBeGreaterThan(0);
      expect(r.modules.filter((m) => /msal|@azure|msw|inquirer|yaml|zod|jsonc|saxes/.test(m))).toEqual([]);
    }
  });

  it('scan --json follows the schema; data on stdout, nothing else', async () => {
    const r = await run(['scan', 'fixtures/sample-app', '--json']);
    expect(r.code).toBe(0);
    const result = ScanResult.parse(JSON.parse(r.stdout));
    expect(result.root).toBe('fixtures/sample-app');
    expect(result.apps[0]?.files).toContain('OAuth.config');
  });

  it('scan of a missing path exits 2 with a one-line error and no stack', async () => {
    const r = await run(['scan', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ado2entra: error: path does not exist: no/such/dir\n');
  });

  it('an unknown flag exits 2', async () => expect((await run(['scan', '--bogus'])).code).toBe(2));

  it('plan without inputs exits 2 naming each missing flag and answers key', async () => {
    const r = await run(['plan', 'fixtures/sample-app']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tenant (answers key "tenant")');
    expect(r.stderr).toContain('--client-id (answers key "clientId")');
  });

  it('plan rejects a malformed client id and tenant', async () => {
    const r = await run(['plan', 'fixtures/sample-app', '--tenant', 'not a tenant', '--client-id', '1234']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tenant must be[\s\S]*--client-id must be/);
  });

  it('plan --json and --out write the same versioned plan; answers files work', async () => {
    const dir = tempDir('cli');
    writeFileSync(join(dir, 'answers.yaml'), 'tenant: organizations\nclientId: 11111111-2222-3333-4444-555555555555\nscopeStyle: explicit\n');
    const r = await run(['plan', 'fixtures/sample-app', '--answers', join(dir, 'answers.yaml'), '--out', join(dir, 'plan.json')]);
    expect(r.code).toBe(0);
    const written = Plan.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')));
    expect(written.apps[0]!.entra.scopes).toContain('499b84ac-1321-427f-aa17-267ca6975798/vso.code');
    expect((await run(['plan', 'fixtures/sample-app', ...plan, '--detailed-exitcode'])).code).toBe(2);
    expect((await run(['plan', 'fixtures/migrated-dotnet', ...plan, '--detailed-exitcode'])).code).toBe(0);
  });

  it('scopes: exit 0 for known scopes, 1 with a suggestion for unknown ones', async () => {
    const ok = await run(['scopes', 'vso.code_full', 'vso.profile', 'vso.release', '--minimize', '--json']);
    expect(ok.code).toBe(0);
    expect(ScopesResult.parse(JSON.parse(ok.stdout)).minimal).toEqual(['vso.code_full', 'vso.release']);
    const bad = await run(['scopes', 'vso.code_read']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('did you mean vso.code?');
  });

  it('a malformed file is a diagnostic naming file and line; the rest of the scan goes on (exit 0)', async () => {
    const dir = tempDir('cli');
    cpSync(join(repoRoot, 'fixtures', 'node-express'), dir, { recursive: true });
    writeFileSync(join(dir, 'broken.json'), '{\n  "AuthUrl": "https://app.vssps.visualstudio.com/oauth2/authorize",\n  oops\n}\n');
    const r = await run(['scan', dir, '--json']);
    expect(r.code).toBe(0);
    const result = ScanResult.parse(JSON.parse(r.stdout));
    expect(result.diagnostics).toEqual([expect.objectContaining({ file: 'broken.json', line: 3 })]);
    expect(result.apps.length).toBe(1);
    expect(r.stderr).toContain('broken.json:3');
  });
});

describe('no secret value reaches any output', () => {
  const legacyJwt = readFileSync(join(repoRoot, 'fixtures', 'sample-app', 'OAuth.config'), 'utf8').match(/eyJ[\w.-]+/)![0];
  const planted = [
    legacyJwt, legacyJwt.split('.')[1]!, 'bot-framework-password-not-oauth', 'not-the-real-one-ask-ops',
    'full-access-legacy-secret', 'limited-legacy-secret', 'k8s-legacy-client-secret-value',
    Buffer.from('k8s-legacy-client-secret-value').toString('base64'), 'super-secret-in-a-broken-file',
  ];
  const dir = tempDir('secrets');
  for (const f of ['sample-app', 'node-express', 'ruby-toml-tool', 'k8s-workspaces']) cpSync(join(repoRoot, 'fixtures', f), join(dir, f), { recursive: true });
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'appsettings.json'), '{ "VstsClientSecret": "super-secret-in-a-broken-file", "AuthUrl": "https://app.vssps.visualstudio.com/oauth2/token" ');
  writeFileSync(join(dir, 'broken', 'values.yaml'), 'clientSecret: super-secret-in-a-broken-file\nurl: https://app.vssps.visualstudio.com/oauth2/token\n  bad: [\n');

  const commands = [
    ['scan', dir], ['scan', dir, '--json'], ['scan', dir, '--verbose'],
    ['plan', dir, ...plan], ['plan', dir, ...plan, '--json', '--verbose'], ['plan', dir, ...plan, '--scope-style', 'explicit', '--msa-users'],
    ['scopes', '--json'],
  ];
  it.each(commands)('%s %s', async (...args) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(0);
    for (const secret of planted) {
      expect(r.stdout.includes(secret), `stdout leaks ${secret.slice(0, 6)}…`).toBe(false);
      expect(r.stderr.includes(secret), `stderr leaks ${secret.slice(0, 6)}…`).toBe(false);
    }
  });

  it('plan --out, apply and rollback: not in their output, the plan file or the backup journal', async () => {
    const work = tempDir('secrets-apply');
    cpSync(dir, work, { recursive: true });
    const planFile = join(work, 'plan.json');
    const outputs = [
      await run(['plan', work, ...plan, '--out', planFile, '--verbose']),
      await run(['apply', planFile, '--verbose', '--cwd', work]),
      await run(['apply', planFile, '--json', '--cwd', work]),
      await run(['rollback', '--list', '--json', '--root', work]),
      await run(['rollback', '--root', work, '--verbose']),
    ];
    const journals = readdirSync(join(work, '.ado2entra', 'backups')).map((id) => readFileSync(join(work, '.ado2entra', 'backups', id, 'journal.json'), 'utf8'));
    expect(journals).toHaveLength(1);
    const texts = [...outputs.flatMap((r) => [r.stdout, r.stderr]), readFileSync(planFile, 'utf8'), ...journals];
    expect(outputs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    for (const secret of planted) for (const text of texts) expect(text.includes(secret), `leaks ${secret.slice(0, 6)}…`).toBe(false);
  });
});
