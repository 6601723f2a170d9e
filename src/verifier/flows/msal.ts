// The Entra web-app flow through the real @azure/msal-node: auth code + PKCE, then a silent refresh from its cache.
import type { AuthenticationResult, ConfidentialClientApplication } from '@azure/msal-node';
import { randomUUID } from 'node:crypto';
import type { RestCall } from '../endpoints.js';
import type { MockWorld } from '../world.js';
import { authorizeCode, callApis, FlowError, requireAll, type CallResult } from './common.js';

export interface EntraClient {
  tenant: string;
  clientId: string;
  scopes: string[];
  redirectUri: string;
  credential: { secret: string } | { certificatePem: string; privateKeyPem: string; thumbprintSha256: string };
}

export async function msalClient(client: EntraClient): Promise<ConfidentialClientApplication> {
  const { ConfidentialClientApplication, LogLevel } = await import('@azure/msal-node');
  const credential = 'secret' in client.credential
    ? { clientSecret: client.credential.secret }
    : { clientCertificate: { thumbprintSha256: client.credential.thumbprintSha256, privateKey: client.credential.privateKeyPem } };
  return new ConfidentialClientApplication({
    auth: { clientId: client.clientId, authority: `https://login.microsoftonline.com/${client.tenant}`, ...credential },
    system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} } },
  });
}

export async function msalAuthCode(world: MockWorld, cca: ConfidentialClientApplication, client: EntraClient, calls: readonly RestCall[]): Promise<{ result: AuthenticationResult; results: CallResult[] }> {
  const { CryptoProvider } = await import('@azure/msal-node');
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomUUID();
  // MSAL checks the id token's nonce against this one: proves Entra echoed it
  const nonce = randomUUID();
  const url = await cca.getAuthCodeUrl({ scopes: client.scopes, redirectUri: client.redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state, nonce });
  const { code } = await authorizeCode(url);
  const result = await cca.acquireTokenByCode({ code, scopes: client.scopes, redirectUri: client.redirectUri, codeVerifier: verifier, nonce });
  const results = await callApis(world, result.accessToken, calls);
  requireAll(results);
  return { result, results };
}

/** acquireTokenSilent with forceRefresh: proves a refresh token is in MSAL's cache and redeemable. */
export async function msalRefresh(world: MockWorld, cca: ConfidentialClientApplication, previous: AuthenticationResult, client: EntraClient, calls: readonly RestCall[]): Promise<void> {
  if (!previous.account) throw new FlowError('no account in the token response (id_token missing): acquireTokenSilent is impossible', 'no_account');
  const refreshed = await cca.acquireTokenSilent({ account: previous.account, scopes: client.scopes, forceRefresh: true });
  requireAll(await callApis(world, refreshed.accessToken, calls.slice(0, 1)));
}
