// Mock Microsoft Entra ID v2 endpoints: authorize (auth code + PKCE) and token (code, refresh, client credentials).
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { importX509, jwtVerify } from 'jose';
import { http, HttpResponse } from 'msw';
import { base64urlJson, unsignedJwt } from '../jwt.js';
import { graphResource, opaque, type MockWorld } from '../world.js';
import { evaluateScopes, type ScopeGrant } from './entra-scopes.js';
import { formOf, jsonWithCode, recorded } from './record.js';

const authority = 'https://login.microsoftonline.com/:tenant/oauth2/v2.0';

/** Entra's error body: snake_case, AADSTS code in the description and in error_codes. */
export function entraError(status: number, error: string, code: number, message: string): Response {
  return jsonWithCode({
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  }, status, `AADSTS${code}`);
}

function knownTenant(world: MockWorld, tenant: string | undefined): boolean {
  return !!tenant && [world.entra.tenantId, ...world.entra.tenantNames].some((t) => t.toLowerCase() === tenant.toLowerCase());
}

export function entraHandlers(world: MockWorld) {
  return [
    http.get(`${authority}/authorize`, recorded(world, ({ request, params }) => {
      const q = new URL(request.url).searchParams;
      if (!knownTenant(world, params.tenant as string)) return entraError(400, 'invalid_request', 90002, `Tenant '${params.tenant}' not found.`);
      if (q.get('client_id') !== world.entra.clientId) return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${q.get('client_id')}' was not found in the directory.`);
      const redirectUri = q.get('redirect_uri') ?? '';
      if (!world.entra.redirectUris.includes(redirectUri)) {
        return entraError(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${world.entra.clientId}'.`);
      }
      const back = (fields: Record<string, string>) => {
        const target = new URL(redirectUri);
        for (const [k, v] of Object.entries({ ...fields, ...(q.get('state') ? { state: q.get('state')! } : {}) })) target.searchParams.set(k, v);
        return new HttpResponse(null, { status: 302, headers: { location: target.toString() } });
      };
      if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: `AADSTS70005: response_type '${q.get('response_type')}' is not enabled for the application.` });
      const grant = evaluateScopes(q.get('scope'), world.entra.permissions, 'delegated');
      if (!grant.ok) return back({ error: grant.error, error_description: `AADSTS${grant.code}: ${grant.message}` });
      const method = q.get('code_challenge_method');
      if (q.get('code_challenge') && method !== 'S256') return back({ error: 'invalid_request', error_description: 'AADSTS501491: code_challenge_method must be S256.' });
      const code = opaque('entra-code');
      world.entraCodes.set(code, { clientId: world.entra.clientId, redirectUri, scopes: grant.scopes, challenge: q.get('code_challenge'), used: false });
      return back({ code, session_state: randomUUID() });
    })),

    http.post(`${authority}/token`, recorded(world, async ({ request, params }) => {
      const form = await formOf(request);
      if (!knownTenant(world, params.tenant as string)) return entraError(400, 'invalid_request', 90002, `Tenant '${params.tenant}' not found.`);
      if (form.client_id !== world.entra.clientId) return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id}' was not found in the directory.`);
      const tokenUrl = new URL(request.url);
      const clientProblem = await clientAuthentication(world, form, `${tokenUrl.origin}${tokenUrl.pathname}`);
      if (clientProblem) return clientProblem;
      if (form.grant_type === 'client_credentials') {
        if (/^(common|consumers|organizations)$/i.test(params.tenant as string)) return entraError(400, 'unsupported_grant_type', 9001023, 'The grant type isn\'t supported over the /common or /consumers endpoints.');
        const grant = evaluateScopes(form.scope ?? null, world.entra.permissions, 'client_credentials');
        if (!grant.ok) return entraError(400, grant.error, grant.code, grant.message);
        return HttpResponse.json({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: await accessToken(world, grant, 'app') });
      }
      if (form.grant_type === 'authorization_code') return redeemCode(world, form);
      if (form.grant_type === 'refresh_token') return redeemRefresh(world, form);
      return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type}'.`);
    })),
  ];
}

