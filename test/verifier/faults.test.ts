// Fault injection: each rule of docs/verify.md, provoked by editing a correctly migrated fixture the way a real
// migration goes wrong, must fail with the exact code, the message and the fix. The untouched fixtures pass.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerifyCore, type VerifyOptions } from '../../src/cli/verify.js';
import { lookupScope } from '../../src/model/scope-catalog.js';
import { VerifyResult } from '../../src/model/verify.js';
import { copyFixture } from '../support/plan-helpers.js';
import { tempDir } from '../support/temp.js';
import { server } from '../setup/network.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const tenant = '72f988bf-0000-4000-8000-000000000000';
const appId = '11111111-2222-3333-4444-555555555555';
const callback = 'https://notes.fabrikam.example/auth/callback';
const network = { use: (...h: Parameters<typeof server.use>) => server.use(...h), reset: () => server.resetHandlers() };

/** `az ad app show` for the notes portal: single tenant, one Web redirect URI, vso.code + vso.work_write, a secret. */
function registrationJson(extra: Record<string, unknown> = {}): string {
  const scope = (value: string) => ({ id: lookupScope(value)!.permissionId, type: 'Scope' });
  return JSON.stringify({
    appId, displayName: 'Release notes portal', signInAudience: 'AzureADMyOrg',
    web: { redirectUris: [callback], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] }, publicClient: { redirectUris: [] },
    requiredResourceAccess: [{ resourceAppId: ado, resourceAccess: [scope('vso.code'), scope('vso.work_write')] }],
    passwordCredentials: [{ displayName: 'portal', keyId: '0a1b2c3d-0000-4000-8000-000000000001', endDateTime: '2027-06-01T00:00:00Z', hint: 'abc' }],
    keyCredentials: [],
    ...extra,
  }, null, 2);
}

/** A private copy of the migrated Python portal with `config.ini` edited, verified against its registration. */
async function portal(edit: (ini: string) => string = (t) => t, opts: Partial<VerifyOptions> = {}, registration = registrationJson()): Promise<VerifyResult> {
  const dir = copyFixture('migrated-python-web');
  writeFileSync(join(dir, 'config.ini'), edit(readFileSync(join(dir, 'config.ini'), 'utf8')));
  const file = join(tempDir('registration'), 'registration.json');
  writeFileSync(file, registration);
  return VerifyResult.parse(await runVerifyCore(dir, { tenant, clientId: appId, registration: file, quiet: true, ...opts }, network));
}

const setting = (key: string, value: string) => (ini: string) => ini.replace(new RegExp(`^${key} = .*$`, 'm'), `${key} = ${value}`);
const codes = (r: VerifyResult) => r.flows.flatMap((f) => f.steps.map((s) => s.code)).filter(Boolean);
const errors = (r: VerifyResult) => r.flows.filter((f) => !f.ok).map((f) => f.error).join('\n');

describe('correctly migrated apps pass against their registration', () => {
  it('the user-flow portal (INI read by Python): auth code + refresh, hand-written and refreshed, every call its scopes allow', async () => {
    const r = await portal();
    expect(r.flows.map((f) => [f.name, f.ok])).toEqual([
      ['entra-auth-code-msal', true], ['entra-refresh-msal', true], ['entra-auth-code-http', true], ['entra-refresh-http', true],
    ]);
    expect(r.ok).toBe(true);
    expect(r.summary).toMatchObject({ verdict: 'ok', flowsRun: 4, flowsPassed: 4 });
    expect(r.parity.map((p) => p.requiredScope)).toEqual(['vso.profile', 'vso.code', 'vso.work', 'vso.work_write', 'vso.hooks']);
    expect(r.assumptions).toContain(`registration: --registration ${r.assumptions.find((a) => a.startsWith('registration: --registration'))!.slice('registration: --registration '.length)}`);
  });

  it('the daemon: client credentials only, read from the code (ClientSecretCredential), the call its code makes', async () => {
    const dir = copyFixture('migrated-daemon');
    const r = VerifyResult.parse(await runVerifyCore(dir, { tenant, clientId: '44444444-5555-6666-7777-888888888888', quiet: true }, network));
    expect(r.flows.map((f) => [f.name, f.ok])).toEqual([['entra-client-credentials', true]]);
    expect(r.parity.map((p) => [p.call, p.entra])).toEqual([['GET projects', true]]);
    expect(r.assumptions.join('\n')).toContain('flows from the code: client-credentials (src/sync.ts: ClientSecretCredential (app-only))');
    expect(r.ok).toBe(true);
  });
});

