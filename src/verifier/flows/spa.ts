// A browser app's Entra flow as @azure/msal-browser makes it (msal-browser does not run in Node): auth code + PKCE,
// the code redeemed from the page (a cross-origin request: the Origin header), no secret, refresh from the page too.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RestCall } from '../endpoints.js';
import type { MockWorld } from '../world.js';
import { authorizeCode, callApis, FlowError, requireAll, type CallResult } from './common.js';

export interface BrowserClient {
  tenant: string;
  clientId: string;
  /** The resource scopes the app asks for; msal-browser adds openid, profile and offline_access. */
  scopes: string[];
  redirectUri: string;
}

const scopeOf = (client: BrowserClient) => [...client.scopes, 'openid', 'profile', 'offline_access'].join(' ');

async function token(client: BrowserClient, fields: Record<string, string>): Promise<Record<string, string>> {
  const response = await fetch(`https://login.microsoftonline.com/${client.tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    // the page's origin: what makes the request cross-origin, as a browser sends it
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(client.redirectUri).origin },
    body: new URLSearchParams({ client_id: client.clientId, scope: scopeOf(client), client_info: '1', ...fields }),
  });
  const body = (await response.json()) as Record<string, string> & { error_codes?: number[] };
  if (!response.ok) throw new FlowError(`token: ${body.error}: ${String(body.error_description).split(' Trace ID')[0]}`, body.error_codes ? `AADSTS${body.error_codes[0]}` : body.error ?? null);
  return body;
}

/** Sign-in and the code redemption from the page; returns the refresh token for the refresh leg. */
export async function spaAuthCode(world: MockWorld, client: BrowserClient, calls: readonly RestCall[]): Promise<{ results: CallResult[]; refreshToken: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const q = new URLSearchParams({
    client_id: client.clientId, response_type: 'code', redirect_uri: client.redirectUri, scope: scopeOf(client), state: randomUUID(),
    nonce: randomUUID(), code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  });
  const { code } = await authorizeCode(`https://login.microsoftonline.com/${client.tenant}/oauth2/v2.0/authorize?${q}`);
  const tokens = await token(client, { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier });
  const results = await callApis(world, tokens.access_token!, calls);
  requireAll(results);
  if (!tokens.refresh_token) throw new FlowError('no refresh token in the response', 'no_refresh_token');
  return { results, refreshToken: tokens.refresh_token };
}

/** acquireTokenSilent once the access token expired: the refresh token redeemed from the page. */
export async function spaRefresh(world: MockWorld, client: BrowserClient, refreshToken: string, calls: readonly RestCall[]): Promise<void> {
  const tokens = await token(client, { grant_type: 'refresh_token', refresh_token: refreshToken, redirect_uri: client.redirectUri });
  requireAll(await callApis(world, tokens.access_token!, calls.slice(0, 1)));
}
