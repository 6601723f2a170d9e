// Mock Microsoft Entra ID v2 endpoints: authorize (auth code + PKCE) and token (code, refresh, client credentials),
// judged against the registration as Entra holds it, never against what the client sends.
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { importX509, jwtVerify } from 'jose';
import { http } from 'msw/core/http';
import { HttpResponse } from './response.js';
import { base64urlJson, unsignedJwt } from '../jwt.js';
import { adoResource, graphResource, opaque, type IssuedCode, type MockWorld } from '../world.js';
import {
  authorityProblem, bindingProblem, clientProblem, consentProblem, crossOriginProblem, entraError, pkceProblem, platformProblem, problemResponse, redirectProblem, type Problem,
} from './entra-rules.js';
import { namesAzureDevOps, parseScopes } from './entra-scopes.js';
import { formOf, recorded } from './record.js';

export { entraError } from './entra-rules.js';

const authority = 'https://login.microsoftonline.com/:tenant/oauth2/v2.0';

/** What a token carries: the resource as requested (its `aud`), the scopes, whether a refresh token comes along. */
interface Grant {
  audience: string;
  scopes: string[];
  offline: boolean;
  nonce: string | null;
  openid: boolean;
}

export function entraHandlers(world: MockWorld) {
  return [
    http.get(`${authority}/authorize`, recorded(world, ({ request, params }) => {
      const q = new URL(request.url).searchParams;
      const tenant = params.tenant as string;
      const redirectUri = q.get('redirect_uri') ?? '';
      // errors about the authority, the app or the redirect URI are shown on Entra's page: never sent to an unregistered URI
      const page = authorityProblem(world, tenant) ?? clientProblem(world, q.get('client_id'), tenant) ?? redirectProblem(world, redirectUri);
      if (page) return problemResponse(page);
      const back = (fields: Record<string, string>) => {
        const target = new URL(redirectUri);
        for (const [k, v] of Object.entries({ ...fields, ...(q.get('state') ? { state: q.get('state')! } : {}) })) target.searchParams.set(k, v);
        return new HttpResponse(null, { status: 302, headers: { location: target.toString() } });
      };
      const backWith = (p: Problem) => back({ error: p.error, error_description: `${p.code === null ? '' : `AADSTS${p.code}: `}${p.message}` });
      if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: `AADSTS70005: response_type '${q.get('response_type')}' is not enabled for the application.` });
      const pkce = pkceProblem(q.get('code_challenge'), q.get('code_challenge_method'));
      if (pkce) return backWith(pkce);
      const request_ = parseScopes(q.get('scope'), 'delegated', 'authorize', world.entra.registration.appId);
      if (!request_.ok) return backWith({ status: 400, error: request_.error, code: request_.code, message: request_.message });
      const reg = world.entra.registration;
      if (request_.isDefault && !reg.listsAzureDevOps) {
        return backWith({ status: 400, error: 'invalid_client', code: 650057, message: `Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: ${reg.appId}. Resource value from request: ${adoResource}.` });
      }
      const needed = request_.isDefault ? [...reg.permissions] : request_.ado;
      const consent = consentProblem(world, needed);
      if (consent) return backWith(consent);
      const code = opaque('entra-code');
      const challenge = q.get('code_challenge');
      world.entraCodes.set(code, {
        clientId: reg.appId, redirectUri, scopes: needed, challenge, challengeMethod: q.get('code_challenge_method') === 'S256' ? 'S256' : 'plain',
        nonce: q.get('nonce'), offline: request_.offline, audience: request_.audience, used: false,
      });
      return back({ code, session_state: randomUUID() });
    })),

    http.post(`${authority}/token`, recorded(world, async ({ request, params }) => {
      const form = await formOf(request);
      const tenant = params.tenant as string;
      const known = authorityProblem(world, tenant) ?? clientProblem(world, form.client_id ?? null, tenant);
      if (known) return problemResponse(known);
      const tokenUrl = new URL(request.url);
      // a browser's request: only a SPA may redeem cross-origin, and as a public client (no secret to check)
      const origin = request.headers.get('origin');
      const crossOrigin = origin ? crossOriginProblem(issuedToSpa(world, form), origin) : null;
      if (crossOrigin && crossOrigin !== 'public') return problemResponse(crossOrigin);
      if (crossOrigin !== 'public') {
        const clientAuth = await clientAuthentication(world, form, `${tokenUrl.origin}${tokenUrl.pathname}`);
        if (clientAuth) return clientAuth;
      }
      if (form.grant_type === 'client_credentials') {
        if (/^(common|consumers|organizations)$/i.test(tenant)) return entraError(400, 'unsupported_grant_type', 9001023, 'The grant type isn\'t supported over the /common or /consumers endpoints.');
        const scopes = parseScopes(form.scope ?? null, 'client_credentials', 'token', world.entra.registration.appId);
        if (!scopes.ok) return entraError(400, scopes.error, scopes.code, scopes.message);
        return HttpResponse.json({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: await accessToken(world, { audience: scopes.audience, scopes: [], offline: false, nonce: null, openid: false }, 'app') });
      }
      if (form.grant_type === 'authorization_code') return redeemCode(world, form, request);
      if (form.grant_type === 'refresh_token') return redeemRefresh(world, form);
      return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type}'.`);
    })),
  ];
}