describe('each fault fails with the code, the message and the fix', () => {
  it('wrong redirect URI in the config: AADSTS50011 at authorize', async () => {
    const r = await portal(setting('redirect_uri', 'https://notes.fabrikam.example/auth/callbak'));
    expect(r.ok).toBe(false);
    expect(codes(r)).toContain('AADSTS50011');
    expect(errors(r)).toContain("The redirect URI 'https://notes.fabrikam.example/auth/callbak' specified in the request does not match the redirect URIs configured for the application '11111111-2222-3333-4444-555555555555'");
    expect(r.fixes).toContain(`redirect URI https://notes.fabrikam.example/auth/callbak is not registered on app ${appId}: add it as a Web redirect URI (az ad app update --id ${appId} --web-redirect-uris ${callback} https://notes.fabrikam.example/auth/callbak), or send a registered one in config.ini (${callback})`);
  });

  it('the legacy client id left in place: AADSTS700016', async () => {
    const r = await portal(setting('client_id', '3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93'));
    expect(codes(r)).toContain('AADSTS700016');
    expect(errors(r)).toContain("Application with identifier '3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93' was not found in the directory '72f988bf-0000-4000-8000-000000000000'");
    expect(r.fixes).toContain(`client id 3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93 in config.ini is not app ${appId} of tenant ${tenant}: use the Entra application (client) id ${appId}`);
  });

  it('a mistyped tenant: AADSTS90002', async () => {
    const r = await portal((t) => t.replaceAll(tenant, '72f988bf-0000-4000-8000-00000000000f'));
    expect(codes(r)).toContain('AADSTS90002');
    expect(errors(r)).toContain("Tenant '72f988bf-0000-4000-8000-00000000000f' not found");
    expect(r.fixes).toContain(`tenant 72f988bf-0000-4000-8000-00000000000f in config.ini is not the app's tenant: use https://login.microsoftonline.com/${tenant}`);
  });

  it('/common with a single-tenant app: AADSTS50194', async () => {
    const r = await portal(setting('authority', 'https://login.microsoftonline.com/common'));
    expect(codes(r)).toContain('AADSTS50194');
    expect(errors(r)).toContain(`Application '${appId}' is not configured as a multi-tenant application. Usage of the /common endpoint is not supported`);
    expect(r.fixes).toContain(`app ${appId} is single-tenant (signInAudience AzureADMyOrg): use the tenant-specific authority https://login.microsoftonline.com/${tenant} in config.ini, or make the app multi-tenant (AzureADMultipleOrgs)`);
  });

  it('/consumers: personal accounts are not for Azure DevOps', async () => {
    const r = await portal(setting('authority', 'https://login.microsoftonline.com/consumers'));
    expect(codes(r)).toContain('unauthorized_client');
    expect(errors(r)).toContain('The client does not exist or is not enabled for consumers');
    expect(r.fixes[0]).toMatch(/^personal Microsoft accounts cannot get Azure DevOps tokens through Entra/);
  });

  it('consent missing (--consent none): AADSTS90094 with the admin-consent URL', async () => {
    const r = await portal(undefined, { consent: 'none' });
    expect(codes(r)).toContain('AADSTS90094');
    expect(errors(r)).toContain('The grant requires admin permission: vso.code, vso.work_write of Azure DevOps has no admin consent and users may not consent');
    expect(r.fixes).toContain(`an administrator must consent to the permissions of app ${appId}: https://login.microsoftonline.com/${tenant}/adminconsent?client_id=${appId} (users may not consent in this tenant)`);
  });

  it('an explicit scope that is not on the resource: AADSTS650053', async () => {
    const r = await portal(setting('scope', `${ado}/vso.code_read offline_access`));
    expect(codes(r)).toContain('AADSTS650053');
    expect(errors(r)).toContain(`asked for scope 'vso.code_read' that doesn't exist on the resource '${ado}'`);
    expect(r.fixes).toContain('vso.code_read is not an Azure DevOps scope in config.ini: pick one from `ado2entra scopes`');
  });

  it('a narrower scope than the app needs: 401 TF400813 from Azure DevOps, the fix names the missing scope', async () => {
    const r = await portal(setting('scope', `${ado}/vso.code offline_access`));
    expect(codes(r)).toContain('TF400813');
    expect(errors(r)).toContain('GET work items: HTTP 401 (TF400813): missing scope vso.work');
    expect(r.parity.find((p) => p.requiredScope === 'vso.work_write')).toMatchObject({ entra: false, why: 'Entra token refused (TF400813)' });
    expect(r.fixes.find((f) => f.startsWith('missing scope vso.work:'))).toBe(`missing scope vso.work: request ${ado}/vso.work in config.ini and register the delegated permission vso.work on the Entra app (az ad app permission add --id ${appId} --api ${ado} --api-permissions ${lookupScope('vso.work')!.permissionId}=Scope)`);
  });

  it('offline_access dropped from hand-written token requests: no refresh token', async () => {
    const r = await portal(setting('scope', `${ado}/.default`));
    expect(r.flows.find((f) => f.name === 'entra-auth-code-http')).toMatchObject({ ok: false, error: 'no refresh token in the response: the requested scopes lack offline_access' });
    expect(r.fixes).toContain('add offline_access to the requested scopes (MSAL adds it itself; hand-written token requests must)');
  });

  it('.default mixed with other Azure DevOps scopes: AADSTS70011', async () => {
    const r = await portal(setting('scope', `${ado}/.default ${ado}/vso.code offline_access`));
    expect(codes(r)).toContain('AADSTS70011');
    expect(errors(r)).toContain(`${ado}/.default cannot be combined with other Azure DevOps scopes`);
    expect(r.fixes.join('\n')).toContain('fix the requested scopes in config.ini');
  });

  it('a bare vso.* scope: AADSTS650053 on Microsoft Graph, the fix adds the resource prefix', async () => {
    const r = await portal(setting('scope', 'vso.code vso.work_write offline_access'));
    expect(codes(r)).toContain('AADSTS650053');
    expect(errors(r)).toContain("asked for scope 'vso.code' that doesn't exist on the resource '00000003-0000-0000-c000-000000000000'");
    expect(r.fixes).toContain(`prefix vso.code with the Azure DevOps resource: ${ado}/vso.code in config.ini (a bare scope is looked up on Microsoft Graph)`);
  });

  it('a redirect URI the registration holds only as a single-page app: AADSTS9002327 at the token leg', async () => {
    const r = await portal(undefined, {}, registrationJson({ web: { redirectUris: [] }, spa: { redirectUris: [callback] } }));
    expect(codes(r)).toContain('AADSTS9002327');
    expect(r.fixes.join('\n')).toContain('is registered as a single-page-app redirect URI');
  });

  it('no client secret on the registration: AADSTS7000215, the fix says none is registered', async () => {
    const r = await portal(undefined, {}, registrationJson({ passwordCredentials: [] }));
    expect(codes(r)).toContain('AADSTS7000215');
    expect(r.fixes).toContain(`app ${appId} has no client secret: add one (az ad app credential reset --id ${appId} --append) or use the credential it has`);
  });

  it('the daemon whose service principal is not in the organization (--sp-in-org false): TF401444', async () => {
    const dir = copyFixture('migrated-daemon');
    const r = await runVerifyCore(dir, { tenant, clientId: '44444444-5555-6666-7777-888888888888', spInOrg: 'false', quiet: true }, network);
    expect(codes(r)).toContain('TF401444');
    expect(r.fixes).toContain('add the app\'s service principal to the Azure DevOps organization (Organization settings → Users) with at least Basic access');
  });

  it('the daemon whose registration file says its service principal is not in the organization: TF401444', async () => {
    const dir = copyFixture('migrated-daemon');
    const file = join(tempDir('registration'), 'daemon.json');
    writeFileSync(file, JSON.stringify({ appId: '44444444-5555-6666-7777-888888888888', signInAudience: 'AzureADMyOrg', passwordCredentials: [{ keyId: 'k' }], servicePrincipalInOrg: false }));
    const r = await runVerifyCore(dir, { tenant, registration: file, quiet: true }, network);
    expect(codes(r)).toContain('TF401444');
  });
});

describe('--registration is read as Entra holds the app, or refused', () => {
  it('an app manifest (replyUrlsWithType) works like `az ad app show`', async () => {
    const manifest = registrationJson({ web: undefined, spa: undefined, publicClient: undefined, replyUrlsWithType: [{ url: callback, type: 'Web' }] });
    expect((await portal(undefined, {}, manifest)).ok).toBe(true);
  });

  it('not JSON, not an app, or another app than --client-id: a usage error naming the file', async () => {
    await expect(portal(undefined, {}, 'appId: nope')).rejects.toThrow(/is not JSON .*az ad app show/);
    await expect(portal(undefined, {}, JSON.stringify({ displayName: 'x' }))).rejects.toThrow(/is not an app registration: appId/);
    await expect(portal(undefined, { clientId: '99999999-2222-3333-4444-555555555555' })).rejects.toThrow(`--client-id 99999999-2222-3333-4444-555555555555 is not the app in`);
  });
});

