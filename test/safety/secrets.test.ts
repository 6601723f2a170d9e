import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { repoRoot } from '../support/golden.js';
import { tree } from '../support/tree.js';

const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const legacyJwt = `${b64u({ typ: 'JWT', alg: 'RS256' })}.${b64u({ iss: 'app.vssps.visualstudio.com', aud: 'app.vssps.visualstudio.com', nameid: 'planted-legacy-1' })}.cGxhbnRlZC1zaWc`;
const planted = {
  legacyJwt,
  appSecret: 'app-secret-PLANTED-2-q8Zr',
  entraSecret: 'entra-secret-PLANTED-3-Xk~9',
  k8sSecret: 'k8s-secret-PLANTED-4-Wv3',
  pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQPLANTED5',
  refreshToken: 'rt-PLANTED-6-0.AVYAxyz',
  // #13.7: secrets in lines that are not secret settings, shown as diff context
  commentedJwt: `${b64u({ typ: 'JWT', alg: 'RS256' })}.${b64u({ iss: 'app.vssps.visualstudio.com', aud: 'app.vssps.visualstudio.com', nameid: 'planted-commented-7' })}.Y29tbWVudGVkLXNpZw`,
  shortAppSecret: 'my-PLANTED-8',
  userinfo: 'userinfo-PLANTED-9',
  querySecret: 'cs-PLANTED-10-query',
  queryAssertion: 'ca-PLANTED-11-query',
  formRefresh: 'rt-PLANTED-12-form',
  formCode: 'code-PLANTED-13-form',
};
const forbidden = [...Object.values(planted), legacyJwt.split('.')[1]!, planted.commentedJwt.split('.')[1]!, Buffer.from(planted.k8sSecret).toString('base64'), Buffer.from(planted.entraSecret).toString('base64')];

function fixture(): string {
  return tree({
    'web/OAuth.config': `<?xml version="1.0"?>\n<appSettings>\n  <add key="ClientAppId" value="3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93" />\n  <add key="ClientAppSecret" value="${planted.legacyJwt}" />\n  <add key="AppSecret" value="${planted.appSecret}" />\n  <add key="Scope" value="vso.code vso.work" />\n  <add key="CallbackUrl" value="https://app.example/callback" />\n  <add key="AuthUrl" value="https://app.vssps.visualstudio.com/oauth2/authorize" />\n</appSettings>\n`,
    'api/appsettings.json': JSON.stringify({ AzureDevOps: { Authority: 'https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000', ClientId: '22222222-3333-4444-5555-666666666666', ClientSecret: planted.entraSecret, Scopes: ['499b84ac-1321-427f-aa17-267ca6975798/.default'] } }, null, 2),
    'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: oauth\n  annotations:\n    che.eclipse.org/oauth-scm-server: azure-devops\ndata:\n  id: ${Buffer.from('0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a').toString('base64')}\n  secret: ${Buffer.from(planted.k8sSecret).toString('base64')}\n`,
    'bot/settings.yaml': `oauth:\n  tokenUrl: https://app.vssps.visualstudio.com/oauth2/token\n  clientId: 1a3c5e7b-9d1f-4b3d-8e5a-7c9e1b3d5f7a\n  privateKey: "-----BEGIN PRIVATE KEY-----\\n${planted.pemBody}\\n-----END PRIVATE KEY-----"\n`,
    'svc/.env': [
      'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize',
      `# VSTS_APP_SECRET=${planted.commentedJwt}`,
      `VSTS_APP_SECRET=${planted.shortAppSecret}`,
      `VSTS_CALLBACK_URL=https://ops:${planted.userinfo}@svc.example/cb?client_secret=${planted.querySecret}&client_assertion=${planted.queryAssertion}`,
      `OAUTH_FORM_BODY=grant_type=refresh_token&refresh_token=${planted.formRefresh}&code=${planted.formCode}`,
      'VSTS_CLIENT_ID=0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7b',
      'VSTS_SCOPE=vso.code',
      '',
    ].join('\n'),
    'bot/refresh.js': `const TOKEN_URL = 'https://app.vssps.visualstudio.com/oauth2/token';\nconst refreshToken = '${planted.refreshToken}';\nbody = 'grant_type=refresh_token&assertion=' + refreshToken;\n`,
  });
}

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const ids = ['--tenant', '72f988bf-0000-4000-8000-000000000000', '--client-id', '11111111-2222-3333-4444-555555555555'];

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args, '--verbose'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { ...r, text: `${r.stdout}\n${r.stderr}` };
}

