// The Entra flow with the configured scopes sent verbatim by plain HTTP, as hand-written OAuth code would:
// unlike MSAL, nothing adds offline_access, so a missing one shows up as a missing refresh token.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RestCall } from '../endpoints.js';
import type { MockWorld } from '../world.js';
import { authorizeCode, callApis, FlowError, requireAll } from './common.js';

export interface HttpClient {
  tenant: string;
  clientId: string;
  secret: string;
  scope: string;
  redirectUri: string;
}

async function token(client: HttpClient, fields: Record<string, string>): Promise<Record<string, string>> {
  const response = await fetch(`https://login.microsoftonline.com/${client.tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, client_secret: client.secret, scope: client.scope, ...fields }),
  });
  const body = (await response.json()) as Record<string, string> & { error_codes?: number[] };
  if (!response.ok) throw new FlowError(`token: ${body.error}: ${String(body.error_description).split(' Trace ID')[0]}`, body.error_codes ? `AADSTS${body.error_codes[0]}` : body.error ?? null);
  return body;
}

export async function httpAuthCode(world: MockWorld, client: HttpClient, calls: readonly RestCall[]): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const q = new URLSearchParams({
    client_id: client.clientId, response_type: 'code', redirect_uri: client.redirectUri, scope: client.scope, state: randomUUID(),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  });
  const { code } = await authorizeCode(`https://login.microsoftonline.com/${client.tenant}/oauth2/v2.0/authorize?${q}`);
  const tokens = await token(client, { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier });
  requireAll(await callApis(world, tokens.access_token!, calls));
  if (!tokens.refresh_token) throw new FlowError('no refresh token in the response: the requested scopes lack offline_access', 'no_refresh_token');
  return tokens.refresh_token;
}

export async function httpRefresh(world: MockWorld, client: HttpClient, refreshToken: string, calls: readonly RestCall[]): Promise<void> {
  const tokens = await token(client, { grant_type: 'refresh_token', refresh_token: refreshToken });
  requireAll(await callApis(world, tokens.access_token!, calls.slice(0, 1)));
}