/** Whether the code or refresh token the form redeems was issued for a SPA redirect URI; null when it is unknown. */
function issuedToSpa(world: MockWorld, form: Record<string, string>): boolean | null {
  if (form.grant_type === 'authorization_code') {
    const issued = world.entraCodes.get(form.code ?? '');
    return issued ? world.entra.registration.redirectUris.spa.includes(issued.redirectUri) : null;
  }
  if (form.grant_type === 'refresh_token') {
    const issued = world.entraRefresh.get(form.refresh_token ?? '');
    return issued ? !!issued.spa : null;
  }
  return null;
}

async function clientAuthentication(world: MockWorld, form: Record<string, string>, tokenEndpoint: string): Promise<Response | null> {
  const appId = world.entra.registration.appId;
  if (form.client_assertion) {
    const cert = world.entra.certificatePem;
    try {
      if (!cert) throw new Error('no certificate registered');
      const header = JSON.parse(Buffer.from(form.client_assertion.split('.')[0]!, 'base64url').toString()) as { alg?: string; 'x5t#S256'?: string };
      const thumbprint = createHash('sha256').update(new X509Certificate(cert).raw).digest('base64url');
      if (header['x5t#S256'] && header['x5t#S256'] !== thumbprint) throw new Error('unknown certificate');
      await jwtVerify(form.client_assertion, await importX509(cert, header.alg ?? 'PS256'), { issuer: appId, subject: appId, audience: tokenEndpoint, clockTolerance: 5 });
      return null;
    } catch {
      return entraError(401, 'invalid_client', 700027, `Client assertion failed signature validation.${cert ? '' : ` No certificate is registered on application '${appId}'.`}`);
    }
  }
  if (form.client_secret === undefined) return entraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (form.client_secret !== world.entra.secret) {
    return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`);
  }
  return null;
}

async function redeemCode(world: MockWorld, form: Record<string, string>, request: Request): Promise<Response> {
  const issued = world.entraCodes.get(form.code ?? '');
  if (!issued) return entraError(400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid.");
  if (issued.used) return entraError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
  issued.used = true;
  if (form.redirect_uri !== issued.redirectUri) {
    return entraError(400, 'invalid_grant', 500112, `The reply address '${form.redirect_uri ?? ''}' does not match the reply address '${issued.redirectUri}' provided when requesting Authorization code.`);
  }
  const platform = platformProblem(world, issued.redirectUri, request, !!(form.client_secret || form.client_assertion));
  if (platform) return problemResponse(platform);
  if (issued.challenge) {
    const verifier = form.code_verifier ?? '';
    const expected = issued.challengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    if (expected !== issued.challenge) return entraError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
  }
  const scopes = parseScopes(form.scope ?? null, 'delegated', 'token', world.entra.registration.appId);
  if (!scopes.ok) return entraError(400, scopes.error, scopes.code, scopes.message);
  const spa = !!request.headers.get('origin') && world.entra.registration.redirectUris.spa.includes(issued.redirectUri);
  return grantFrom(world, scopes, issued, form, spa);
}

async function redeemRefresh(world: MockWorld, form: Record<string, string>): Promise<Response> {
  const issued = world.entraRefresh.get(form.refresh_token ?? '');
  if (!issued || issued.clientId !== form.client_id) return entraError(400, 'invalid_grant', 9002313, 'Invalid request. The refresh token is malformed or not valid.');
  world.entraRefresh.delete(form.refresh_token!);
  const scopes = parseScopes(form.scope ?? null, 'delegated', 'token', world.entra.registration.appId);
  if (!scopes.ok) return entraError(400, scopes.error, scopes.code, scopes.message);
  return grantFrom(world, scopes, { scopes: issued.scopes, audience: issued.audience, offline: true, nonce: null }, form, !!issued.spa);
}

/**
 * What a token leg yields: `.default` gives the consented permissions the authorization covered; explicit scopes
 * must lie within it (a code or refresh token cannot widen what was authorized). Other resources get their own token.
 */
async function grantFrom(world: MockWorld, request: Extract<ReturnType<typeof parseScopes>, { ok: true }>, authorized: Pick<IssuedCode, 'scopes' | 'audience' | 'offline' | 'nonce'>, form: Record<string, string>, spa = false): Promise<Response> {
  const base = { offline: request.offline || !!authorized.offline, nonce: authorized.nonce ?? null, openid: request.openid };
  if (!namesAzureDevOps(request)) {
    return tokenResponse(world, { ...base, audience: graphResource, scopes: request.other.length ? request.other : ['User.Read'] }, form, null, spa);
  }
  const consented = authorized.scopes.filter((s) => world.entra.consented.has(s));
  if (!request.isDefault) {
    const wider = bindingProblem(world, request.ado, consented);
    if (wider) return problemResponse(wider);
  }
  const scopes = request.isDefault ? consented : request.ado;
  return tokenResponse(world, { ...base, audience: request.audience, scopes }, form, authorized.scopes, spa);
}

async function tokenResponse(world: MockWorld, grant: Grant, form: Record<string, string>, authorized: string[] | null, spa = false): Promise<Response> {
  const { tenantId, appId } = world.entra.registration;
  const now = Math.floor(Date.now() / 1000);
  const ado = grant.audience !== graphResource;
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    // Entra never echoes offline_access (nor the OIDC scopes) in `scope`
    scope: grant.scopes.map((s) => (ado ? `${grant.audience}/${s}` : s)).join(' '),
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: await accessToken(world, grant, 'user'),
  };
  if (grant.offline) {
    const refresh = opaque('entra-refresh');
    world.entraRefresh.set(refresh, { clientId: appId, scopes: authorized ?? grant.scopes, audience: grant.audience, ...(spa ? { spa } : {}) });
    body.refresh_token = refresh;
  }
  if (grant.openid || form.client_info === '1') {
    body.id_token = unsignedJwt({
      aud: appId, iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, tid: tenantId, oid: world.user.oid,
      sub: `sub-${world.user.oid}`, preferred_username: world.user.upn, name: world.user.name, iat: now, nbf: now, exp: now + 3600,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
  }
  if (form.client_info === '1') body.client_info = base64urlJson({ uid: world.user.oid, utid: tenantId });
  return HttpResponse.json(body);
}

/** An access token like Entra's for Azure DevOps: v1 issuer, `aud` the resource as requested, `scp` for users, `idtyp` app for daemons. */
async function accessToken(world: MockWorld, grant: Grant, kind: 'user' | 'app'): Promise<string> {
  const { tenantId, appId } = world.entra.registration;
  return world.signer.sign({
    aud: grant.audience, iss: `https://sts.windows.net/${tenantId}/`, tid: tenantId, appid: appId, ver: '1.0',
    ...(kind === 'user'
      ? { oid: world.user.oid, upn: world.user.upn, scp: grant.scopes.join(' '), idtyp: 'user' }
      : { oid: world.entra.servicePrincipalId, idtyp: 'app' }),
  }, 3599);
}
