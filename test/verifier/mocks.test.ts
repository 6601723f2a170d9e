import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { ClientSecretCredential } from '@azure/identity';
import { beforeEach, describe, expect, it } from 'vitest';
import { devopsHandlers } from '../../src/verifier/handlers/devops.js';
import { entraHandlers } from '../../src/verifier/handlers/entra.js';
import { legacyHandlers } from '../../src/verifier/handlers/legacy.js';
import type { AppRegistration } from '../../src/model/verify.js';
import { createWorld, type MockWorld } from '../../src/verifier/world.js';
import { server } from '../setup/network.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const tenant = '72f988bf-0000-4000-8000-000000000000';
const clientId = '11111111-2222-3333-4444-555555555555';
const redirectUri = 'https://app.example/callback';
let world: MockWorld;

const registration = (extra: Partial<AppRegistration> = {}): AppRegistration => ({
  appId: clientId, tenantId: tenant, tenantNames: [tenant], signInAudience: 'AzureADMyOrg',
  redirectUris: { web: [redirectUri], spa: [], publicClient: [] }, permissions: ['vso.code'], listsAzureDevOps: true,
  credentials: { secret: true, certificate: false, federated: false }, servicePrincipalInOrg: true, source: 'test', ...extra,
});

/** Stands up the three mock services for one registration and consent policy. */
async function stand(extra: Partial<AppRegistration> = {}, consent: 'user' | 'admin-granted' | 'none' = 'user') {
  world = await createWorld({
    org: 'fabrikam',
    legacy: { appId: '3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93', clientSecret: 'legacy-secret-value', callbackUrl: redirectUri, scopes: ['vso.code'] },
    entra: { registration: registration(extra), secret: 'right-secret', certificatePem: null, consent },
  });
  server.use(...entraHandlers(world), ...legacyHandlers(world), ...devopsHandlers(world));
}

beforeEach(() => stand());

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

/** The authorize leg as a browser sees it: Entra's own error page (status, code) or the redirect back (code or error). */
async function authorize(query: Record<string, string>, tenantSegment = tenant) {
  const url = `https://login.microsoftonline.com/${tenantSegment}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope: `${ado}/.default`, ...query })}`;
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status !== 302) return { status: response.status, body: await response.json() as { error: string; error_description: string; error_codes?: number[] } };
  const back = new URL(response.headers.get('location')!).searchParams;
  return { status: 302, code: back.get('code'), error: back.get('error'), description: back.get('error_description') ?? '' };
}

const redeem = (fields: Record<string, string>, tenantSegment = tenant) => fetch(`https://login.microsoftonline.com/${tenantSegment}/oauth2/v2.0/token`, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ client_id: clientId, client_secret: 'right-secret', redirect_uri: redirectUri, grant_type: 'authorization_code', ...fields }),
}).then(async (r) => ({ status: r.status, body: await r.json() as Record<string, string> & { error_codes?: number[] } }));

