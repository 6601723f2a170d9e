import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { ClientSecretCredential } from '@azure/identity';
import { beforeEach, describe, expect, it } from 'vitest';
import { devopsHandlers } from '../../src/verifier/handlers/devops.js';
import { entraHandlers } from '../../src/verifier/handlers/entra.js';
import { legacyHandlers } from '../../src/verifier/handlers/legacy.js';
import { createWorld, type MockWorld } from '../../src/verifier/world.js';
import { server } from '../setup/network.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const tenant = '72f988bf-0000-4000-8000-000000000000';
const clientId = '11111111-2222-3333-4444-555555555555';
const redirectUri = 'https://app.example/callback';
let world: MockWorld;

beforeEach(async () => {
  world = await createWorld({
    org: 'fabrikam',
    legacy: { appId: '3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93', clientSecret: 'legacy-secret-value', callbackUrl: redirectUri, scopes: ['vso.code'] },
    entra: { clientId, tenantId: tenant, tenantNames: [tenant], secret: 'right-secret', certificatePem: null, redirectUris: [redirectUri], permissions: ['vso.code'], servicePrincipalInOrg: true },
  });
  server.use(...entraHandlers(world), ...legacyHandlers(world), ...devopsHandlers(world));
});

const cca = (secret = 'right-secret') => new ConfidentialClientApplication({ auth: { clientId, authority: `https://login.microsoftonline.com/${tenant}`, clientSecret: secret } });

async function codeFor(scopes: string[], challenge?: string): Promise<string> {
  const url = await cca().getAuthCodeUrl({ scopes, redirectUri, ...(challenge ? { codeChallenge: challenge, codeChallengeMethod: 'S256' } : {}) });
  const location = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
  return new URL(location).searchParams.get('code')!;
}

describe('mock Entra against the real msal-node', () => {
  it('a wrong client secret: invalid_client AADSTS7000215', async () => {
    const code = await codeFor([`${ado}/.default`]);
    await expect(cca('wrong').acquireTokenByCode({ code, scopes: [`${ado}/.default`], redirectUri })).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS7000215') });
  });

  it('a PKCE verifier that does not match: invalid_grant AADSTS501481', async () => {
    const { challenge } = await new CryptoProvider().generatePkceCodes();
    const other = await new CryptoProvider().generatePkceCodes();
    const code = await codeFor([`${ado}/.default`], challenge);
    await expect(cca().acquireTokenByCode({ code, scopes: [`${ado}/.default`], redirectUri, codeVerifier: other.verifier })).rejects.toMatchObject({ errorCode: 'invalid_grant', errorMessage: expect.stringContaining('AADSTS501481') });
  });

  it('a code redeemed twice: invalid_grant AADSTS54005', async () => {
    const code = await codeFor([`${ado}/.default`]);
    const app = cca();
    const first = await app.acquireTokenByCode({ code, scopes: [`${ado}/.default`], redirectUri });
    expect(first.accessToken).toBeTruthy();
    await expect(app.acquireTokenByCode({ code, scopes: [`${ado}/.default`], redirectUri })).rejects.toMatchObject({ errorMessage: expect.stringContaining('AADSTS54005') });
  });

  it('access tokens are JWTs signed for this run: aud, scp (the registered permissions for .default), tid, oid, exp', async () => {
    const code = await codeFor([`${ado}/.default`]);
    const result = await cca().acquireTokenByCode({ code, scopes: [`${ado}/.default`], redirectUri });
    const claims = await world.signer.verify(result.accessToken);
    expect(claims).toMatchObject({ aud: ado, scp: 'vso.code', tid: tenant, oid: world.user.oid });
    expect(claims!.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3000);
    expect(result.account?.homeAccountId).toBe(`${world.user.oid}.${tenant}`);
  });
});

