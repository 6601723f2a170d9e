import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { VerifyResult } from '../../src/model/verify.js';
import { buildPlan } from '../../src/plan/build.js';
import { verifyAppsFromPlan } from '../../src/verifier/from-plan.js';
import { verifyApps, type VerifyApp, type VerifyOptions } from '../../src/verifier/run.js';
import { repoRoot } from '../support/golden.js';
import { tempDir } from '../support/temp.js';
import { fixturesDir, inputs } from '../support/plan-helpers.js';
import { server } from '../setup/network.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const network = { use: (...h: Parameters<typeof server.use>) => server.use(...h), reset: () => server.resetHandlers() };
const options = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ credential: 'secret', flows: new Set(['auth-code']), org: 'fabrikam', network, ...extra });

function sampleApp(extra: Record<string, unknown> = {}): VerifyApp {
  const evidence = scanWithEvidence(join(fixturesDir, 'sample-app'));
  const plan = buildPlan(evidence, inputs(extra));
  return verifyAppsFromPlan(plan, evidence.result).apps[0]!;
}

function withClient(app: VerifyApp, client: Partial<VerifyApp['client']>): VerifyApp {
  return { ...app, client: { ...app.client, ...client } };
}

function withRegistration(app: VerifyApp, registration: Partial<VerifyApp['registration']>): VerifyApp {
  return { ...app, registration: { ...app.registration, ...registration } };
}

const flow = (r: VerifyResult, name: string) => r.flows.find((f) => f.name === name)!;
const failingCodes = (r: VerifyResult) => r.flows.flatMap((f) => f.steps.map((s) => s.code)).filter(Boolean);

describe('the planned migration of the sample app passes, through the real libraries', () => {
  it('legacy and Entra flows, refresh included, and the same REST access', async () => {
    const result = VerifyResult.parse(await verifyApps([sampleApp()], options()));
    expect(result.flows.map((f) => [f.name, f.ok])).toEqual([
      ['legacy-auth-code', true], ['legacy-refresh', true], ['entra-auth-code-msal', true], ['entra-refresh-msal', true],
      ['entra-auth-code-http', true], ['entra-refresh-http', true],
    ]);
    expect(result.ok).toBe(true);
    expect(result.parity.map((p) => p.requiredScope)).toEqual(['vso.profile', 'vso.code', 'vso.work', 'vso.work_write', 'vso.build', 'vso.hooks']);
    expect(result.parity.every((p) => p.legacy && p.entra)).toBe(true);
    // MSAL sent PKCE and added the OIDC scopes itself; the refresh went through the refresh_token grant
    const authorize = flow(result, 'entra-auth-code-msal').steps[0]!;
    expect(authorize.url).toContain('code_challenge_method=S256');
    expect(authorize.url).toContain(`scope=${ado}/.default openid profile offline_access`);
  });

  it('explicit scope style, client credentials through @azure/identity, certificate credentials', async () => {
    const result = await verifyApps([sampleApp({ scopeStyle: 'explicit', credential: 'certificate' })], options({ credential: 'certificate', flows: new Set(['auth-code', 'client-credentials']) }));
    expect(result.flows.filter((f) => !f.ok)).toEqual([]);
    expect(flow(result, 'entra-client-credentials').steps[0]).toMatchObject({ method: 'POST', status: 200 });
  });
});

