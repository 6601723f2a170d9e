// Entra's checks that do not depend on the grant: the authority against the app's audience and tenant, the
// client id, the redirect URI per platform, PKCE, and consent. Each returns the error Entra would, or null.
// Sources per rule: docs/verify.md.
import { randomUUID } from 'node:crypto';
import { allRedirectUris } from '../registration.js';
import type { MockWorld } from '../world.js';
import { jsonWithCode } from './record.js';

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

export type Problem = { status: number; error: string; code: number | null; message: string };

export const problemResponse = (p: Problem): Response => (p.code === null
  ? jsonWithCode({ error: p.error, error_description: p.message }, p.status, p.error)
  : entraError(p.status, p.error, p.code, p.message));

/** The `{tenant}` segment of the authority against the registration's tenant and sign-in audience. */
export function authorityProblem(world: MockWorld, tenant: string): Problem | null {
  const reg = world.entra.registration;
  const t = tenant.toLowerCase();
  const personal = reg.signInAudience === 'AzureADandPersonalMicrosoftAccount' || reg.signInAudience === 'PersonalMicrosoftAccount';
  if (t === 'common' || t === 'organizations') {
    if (reg.signInAudience === 'AzureADMyOrg') {
      return { status: 400, error: 'invalid_request', code: 50194, message: `Application '${reg.appId}' is not configured as a multi-tenant application. Usage of the /${t} endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.` };
    }
    return null;
  }
  if (t === 'consumers') {
    if (!personal) return { status: 400, error: 'unauthorized_client', code: null, message: 'The client does not exist or is not enabled for consumers. If you are the application developer, configure a new application through the App Registrations in the Azure Portal.' };
    return { status: 400, error: 'invalid_request', code: 500200, message: `User account '${world.user.personalUpn}' is a personal Microsoft account. Personal Microsoft accounts are not supported for this application unless explicitly invited to an organization. Try signing out and signing back in with an organizational account.` };
  }
  if (![reg.tenantId, ...reg.tenantNames].some((n) => n.toLowerCase() === t)) {
    return { status: 400, error: 'invalid_request', code: 90002, message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.` };
  }
  return null;
}

export function clientProblem(world: MockWorld, clientId: string | null, tenant: string): Problem | null {
  const reg = world.entra.registration;
  if (clientId === reg.appId) return null;
  return { status: 400, error: 'unauthorized_client', code: 700016, message: `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.` };
}

/** Authorize leg: the redirect URI must be registered, on any platform, exactly. */
export function redirectProblem(world: MockWorld, redirectUri: string): Problem | null {
  const reg = world.entra.registration;
  if (allRedirectUris(reg).includes(redirectUri)) return null;
  return { status: 400, error: 'invalid_request', code: 50011, message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${reg.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.` };
}

/** Token leg: a confidential client redeems codes for Web redirect URIs; SPA ones need a browser, public ones no secret. */
export function platformProblem(world: MockWorld, redirectUri: string, request: Request, authenticated: boolean): Problem | null {
  const { web, spa, publicClient } = world.entra.registration.redirectUris;
  if (web.includes(redirectUri)) return null;
  if (spa.includes(redirectUri) && !request.headers.get('origin')) {
    return { status: 400, error: 'invalid_request', code: 9002327, message: "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests." };
  }
  if (publicClient.includes(redirectUri) && authenticated) {
    return { status: 401, error: 'invalid_client', code: 700025, message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented." };
  }
  return null;
}

/**
 * Token leg from a browser (an Origin header): Entra redeems cross-origin only for the Single-page application
 * platform, a public client that sends no secret (`public`); a Web or public-client redirect URI: AADSTS9002326.
 * `spa` says whether the code or refresh token being redeemed was issued for a SPA redirect URI; null when unknown.
 */
export function crossOriginProblem(spa: boolean | null, origin: string): Problem | 'public' | null {
  if (spa === null) return null;
  if (spa) return 'public';
  return { status: 400, error: 'invalid_request', code: 9002326, message: `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.` };
}

/** PKCE at the authorize leg: `plain` (the default) and S256 are accepted; the challenge must be 43–128 characters. */
export function pkceProblem(challenge: string | null, method: string | null): Problem | null {
  if (!challenge) return null;
  if (method && method !== 'plain' && method !== 'S256') {
    return { status: 400, error: 'invalid_request', code: 501492, message: `Invalid code_challenge_method '${method}': use S256 (recommended) or plain.` };
  }
  if (challenge.length < 43 || challenge.length > 128) {
    return { status: 400, error: 'invalid_request', code: 501491, message: 'Invalid size of Code_Challenge parameter.' };
  }
  return null;
}

/**
 * Consent at the authorize leg for the Azure DevOps permissions a request needs. Users may consent (`user`),
 * or only what an admin granted counts (`admin-granted`, `none`: AADSTS90094, the admin must consent).
 */
export function consentProblem(world: MockWorld, needed: readonly string[]): Problem | null {
  const { consent, consented } = world.entra;
  const missing = needed.filter((s) => !consented.has(s));
  if (missing.length === 0) return null;
  if (consent === 'user') {
    for (const s of missing) consented.add(s);
    return null;
  }
  return { status: 400, error: 'access_denied', code: 90094, message: `The grant requires admin permission: ${missing.join(', ')} of Azure DevOps ${consent === 'none' ? 'has no admin consent and users may not consent' : 'is not among the permissions an admin consented to'}.` };
}

/** Token legs may not ask for more than the authorization they redeem: AADSTS65001. */
export function bindingProblem(world: MockWorld, requested: readonly string[], authorized: readonly string[]): Problem | null {
  const wider = requested.filter((s) => !authorized.includes(s));
  if (wider.length === 0) return null;
  return { status: 400, error: 'invalid_grant', code: 65001, message: `The user or administrator has not consented to use the application with ID '${world.entra.registration.appId}' for ${wider.join(', ')}. Send an interactive authorization request for this user and resource.` };
}
