// From a failing Entra flow's error code to the exact change that makes it pass.
import { adoResource } from './world.js';

export interface FixContext {
  clientId: string;
  redirectUri: string;
  scopeStyle: 'default' | 'explicit';
  permissionIdOf: (scope: string) => string | null;
}

export function fixFor(code: string | null, error: string | null, ctx: FixContext): string | null {
  if (!code) return null;
  const scope = /^insufficient_scope:(.+)$/.exec(code)?.[1];
  if (scope) {
    const id = ctx.permissionIdOf(scope);
    const register = `register the delegated permission ${scope} on the Entra app${id ? ` (az ad app permission add --id ${ctx.clientId} --api ${adoResource} --api-permissions ${id}=Scope)` : ''}`;
    return ctx.scopeStyle === 'default' ? register : `request ${adoResource}/${scope} and ${register}`;
  }
  switch (code) {
    case 'AADSTS50011': return `add ${ctx.redirectUri} as a Web redirect URI on the Entra app (exact match), or send the redirect URI that is registered`;
    case 'AADSTS70011': return `fix the requested scopes: ${error ?? ''}`.trim();
    case 'AADSTS700022': return `request Azure DevOps scopes only in one token request (${adoResource}/…); get other resources' tokens separately`;
    case 'AADSTS1002012': return `client credentials must request ${adoResource}/.default and nothing else`;
    case 'AADSTS7000215': return 'use the Entra app\'s client secret (a new one), not the legacy Client Secret or App Secret';
    case 'AADSTS700027': return 'upload the certificate whose private key signs the client assertion to the Entra app registration';
    case 'AADSTS700016': return 'use the Entra application (client) id, not the legacy App ID';
    case 'AADSTS70005': case 'unsupported_response_type': return 'send response_type=code (with code_challenge and code_challenge_method=S256), not Assertion';
    case 'AADSTS501481': return 'redeem the code with the code_verifier of the same PKCE pair used on the authorize request';
    case 'AADSTS54005': return 'redeem each authorization code once; use the refresh token (or MSAL acquireTokenSilent) afterwards';
    case 'AADSTS9001023': return 'client credentials need a tenant-specific authority (your tenant id), not organizations/common';
    case 'no_refresh_token': return 'add offline_access to the requested scopes (MSAL adds it itself; hand-written token requests must)';
    case 'TF400813': return `request an Azure DevOps scope (${adoResource}/.default or ${adoResource}/vso.*): the token was issued for another resource`;
    case 'TF401444': return 'add the app\'s service principal to the Azure DevOps organization (Organization settings → Users) with at least Basic access';
    default: return null;
  }
}