function expectClean(label: string, text: string): void {
  for (const secret of forbidden) expect(text.includes(secret), `${label} leaks ${secret.slice(0, 12)}…`).toBe(false);
}

describe('no planted secret (nor its base64) reaches any output, file we write or backup metadata', () => {
  // Every command, every format, --verbose, error paths and injected faults; one test per command so that none is
  // long on a loaded machine. The runs share a fixture: apply uses the plan written by the plan group.
  const dir = fixture();
  const out = tempDir('out');
  const groups: [string, [string[], Record<string, string>?][]][] = [
    ['scan', [[['scan', '.']], [['scan', '.', '--json']]]],
    ['plan (also the usage-error and internal-error paths)', [
      [['plan', '.', ...ids]], [['plan', '.', ...ids, '--json', '--keep-legacy', '--secret-ref', 'env:ENTRA_CLIENT_SECRET']], [['plan', '.', ...ids, '--out', join(out, 'plan.json')]],
      [['plan', '.', '--tenant', 'not a tenant', '--client-id', 'nope']], [['plan', '.', ...ids], { ADO2ENTRA_FAULT: 'crash:plan' }],
    ]],
    ['report', ['markdown', 'html', 'json'].map((f): [string[]] => [['report', '.', ...ids, '--format', f, '--out', join(out, `report.${f}`)]])],
    ['validate', [
      ...['text', 'json', 'sarif', 'junit', 'github', 'azure-pipelines'].map((f): [string[]] => [['validate', '.', '--format', f, '--out', join(out, `validate.${f}`)]]),
      [['validate', '.', '--write-baseline', join(out, 'baseline.json')]],
    ]],
    ['verify and scopes', [[['verify', '.', ...ids]], [['verify', '.', ...ids, '--json', '--flow', 'all']], [['scopes', '--json']]]],
    ['apply and rollback', [
      [['apply', join(out, 'plan.json')], { ADO2ENTRA_FAULT: 'fail-write:1' }],
      [['apply', join(out, 'plan.json')]], [['apply', join(out, 'plan.json'), '--json']],
      [['rollback', '--list', '--json']], [['rollback']],
    ]],
  ];
  const codes: number[] = [];

  it.each(groups)('%s', (_name, runs) => {
    for (const [args, env] of runs) {
      const r = run(dir, args, env);
      codes.push(r.status ?? -1);
      expectClean(args.join(' '), r.text);
    }
  }, 120_000);

  it('the files written and the backup journals', () => {
    expect(codes).toContain(3); // the injected crash went through the internal-error path
    expect(codes).toContain(2); // and the usage error path
    for (const file of readdirSync(out)) expectClean(file, readFileSync(join(out, file), 'utf8'));
    const backups = join(dir, '.ado2entra', 'backups');
    expect(readdirSync(backups).length).toBeGreaterThan(0);
    for (const id of readdirSync(backups)) expectClean(`journal ${id}`, readFileSync(join(backups, id, 'journal.json'), 'utf8'));
  });

  it('the planted lines are diff context in the plan (so the masking above is tested), and the commented secret is a finding', () => {
    const plan = JSON.parse(run(dir, ['plan', '.', ...ids, '--json']).stdout) as { edits: { file: string; diff: string }[] };
    const diff = plan.edits.find((e) => e.file === 'svc/.env')!.diff;
    expect(diff).toMatch(/^ # VSTS_APP_SECRET=\*\*\*$/m);
    expect(diff).toMatch(/^ VSTS_APP_SECRET=\*\*\*$/m);
    expect(diff).toContain('https://***@svc.example/cb?client_secret=***&client_assertion=***');
    expect(diff).toContain('refresh_token=***&code=***');
    const validate = JSON.parse(run(dir, ['validate', '.', '--json']).stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(validate.findings).toContainEqual(expect.objectContaining({ ruleId: 'A2E005', file: 'svc/.env', line: 2 }));
  }, 120_000);

  it('a tampered plan is refused without echoing what it carries', () => {
    const dir = fixture();
    const planFile = join(tempDir('tampered'), 'tampered.json');
    expect(run(dir, ['plan', '.', ...ids, '--out', planFile]).status).toBe(0);
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    plan.edits[0].changes[0].text = planted.entraSecret;
    writeFileSync(planFile, JSON.stringify(plan));
    const r = run(dir, ['apply', planFile]);
    expect(r.status).toBe(1);
    expectClean('tampered apply', r.text);
  });
});
