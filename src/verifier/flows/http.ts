// The Entra flow with the configured scopes sent verbatim by plain HTTP, as hand-written OAuth code would:
// unlike MSAL, nothing adds offline_access, so a missing one shows up as a missing refresh token.
import { createHash, createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import type { RestCall } from '../endpoints.js';
import type { MockWorld } from '../world.js';
import { authorizeCode, callApis, FlowError, requireAll } from './common.js';

export interface HttpClient {
  tenant: string;
  clientId: string;
  credential: { secret: string } | { certificatePem: string; privateKeyPem: string; thumbprintSha256: string };
  scope: string;
  redirectUri: string;
}

/** The client authentication fields: the secret, or a certificate-signed assertion as Entra documents it. */
async function clientAuth(client: HttpClient, tokenUrl: string): Promise<Record<string, string>> {
  if ('secret' in client.credential) return { client_secret: client.credential.secret };
  const { SignJWT } = await import('jose');
  const key = createPrivateKey(client.credential.privateKeyPem);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', 'x5t#S256': Buffer.from(client.credential.thumbprintSha256, 'hex').toString('base64url') })
    .setIssuer(client.clientId).setSubject(client.clientId).setAudience(tokenUrl).setJti(randomUUID())
    .setIssuedAt().setNotBefore('0s').setExpirationTime('10m')
    .sign(key);
  return { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
}

async function token(client: HttpClient, fields: Record<string, string>): Promise<Record<string, string>> {
  const url = `https://login.microsoftonline.com/${client.tenant}/oauth2/v2.0/token`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, ...(await clientAuth(client, url)), scope: client.scope, ...fields }),
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