describe('a browser app (SPA) signs in from the page', () => {
  const evidence = scanWithEvidence(join(fixturesDir, 'react-spa-boards'));
  const spaApp = () => verifyAppsFromPlan(buildPlan(evidence, inputs()), evidence.result).apps[0]!;

  it('the planned SPA registration passes: the code redeemed cross-origin, no secret, refresh from the page', async () => {
    const app = spaApp();
    expect(app.browser).toBe(true);
    expect(app.registration.redirectUris).toEqual({ web: [], spa: ['https://boards.contoso.test/auth/callback'], publicClient: [] });
    expect(app.registration.credentials).toEqual({ secret: false, certificate: false, federated: false });
    const result = VerifyResult.parse(await verifyApps([app], options()));
    expect(result.flows.map((f) => [f.name, f.ok])).toEqual([['legacy-auth-code', true], ['legacy-refresh', true], ['entra-auth-code-spa', true], ['entra-refresh-spa', true]]);
    expect(result.ok).toBe(true);
    const redeem = flow(result, 'entra-auth-code-spa').steps.find((s) => s.url.endsWith('/token'))!;
    expect(redeem).toMatchObject({ method: 'POST', status: 200 });
    expect(result.parity.every((p) => p.entra)).toBe(true);
  });

  it('a browser app whose redirect URI is only on the Web platform: AADSTS9002326 at the token leg, and the fix moves it to spa', async () => {
    const app = spaApp();
    const uri = 'https://boards.contoso.test/auth/callback';
    const result = await verifyApps([withRegistration(app, { redirectUris: { web: [uri], spa: [], publicClient: [] }, credentials: { secret: true, certificate: false, federated: false } })], options());
    const failed = flow(result, 'entra-auth-code-spa');
    expect(failed.ok).toBe(false);
    expect(failed.steps.at(-1)).toMatchObject({ method: 'POST', status: 400, code: 'AADSTS9002326' });
    expect(failed.error).toContain("Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type");
    expect(result.ok).toBe(false);
    expect(result.fixes.join('\n')).toContain(`${uri} is registered as a Web redirect URI, but the browser redeems the code cross-origin`);
    expect(result.fixes.join('\n')).toContain(`az rest --method PATCH --url "https://graph.microsoft.com/v1.0/applications(appId='${app.registration.appId}')"`);
  });
});

describe('misconfigurations fail here as they would against Entra, with the fix', () => {
  it('a redirect URI that is not registered: AADSTS50011', async () => {
    const result = await verifyApps([withRegistration(sampleApp(), { redirectUris: { web: ['https://elsewhere.example/cb'], spa: [], publicClient: [] } })], options());
    expect(result.ok).toBe(false);
    expect(flow(result, 'entra-auth-code-msal')).toMatchObject({ ok: false });
    expect(failingCodes(result)).toContain('AADSTS50011');
    expect(result.fixes.join('\n')).toContain('redirect URI https://dashboard.fabrikam.example/oauth/callback is not registered on app 11111111-2222-3333-4444-555555555555: add it as a Web redirect URI');
    expect(flow(result, 'legacy-auth-code').ok).toBe(true);
  });

  it('a scope Azure DevOps does not have: AADSTS650053; .default mixed with other Azure DevOps scopes: AADSTS70011', async () => {
    for (const [scopes, code] of [[[`${ado}/vso.code_read`, 'offline_access'], 'AADSTS650053'], [[`${ado}/.default`, `${ado}/vso.code`, 'offline_access'], 'AADSTS70011']] as const) {
      const result = await verifyApps([withClient(sampleApp(), { scopes: [...scopes] })], options());
      expect(result.ok).toBe(false);
      expect(failingCodes(result)).toContain(code);
    }
  });

  it('a permission missing from the registration: 401 TF400813 from Azure DevOps, the fix names the missing scope and registers it', async () => {
    const app = withRegistration(sampleApp(), { permissions: ['vso.build', 'vso.work_write', 'vso.profile'] });
    const result = await verifyApps([app], options());
    expect(result.ok).toBe(false);
    const repos = result.parity.find((p) => p.requiredScope === 'vso.code')!;
    expect(repos).toMatchObject({ legacy: true, entra: false, why: 'Entra token refused (TF400813)' });
    expect(failingCodes(result)).toContain('TF400813');
    expect(flow(result, 'entra-auth-code-msal').error).toBe('GET git repositories: HTTP 401 (TF400813): missing scope vso.code');
    expect(result.fixes).toContain(`missing scope vso.code: register the delegated permission vso.code on the Entra app (az ad app permission add --id 11111111-2222-3333-4444-555555555555 --api ${ado} --api-permissions b325850d-aa53-41ed-b77a-c5036b2f39fa=Scope)`);
  });

  it('no offline_access: MSAL still refreshes (it adds the scope), hand-written token requests get no refresh token', async () => {
    const result = await verifyApps([withClient(sampleApp(), { scopes: [`${ado}/.default`] })], options());
    expect(flow(result, 'entra-refresh-msal').ok).toBe(true);
    expect(flow(result, 'entra-auth-code-http')).toMatchObject({ ok: false, error: expect.stringContaining('offline_access') });
    expect(result.fixes).toContain('add offline_access to the requested scopes (MSAL adds it itself; hand-written token requests must)');
  });

  it('a token for another resource (Graph): 401 TF400813 from Azure DevOps, the fix says so', async () => {
    const result = await verifyApps([withClient(sampleApp(), { scopes: ['User.Read', 'offline_access'] })], options());
    expect(failingCodes(result)).toContain('TF400813');
    expect(result.fixes.join('\n')).toContain('token for another resource (aud 00000003-0000-0000-c000-000000000000)');
    expect(result.parity.every((p) => p.entra === false)).toBe(true);
  });

  it('an app-only token whose service principal is not in the organization: 401 TF401444', async () => {
    const result = await verifyApps([sampleApp()], options({ flows: new Set(['client-credentials']), servicePrincipalInOrg: false }));
    expect(flow(result, 'entra-client-credentials')).toMatchObject({ ok: false });
    expect(failingCodes(result)).toContain('TF401444');
    expect(result.fixes.join()).toContain('service principal to the Azure DevOps organization');
  });
});

