// The legacy web-server flow exactly as documented, with plain fetch: Assertion code, jwt-bearer exchange, refresh by assertion.
import { randomUUID } from 'node:crypto';
import type { RestCall } from '../endpoints.js';
import type { LegacyRegistration, MockWorld } from '../world.js';
import { authorizeCode, callApis, FlowError, requireAll, type CallResult } from './common.js';

const base = 'https://app.vssps.visualstudio.com/oauth2';

async function token(reg: LegacyRegistration, fields: Record<string, string>): Promise<{ access_token: string; refresh_token: string }> {
  const response = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: reg.clientSecret, ...fields, redirect_uri: reg.callbackUrl }),
  });
  const body = (await response.json()) as Record<string, string>;
  if (!response.ok) throw new FlowError(`token: HTTP ${response.status} ${body.Error}: ${body.ErrorDescription}`, body.Error ?? null);
  if (body.token_type !== 'jwt-bearer' || typeof body.expires_in !== 'string') throw new FlowError('token: unexpected legacy token response shape', null);
  return { access_token: body.access_token!, refresh_token: body.refresh_token! };
}

export async function legacyAuthCode(world: MockWorld, calls: readonly RestCall[]): Promise<{ refreshToken: string; results: CallResult[] }> {
  const reg = world.legacy!;
  const q = new URLSearchParams({ client_id: reg.appId, response_type: 'Assertion', state: randomUUID(), scope: reg.scopes.join(' '), redirect_uri: reg.callbackUrl });
  const { code } = await authorizeCode(`${base}/authorize?${q}`);
  const tokens = await token(reg, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: code });
  const results = await callApis(world, tokens.access_token, calls);
  requireAll(results);
  return { refreshToken: tokens.refresh_token, results };
}

export async function legacyRefresh(world: MockWorld, refreshToken: string, calls: readonly RestCall[]): Promise<void> {
  const tokens = await token(world.legacy!, { grant_type: 'refresh_token', assertion: refreshToken });
  requireAll(await callApis(world, tokens.access_token, calls.slice(0, 1)));
}