describe('mock Entra against the real @azure/identity', () => {
  it('client credentials without /.default: AADSTS1002012', async () => {
    await expect(new ClientSecretCredential(tenant, clientId, 'right-secret').getToken(`${ado}/vso.code`)).rejects.toThrow(/AADSTS1002012/);
  });

  it('client credentials with /.default: an app token', async () => {
    const token = await new ClientSecretCredential(tenant, clientId, 'right-secret').getToken(`${ado}/.default`);
    expect(await world.signer.verify(token.token)).toMatchObject({ aud: ado, idtyp: 'app' });
  });
});

describe('mock legacy Azure DevOps OAuth', () => {
  const tokenRequest = (fields: Record<string, string>) => fetch('https://app.vssps.visualstudio.com/oauth2/token', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', redirect_uri: redirectUri, ...fields }),
  });

  it('a wrong client_assertion: 400 with the PascalCase error body', async () => {
    const response = await tokenRequest({ client_assertion: 'the-app-secret-not-the-client-secret', grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ Error: 'invalid_client', ErrorDescription: 'invalid client auth token.' });
  });

  it('the documented flow: token_type jwt-bearer, expires_in a string, refresh by assertion', async () => {
    const authorize = await fetch(`https://app.vssps.visualstudio.com/oauth2/authorize?client_id=3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93&response_type=Assertion&scope=vso.code&redirect_uri=${encodeURIComponent(redirectUri)}&state=s`, { redirect: 'manual' });
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const body = await (await tokenRequest({ client_assertion: 'legacy-secret-value', grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: code })).json() as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'jwt-bearer', expires_in: '3599' });
    const refreshed = await tokenRequest({ client_assertion: 'legacy-secret-value', grant_type: 'refresh_token', assertion: String(body.refresh_token) });
    expect(refreshed.status).toBe(200);
    const reused = await tokenRequest({ client_assertion: 'legacy-secret-value', grant_type: 'refresh_token', assertion: String(body.refresh_token) });
    expect(await reused.json()).toMatchObject({ Error: 'invalid_request' });
  });
});

describe('mock Azure DevOps REST', () => {
  const repos = 'https://dev.azure.com/fabrikam/_apis/git/repositories?api-version=7.1';
  it('401 without a bearer, 401 for a token not signed by this run', async () => {
    expect((await fetch(repos)).status).toBe(401);
    expect((await fetch(repos, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' } })).status).toBe(401);
  });

  it('403 naming the scope; includes are honoured (vso.code_write covers vso.code)', async () => {
    const token = (scp: string) => world.signer.sign({ aud: ado, scp, tid: tenant, oid: world.user.oid, idtyp: 'user' }, 600);
    const refused = await fetch(repos, { headers: { authorization: `Bearer ${await token('vso.work')}` } });
    expect(refused.status).toBe(403);
    expect((await refused.json() as { message: string }).message).toContain("'vso.code'");
    expect((await fetch(repos, { headers: { authorization: `Bearer ${await token('vso.code_write')}` } })).status).toBe(200);
  });
});

describe('verify --live, exercised only through msw', () => {
  it('client credentials and one REST call; a service principal outside the organization fails with the fix', async () => {
    const { verifyLive } = await import('../../src/verifier/live.js');
    const ok = await verifyLive({ tenant, clientId, secret: 'right-secret', org: 'fabrikam' });
    expect(ok.flows[0]!.steps.map((s) => s.status)).toEqual([200, 200]);
    expect(ok.ok).toBe(true);
    world.entra.servicePrincipalInOrg = false;
    const refused = await verifyLive({ tenant, clientId, secret: 'right-secret', org: 'fabrikam' });
    expect(refused).toMatchObject({ ok: false, fixes: [expect.stringContaining('service principal')] });
    const wrong = await verifyLive({ tenant, clientId, secret: 'wrong-secret', org: 'fabrikam' });
    expect(wrong.flows[0]!.steps[0]!.code).toBe('AADSTS7000215');
    expect(JSON.stringify(wrong)).not.toContain('wrong-secret');
  });
});