describe('verify command', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('--json follows the contract; exit 0; no secret, code or token in any output', () => {
    const r = run('verify', join(fixturesDir, 'sample-app'), '--json', '--verbose', '--flow', 'all');
    expect(r.status).toBe(0);
    const result = VerifyResult.parse(JSON.parse(r.stdout));
    expect(result.ok).toBe(true);
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toMatch(/eyJ[\w-]{8,}/);
      expect(text).not.toMatch(/(entra-secret|legacy-client-secret|entra-code|legacy-code|entra-refresh|legacy-refresh)\.[\w-]{8,}/);
    }
  });

  it('exit 1 with the fix when the Entra flow falls short', () => {
    const r = run('verify', join(fixturesDir, 'sample-app'), '--no-refresh');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL entra-auth-code-http');
    expect(r.stdout).toContain('add offline_access');
  });
});

describe('verify after the migration reads the Entra settings back from the files', () => {
  it('explicit scopes from a migrated appsettings.json: flows pass, the REST calls follow the requested scopes', async () => {
    const { verifyAppsFromConfig } = await import('../../src/verifier/from-config.js');
    const evidence = scanWithEvidence(join(fixturesDir, 'migrated-dotnet'));
    const { apps, assumptions } = verifyAppsFromConfig(evidence.files);
    expect(apps.map((a) => [a.id, a.client.tenant, a.client.clientId, a.client.scopeStyle])).toEqual([
      ['appsettings.json', '72f988bf-0000-4000-8000-000000000000', '22222222-3333-4444-5555-666666666666', 'explicit'],
    ]);
    expect(assumptions.join('\n')).toContain('no --registration: assumed app 22222222-3333-4444-5555-666666666666 holds vso.code, vso.work');
    const result = await verifyApps(apps, options({ plainHttp: false }));
    expect(result.ok).toBe(true);
    expect(result.flows.map((f) => f.name)).toEqual(['entra-auth-code-msal', 'entra-refresh-msal']);
    expect(result.parity.map((p) => [p.requiredScope, p.legacy, p.entra])).toContainEqual(['vso.code', null, true]);
  });

  it('the CLI skips the plain-HTTP flow where the code uses MSAL, and exits 0', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), 'verify', join(fixturesDir, 'migrated-msal-node'), '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const result = VerifyResult.parse(JSON.parse(r.stdout));
    expect(result.flows.every((f) => f.ok && !f.name.includes('http'))).toBe(true);
    expect(result.assumptions.join('\n')).toContain('the code uses MSAL');
  });
});