async function clientAuthentication(world: MockWorld, form: Record<string, string>, tokenEndpoint: string): Promise<Response | null> {
  if (form.client_assertion) {
    const cert = world.entra.certificatePem;
    try {
      if (!cert) throw new Error('no certificate registered');
      const header = JSON.parse(Buffer.from(form.client_assertion.split('.')[0]!, 'base64url').toString()) as { alg?: string; 'x5t#S256'?: string };
      const thumbprint = createHash('sha256').update(new X509Certificate(cert).raw).digest('base64url');
      if (header['x5t#S256'] && header['x5t#S256'] !== thumbprint) throw new Error('unknown certificate');
      await jwtVerify(form.client_assertion, await importX509(cert, header.alg ?? 'PS256'), { issuer: world.entra.clientId, subject: world.entra.clientId, audience: tokenEndpoint, clockTolerance: 5 });
      return null;
    } catch {
      return entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
    }
  }
  if (form.client_secret === undefined) return entraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (form.client_secret !== world.entra.secret) return entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
  return null;
}

async function redeemCode(world: MockWorld, form: Record<string, string>): Promise<Response> {
  const issued = world.entraCodes.get(form.code ?? '');
  if (!issued) return entraError(400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid.");
  if (issued.used) return entraError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
  issued.used = true;
  if (form.redirect_uri !== issued.redirectUri) return entraError(400, 'invalid_grant', 50011, `The redirect URI '${form.redirect_uri}' does not match the one used to obtain the code.`);
  if (issued.challenge) {
    const expected = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
    if (expected !== issued.challenge) return entraError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
  }
  const grant = evaluateScopes(form.scope ?? null, world.entra.permissions, 'delegated');
  if (!grant.ok) return entraError(400, grant.error, grant.code, grant.message);
  return tokenResponse(world, grant, form);
}

async function redeemRefresh(world: MockWorld, form: Record<string, string>): Promise<Response> {
  const issued = world.entraRefresh.get(form.refresh_token ?? '');
  if (!issued || issued.clientId !== form.client_id) return entraError(400, 'invalid_grant', 9002313, 'Invalid request. The refresh token is malformed or not valid.');
  world.entraRefresh.delete(form.refresh_token!);
  const grant = evaluateScopes(form.scope ?? null, world.entra.permissions, 'delegated');
  if (!grant.ok) return entraError(400, grant.error, grant.code, grant.message);
  return tokenResponse(world, { ...grant, offline: true }, form);
}

async function tokenResponse(world: MockWorld, grant: Extract<ScopeGrant, { ok: true }>, form: Record<string, string>): Promise<Response> {
  const { tenantId } = world.entra;
  const now = Math.floor(Date.now() / 1000);
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [...grant.scopes.map((s) => (grant.resource === graphResource ? s : `${grant.resource}/${s}`)), ...(grant.offline ? ['offline_access'] : [])].join(' '),
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: await accessToken(world, grant, 'user'),
  };
  if (grant.offline) {
    const refresh = opaque('entra-refresh');
    world.entraRefresh.set(refresh, { clientId: world.entra.clientId, scopes: grant.scopes });
    body.refresh_token = refresh;
  }
  if (grant.openid || form.client_info === '1') {
    body.id_token = unsignedJwt({
      aud: world.entra.clientId, iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, tid: tenantId, oid: world.user.oid,
      sub: `sub-${world.user.oid}`, preferred_username: world.user.upn, name: world.user.name, iat: now, nbf: now, exp: now + 3600,
    });
  }
  if (form.client_info === '1') body.client_info = base64urlJson({ uid: world.user.oid, utid: tenantId });
  return HttpResponse.json(body);
}

/** An access token like Entra's for Azure DevOps: v1 issuer, `aud` the resource, `scp` for users, `idtyp` app for daemons. */
async function accessToken(world: MockWorld, grant: Extract<ScopeGrant, { ok: true }>, kind: 'user' | 'app'): Promise<string> {
  const { tenantId, clientId } = world.entra;
  return world.signer.sign({
    aud: grant.resource, iss: `https://sts.windows.net/${tenantId}/`, tid: tenantId, appid: clientId, ver: '1.0',
    ...(kind === 'user'
      ? { oid: world.user.oid, upn: world.user.upn, scp: grant.scopes.join(' '), idtyp: 'user' }
      : { oid: world.entra.servicePrincipalId, idtyp: 'app' }),
  }, 3599);
}