describe("mock Entra: the registration's rules (docs/verify.md)", () => {
  it('AADSTS50011 at authorize for an unregistered redirect URI, on Entra\'s page (never redirected to it)', async () => {
    const r = await authorize({ redirect_uri: 'https://app.example/callbak' });
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid_request', error_codes: [50011] } });
    expect(r.body!.error_description).toContain("The redirect URI 'https://app.example/callbak' specified in the request does not match");
  });

  it('AADSTS500112 at the token leg when the redirect URI differs from the authorize request', async () => {
    await stand({ redirectUris: { web: [redirectUri, 'https://app.example/other'], spa: [], publicClient: [] } });
    const { code } = await authorize({});
    const r = await redeem({ code: code!, scope: `${ado}/.default`, redirect_uri: 'https://app.example/other' });
    expect(r.body.error_codes).toEqual([500112]);
  });

  it('a redirect URI registered only for a single-page app cannot be redeemed by a server: AADSTS9002327; a public-client one not with a secret: AADSTS700025', async () => {
    await stand({ redirectUris: { web: [], spa: [redirectUri], publicClient: [] } });
    const { code } = await authorize({});
    expect((await redeem({ code: code!, scope: `${ado}/.default` })).body.error_codes).toEqual([9002327]);
    await stand({ redirectUris: { web: [], spa: [], publicClient: [redirectUri] } });
    const mobile = await authorize({});
    expect((await redeem({ code: mobile.code!, scope: `${ado}/.default` })).body.error_codes).toEqual([700025]);
  });

  it('cross-origin redemption (a browser app): a SPA redirect URI redeems with no secret, its refresh token too; a Web one gets AADSTS9002326', async () => {
    const origin = new URL(redirectUri).origin;
    const browser = (fields: Record<string, string>) => fetch(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, scope: `${ado}/.default offline_access`, ...fields }),
    }).then(async (r) => ({ status: r.status, body: await r.json() as Record<string, string> & { error_codes?: number[] } }));
    await stand({ redirectUris: { web: [], spa: [redirectUri], publicClient: [] }, credentials: { secret: false, certificate: false, federated: false } });
    const { code } = await authorize({ scope: `${ado}/.default offline_access` });
    const first = await browser({ grant_type: 'authorization_code', code: code! });
    expect(first.status).toBe(200);
    expect(first.body.access_token).toBeTruthy();
    const refreshed = await browser({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token! });
    expect(refreshed.status).toBe(200);
    await stand();
    for (const secret of [{}, { client_secret: 'right-secret' }] as Record<string, string>[]) {
      const web = await authorize({ scope: `${ado}/.default offline_access` });
      const refused = await browser({ grant_type: 'authorization_code', code: web.code!, ...secret });
      expect(refused.body.error_codes).toEqual([9002326]);
      expect(refused.body.error_description).toContain(`Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`);
    }
    // a server's refresh token cannot be redeemed from the browser either
    const server = await redeem({ code: (await authorize({ scope: `${ado}/.default offline_access` })).code!, scope: `${ado}/.default offline_access` });
    expect((await browser({ grant_type: 'refresh_token', refresh_token: server.body.refresh_token! })).body.error_codes).toEqual([9002326]);
  });

  it('AADSTS700016 for a client id the tenant does not have; AADSTS90002 for another tenant', async () => {
    const unknown = await authorize({ client_id: '3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93' });
    expect(unknown.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect((await authorize({}, '0badc0de-0000-4000-8000-000000000000')).body?.error_codes).toEqual([90002]);
  });

  it('AADSTS50194 for a single-tenant app at /common and /organizations; a multi-tenant app is fine there', async () => {
    for (const segment of ['common', 'organizations']) {
      const r = await authorize({}, segment);
      expect(r.body?.error_codes).toEqual([50194]);
      expect(r.body?.error_description).toContain(`Usage of the /${segment} endpoint is not supported`);
    }
    await stand({ signInAudience: 'AzureADMultipleOrgs' });
    expect((await authorize({}, 'organizations')).code).toBeTruthy();
  });

  it('/consumers: an organizations-only app is unknown to personal accounts; a personal-account app still cannot reach Azure DevOps', async () => {
    expect((await authorize({}, 'consumers')).body).toMatchObject({ error: 'unauthorized_client' });
    await stand({ signInAudience: 'AzureADandPersonalMicrosoftAccount' });
    expect((await authorize({}, 'consumers')).body?.error_codes).toEqual([500200]);
  });

  it('AADSTS650053 for a scope Azure DevOps does not have, and for a bare vso.* scope (looked up on Microsoft Graph)', async () => {
    const typo = await authorize({ scope: `${ado}/vso.code_read offline_access` });
    expect(typo.description).toMatch(/^AADSTS650053: The application '.*' asked for scope 'vso\.code_read' that doesn't exist on the resource '499b84ac-1321-427f-aa17-267ca6975798'/);
    const bare = await authorize({ scope: 'vso.code offline_access' });
    expect(bare.description).toContain("asked for scope 'vso.code' that doesn't exist on the resource '00000003-0000-0000-c000-000000000000'");
  });

  it('consent: none → AADSTS90094; admin-granted covers the registered permissions only; user consent lets users agree', async () => {
    await stand({}, 'none');
    expect((await authorize({})).description).toMatch(/^AADSTS90094: The grant requires admin permission/);
    await stand({}, 'admin-granted');
    expect((await authorize({})).code).toBeTruthy();
    expect((await authorize({ scope: `${ado}/vso.work` })).description).toMatch(/^AADSTS90094/);
    await stand({}, 'user');
    expect((await authorize({ scope: `${ado}/vso.work` })).code).toBeTruthy();
  });

  it('.default yields the consented permissions; the response never echoes offline_access; a refresh token comes with it', async () => {
    await stand({ permissions: ['vso.code', 'vso.work'] }, 'admin-granted');
    const { code } = await authorize({ scope: `${ado}/.default offline_access` });
    const r = await redeem({ code: code!, scope: `${ado}/.default offline_access` });
    expect(r.body.scope).toBe(`${ado}/vso.code ${ado}/vso.work`);
    expect(r.body.refresh_token).toBeTruthy();
    expect(await world.signer.verify(r.body.access_token!)).toMatchObject({ scp: 'vso.code vso.work' });
  });

  it('scope binding: neither the code redemption nor a refresh can widen what the authorize request was granted (AADSTS65001)', async () => {
    const { code } = await authorize({ scope: `${ado}/vso.code offline_access` });
    expect((await redeem({ code: code!, scope: `${ado}/vso.code ${ado}/vso.work offline_access` })).body.error_codes).toEqual([65001]);
    const second = await authorize({ scope: `${ado}/vso.code offline_access` });
    const tokens = await redeem({ code: second.code!, scope: `${ado}/vso.code offline_access` });
    const widened = await redeem({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token!, scope: `${ado}/vso.work_write` });
    expect(widened.body.error_codes).toEqual([65001]);
  });

  it('PKCE: plain is accepted (S256 recommended); a challenge of the wrong size is AADSTS501491', async () => {
    const verifier = 'p'.repeat(50);
    const { code } = await authorize({ code_challenge: verifier, code_challenge_method: 'plain' });
    expect((await redeem({ code: code!, scope: `${ado}/.default`, code_verifier: verifier })).status).toBe(200);
    expect((await authorize({ code_challenge: 'short', code_challenge_method: 'S256' })).description).toBe('AADSTS501491: Invalid size of Code_Challenge parameter.');
  });

  it('.default without Azure DevOps in requiredResourceAccess: AADSTS650057', async () => {
    await stand({ permissions: [], listsAzureDevOps: false });
    expect((await authorize({})).description).toMatch(/^AADSTS650057: Invalid resource/);
  });

  it('the authorize leg may span resources, a token request may not: AADSTS700022', async () => {
    const { code } = await authorize({ scope: `${ado}/vso.code User.Read offline_access` });
    expect(code).toBeTruthy();
    expect((await redeem({ code: code!, scope: `${ado}/vso.code User.Read` })).body.error_codes).toEqual([700022]);
  });

  it('client credentials at /organizations: AADSTS9001023; a certificate the app does not hold: AADSTS700027', async () => {
    const form = (tenantSegment: string) => fetch(`https://login.microsoftonline.com/${tenantSegment}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, client_secret: 'right-secret', grant_type: 'client_credentials', scope: `${ado}/.default` }),
    }).then(async (r) => (await r.json() as { error_codes: number[] }).error_codes);
    await stand({ signInAudience: 'AzureADMultipleOrgs' });
    expect(await form('organizations')).toEqual([9001023]);
    const assertion = await fetch(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, grant_type: 'client_credentials', scope: `${ado}/.default`, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln' }),
    }).then(async (r) => (await r.json() as { error_description: string }).error_description);
    expect(assertion).toMatch(/^AADSTS700027: Client assertion failed signature validation\. No certificate is registered/);
  });

  it('malformed requests: response_type Assertion (70005), an unknown PKCE method (501492), no scope (900144), an unknown grant (70003), a bad code (70000) or refresh token (9002313), no credential (7000218)', async () => {
    expect((await authorize({ response_type: 'Assertion' })).description).toMatch(/^AADSTS70005/);
    expect((await authorize({ code_challenge: 'c'.repeat(43), code_challenge_method: 'S512' })).description).toMatch(/^AADSTS501492/);
    expect((await authorize({ scope: '' })).description).toMatch(/^AADSTS900144/);
    expect((await redeem({ grant_type: 'password', scope: `${ado}/.default` })).body.error_codes).toEqual([70003]);
    expect((await redeem({ code: 'not-a-code', scope: `${ado}/.default` })).body.error_codes).toEqual([70000]);
    expect((await redeem({ grant_type: 'refresh_token', refresh_token: 'not-a-token', scope: `${ado}/.default` })).body.error_codes).toEqual([9002313]);
    const bare = await fetch(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, grant_type: 'client_credentials', scope: `${ado}/.default` }),
    });
    expect((await bare.json() as { error_codes: number[] }).error_codes).toEqual([7000218]);
  });

  it('the nonce of the authorize request comes back in the id token; MSAL checks it', async () => {
    const nonce = 'n-0f3c9a7e';
    const url = await cca().getAuthCodeUrl({ scopes: [`${ado}/.default`], redirectUri, nonce });
    const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const result = await cca().acquireTokenByCode({ code, scopes: [`${ado}/.default`], redirectUri, nonce });
    expect(result.idTokenClaims).toMatchObject({ nonce });
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

  it('a token without the scope: 401 TF400813 as Azure DevOps answers (the cause only in a mock header); includes are honoured', async () => {
    const token = (scp: string) => world.signer.sign({ aud: ado, scp, tid: tenant, oid: world.user.oid, idtyp: 'user' }, 600);
    const refused = await fetch(repos, { headers: { authorization: `Bearer ${await token('vso.work')}` } });
    expect(refused.status).toBe(401);
    expect((await refused.json() as { message: string }).message).toBe(`TF400813: The user '${world.user.oid}' is not authorized to access this resource.`);
    expect(refused.headers.get('x-ado2entra-mock-cause')).toBe('missing-scope:vso.code');
    expect((await fetch(repos, { headers: { authorization: `Bearer ${await token('vso.code_write')}` } })).status).toBe(200);
  });

  it('audience: the GUID and the https://app.vssps.visualstudio.com form are both Azure DevOps; Graph is not', async () => {
    const token = (aud: string) => world.signer.sign({ aud, scp: 'vso.code', tid: tenant, oid: world.user.oid, idtyp: 'user' }, 600);
    expect((await fetch(repos, { headers: { authorization: `Bearer ${await token(ado)}` } })).status).toBe(200);
    expect((await fetch(repos, { headers: { authorization: `Bearer ${await token('https://app.vssps.visualstudio.com')}` } })).status).toBe(200);
    const graph = await fetch(repos, { headers: { authorization: `Bearer ${await token('00000003-0000-0000-c000-000000000000')}` } });
    expect(graph.status).toBe(401);
    expect(graph.headers.get('x-ado2entra-mock-cause')).toBe('wrong-audience:00000003-0000-0000-c000-000000000000');
  });
});

describe('verify --live, exercised only through msw', () => {
  it('client credentials and one REST call; a service principal outside the organization fails with the fix', async () => {
    const { verifyLive } = await import('../../src/verifier/live.js');
    const ok = await verifyLive({ tenant, clientId, secret: 'right-secret', org: 'fabrikam' });
    expect(ok.flows[0]!.steps.map((s) => s.status)).toEqual([200, 200]);
    expect(ok.ok).toBe(true);
    world.entra.registration.servicePrincipalInOrg = false;
    const refused = await verifyLive({ tenant, clientId, secret: 'right-secret', org: 'fabrikam' });
    expect(refused).toMatchObject({ ok: false, fixes: [expect.stringContaining('service principal')] });
    const wrong = await verifyLive({ tenant, clientId, secret: 'wrong-secret', org: 'fabrikam' });
    expect(wrong.flows[0]!.steps[0]!.code).toBe('AADSTS7000215');
    expect(JSON.stringify(wrong)).not.toContain('wrong-secret');
  });
});