describe('a migrated browser app (@azure/msal-browser): the SPA flow against the registration', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), 'verify', join(fixturesDir, 'migrated-msal-browser'), '--json', ...args], { encoding: 'utf8' });
  const redirect = 'https://sprints.fabrikam.example/auth/done';
  const registrationFile = (platform: 'web' | 'spa') => {
    const file = join(tempDir('spa-registration'), `${platform}.json`);
    writeFileSync(file, JSON.stringify({
      appId: '2b6f0d3e-8c41-4a7e-b5d2-93e1f07c6a84', signInAudience: 'AzureADMyOrg', [platform]: { redirectUris: [redirect] },
      requiredResourceAccess: [{ resourceAppId: ado, resourceAccess: [{ id: '7b1a2725-1134-40f5-a891-d20bbb122919', type: 'Scope' }] }],
    }));
    return file;
  };

  it('the URI on the spa platform passes: redeemed from the page with no secret; the assumed registration is a SPA too', () => {
    for (const args of [[], ['--registration', registrationFile('spa')]]) {
      const r = cli(...args);
      expect(r.status, r.stderr).toBe(0);
      const result = VerifyResult.parse(JSON.parse(r.stdout));
      expect(result.flows.map((f) => [f.name, f.ok])).toEqual([['entra-auth-code-spa', true], ['entra-refresh-spa', true]]);
    }
    expect(cli().stdout).toContain('on the Single-page application platform (src/authConfig.ts signs in with @azure/msal-browser)');
  });

  it('the URI only on the Web platform: AADSTS9002326 at the token leg, exit 1, the fix moves it to spa', () => {
    const r = cli('--registration', registrationFile('web'));
    expect(r.status).toBe(1);
    const result = VerifyResult.parse(JSON.parse(r.stdout));
    expect(result.flows[0]).toMatchObject({ name: 'entra-auth-code-spa', ok: false });
    expect(result.flows[0]!.steps.at(-1)).toMatchObject({ method: 'POST', status: 400, code: 'AADSTS9002326' });
    expect(result.fixes[0]).toContain(`${redirect} is registered as a Web redirect URI, but the browser redeems the code cross-origin`);
  });
});

describe('verify between apply and the code change: legacy side from the backup, Entra side from the files', () => {
  const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), ...args, '--tenant', '72f988bf-0000-4000-8000-000000000000', '--client-id', '11111111-2222-3333-4444-555555555555'], { cwd, encoding: 'utf8' });
  it('passes after apply, and catches a scope narrowed by hand in the migrated config', async () => {
    const { copyFixture } = await import('../support/plan-helpers.js');
    const { readFileSync } = await import('node:fs');
    const dir = copyFixture('sample-app');
    expect(run(dir, 'plan', '.', '--out', 'plan.json').status).toBe(0);
    expect(spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), 'apply', 'plan.json'], { cwd: dir }).status).toBe(0);
    const after = run(dir, 'verify', '.', '--json');
    const result = VerifyResult.parse(JSON.parse(after.stdout));
    expect(result.ok).toBe(true);
    expect(result.parity.map((p) => p.requiredScope)).toContain('vso.work_write');
    expect(result.assumptions.join('\n')).toContain('before apply (backup');
    // the verdict is about the configuration; the code still on the legacy protocol is listed, site by site
    expect(result.summary!.legacyCodeSites.map((s) => s.file)).toContain('Controllers/OAuthController.cs');
    const text = run(dir, 'verify', '.').stdout;
    expect(text).toContain('OK for the configuration');
    expect(text).toContain('The configuration is migrated, but the code still speaks the legacy protocol (`validate` keeps failing on these):');
    expect(text).toMatch(/ {2}- Controllers\/OAuthController\.cs:\d+ \(response-type\)/);
    const config = readFileSync(join(dir, 'OAuth.config'), 'utf8');
    writeFileSync(join(dir, 'OAuth.config'), config.replace(`${ado}/.default offline_access`, `${ado}/vso.code offline_access`));
    const narrowed = run(dir, 'verify', '.');
    expect(narrowed.status).toBe(1);
    expect(narrowed.stdout).toContain(`missing scope vso.work: request ${ado}/vso.work in OAuth.config`);
    // the legacy App ID put back by hand: Entra does not know it, and the fix says which id it is
    writeFileSync(join(dir, 'OAuth.config'), config.replace('"11111111-2222-3333-4444-555555555555"', '"3F5A1C2E-9B7D-4E61-8A2F-0C4D6E8B1A93"'));
    const legacyId = run(dir, 'verify', '.');
    expect(legacyId.status).toBe(1);
    expect(legacyId.stdout).toContain('AADSTS700016');
    expect(legacyId.stdout).toContain('the client id in OAuth.config is still the legacy App ID 3F5A1C2E-9B7D-4E61-8A2F-0C4D6E8B1A93: use the Entra application (client) id 11111111-2222-3333-4444-555555555555');
  });
});

describe('honest verdicts: a run that proved nothing never says OK', () => {
  const cli = (dir: string) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), 'verify', dir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  it('no Azure DevOps OAuth at all: "nothing to verify", exit 0, no OK', async () => {
    const dir = tempDir('verify-empty');
    writeFileSync(join(dir, 'README.md'), '# a service with no Azure DevOps access\n');
    const r = cli(dir);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('Nothing to verify: no Azure DevOps OAuth (legacy or Entra) in this tree.');
  });

  it('an Entra app for Azure DevOps that cannot be verified: exit 1, naming why', async () => {
    const dir = tempDir('verify-unverified');
    writeFileSync(join(dir, 'appsettings.json'), JSON.stringify({ AzureAd: { Instance: 'https://login.microsoftonline.com/', ClientId: '22222222-3333-4444-5555-666666666666' }, AzureDevOps: { Organization: 'https://dev.azure.com/fabrikam' } }, null, 2));
    const r = cli(dir);
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe('NOT VERIFIED: Entra settings for Azure DevOps in appsettings.json, but no Azure DevOps scope list: nothing says what the app requests.');
    const json = VerifyResult.parse(JSON.parse(spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), 'verify', dir, '--json'], { encoding: 'utf8' }).stdout));
    expect(json).toMatchObject({ ok: false, flows: [], summary: { verdict: 'unverified', flowsRun: 0 } });
    // and `validate --verify` fails on it as an error finding
    expect(json.findings).toEqual([expect.objectContaining({ ruleId: 'A2E401', severity: 'error', message: expect.stringMatching(/^not verified: Entra settings for Azure DevOps in appsettings\.json/) })]);
  });
});

describe('a fully migrated tree: the registration and the legacy side from the backup set, when there is one', () => {
  const cli = join(repoRoot, 'dist', 'cli', 'index.js');
  const ids = ['--tenant', '72f988bf-0000-4000-8000-000000000000', '--client-id', '11111111-2222-3333-4444-555555555555'];
  const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args, ...ids], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('after the code moved to MSAL too, the plan of the files before apply is the registration: a redirect URI edited later fails', async () => {
    const { copyFixture } = await import('../support/plan-helpers.js');
    const { readFileSync } = await import('node:fs');
    const dir = copyFixture('sample-app');
    expect(run(dir, 'plan', '.', '--out', 'plan.json').status).toBe(0);
    expect(spawnSync(process.execPath, [cli, 'apply', 'plan.json'], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'Controllers', 'OAuthController.cs'), 'using Microsoft.Identity.Client;\npublic class OAuthController {\n  public async Task Callback(string code) { var r = await app.AcquireTokenByAuthorizationCode(scopes, code).ExecuteAsync(); }\n}\n');
    const ok = VerifyResult.parse(JSON.parse(run(dir, 'verify', '.', '--json').stdout));
    expect(ok.ok).toBe(true);
    expect(ok.flows.map((f) => f.name)).toEqual(['legacy-auth-code', 'legacy-refresh', 'entra-auth-code-msal', 'entra-refresh-msal']);
    expect(ok.assumptions.join('\n')).toMatch(/registration: the registration the plan made from the files before apply asks for \(backup /);
    expect(ok.summary).toMatchObject({ verdict: 'ok', restCallsCompared: 6, legacyCodeSites: [] });
    writeFileSync(join(dir, 'OAuth.config'), readFileSync(join(dir, 'OAuth.config'), 'utf8').replace('oauth/callback', 'oauth/callbak'));
    const wrong = run(dir, 'verify', '.');
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain('AADSTS50011');
  });

  it('without --registration, plan or backup set, the verdict says what it could not check', () => {
    const r = spawnSync(process.execPath, [cli, 'verify', join(fixturesDir, 'migrated-python-web')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Not checked: the registration was assumed from the files (no --registration, no plan or backup set): their redirect URI, client id and tenant were not checked against Entra; pass --registration FILE');
  });
});

