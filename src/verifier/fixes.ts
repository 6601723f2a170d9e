// From a failing Entra flow's error code to the exact change that makes it pass: in the files (the client) or in
// the app registration (Entra), whichever is wrong. Codes and sources: docs/verify.md.
import type { AppRegistration } from '../model/verify.js';
import { spaRedirectCommand } from '../mapper/registration.js';
import { allRedirectUris } from './registration.js';
import { adoResource } from './world.js';

export interface FixContext {
  client: { tenant: string; clientId: string; redirectUri: string; scopeStyle: 'default' | 'explicit' };
  registration: AppRegistration;
  /** The legacy App ID, when the app had one: a client id equal to it was left behind. */
  legacyClientId: string | null;
  /** The file the client's settings were read from. */
  file: string | null;
  permissionIdOf: (scope: string) => string | null;
}

const inFile = (ctx: FixContext) => (ctx.file ? ` in ${ctx.file}` : '');

export function fixFor(code: string | null, error: string | null, ctx: FixContext): string | null {
  if (!code) return null;
  const reg = ctx.registration;
  const missing = /^TF400813\/missing-scope:(.+)$/.exec(code)?.[1];
  if (missing) return missingScope(missing, ctx);
  if (code.startsWith('TF400813/wrong-audience:')) {
    return `token for another resource (aud ${code.slice('TF400813/wrong-audience:'.length)}): request an Azure DevOps scope (${adoResource}/.default or ${adoResource}/vso.*)${inFile(ctx)}`;
  }
  const consentUrl = `https://login.microsoftonline.com/${reg.tenantNames[0] ?? reg.tenantId}/adminconsent?client_id=${reg.appId}`;
  switch (code) {
    case 'AADSTS50011': {
      const registered = allRedirectUris(reg);
      return `redirect URI ${ctx.client.redirectUri} is not registered on app ${reg.appId}: add it as a Web redirect URI (az ad app update --id ${reg.appId} --web-redirect-uris ${[...reg.redirectUris.web, ctx.client.redirectUri].join(' ')}), or send a registered one${inFile(ctx)}${registered.length ? ` (${registered.join(', ')})` : ''}`;
    }
    case 'AADSTS500112': return 'send the same redirect_uri on the token request as on the authorize request';
    case 'AADSTS9002327': return `${ctx.client.redirectUri} is registered as a single-page-app redirect URI: a server-side app needs it under Web (az ad app update --id ${reg.appId} --web-redirect-uris …)`;
    case 'AADSTS9002326': return `${ctx.client.redirectUri} is registered as a Web redirect URI, but the browser redeems the code cross-origin, which Entra allows only for a single-page application: move it to the Single-page application platform (${spaRedirectCommand(reg.appId, [ctx.client.redirectUri])}) and remove it from Web`;
    case 'AADSTS700025': return `${ctx.client.redirectUri} is registered as a public-client (mobile/desktop) redirect URI: a confidential app with a secret needs it under Web`;
    case 'AADSTS700016':
      return ctx.legacyClientId && ctx.client.clientId.toLowerCase() === ctx.legacyClientId.toLowerCase()
        ? `the client id${inFile(ctx)} is still the legacy App ID ${ctx.client.clientId}: use the Entra application (client) id ${reg.appId}`
        : `client id ${ctx.client.clientId}${inFile(ctx)} is not app ${reg.appId} of tenant ${reg.tenantNames[0] ?? reg.tenantId}: use the Entra application (client) id ${reg.appId}`;
    case 'AADSTS90002': return `tenant ${ctx.client.tenant}${inFile(ctx)} is not the app's tenant: use https://login.microsoftonline.com/${reg.tenantNames[0] ?? reg.tenantId}`;
    case 'AADSTS50194': return `app ${reg.appId} is single-tenant (signInAudience ${reg.signInAudience}): use the tenant-specific authority https://login.microsoftonline.com/${reg.tenantNames[0] ?? reg.tenantId}${inFile(ctx)}, or make the app multi-tenant (AzureADMultipleOrgs)`;
    case 'unauthorized_client': case 'AADSTS500200':
      return `personal Microsoft accounts cannot get Azure DevOps tokens through Entra: use the tenant-specific authority https://login.microsoftonline.com/${reg.tenantNames[0] ?? reg.tenantId} (or organizations for a multi-tenant app) instead of consumers${inFile(ctx)}`;
    case 'AADSTS650053': return scopeNotOnResource(error, ctx);
    case 'AADSTS650057': return `add the Azure DevOps API permissions to app ${reg.appId} (requiredResourceAccess for ${adoResource}): .default has nothing to grant without them`;
    case 'AADSTS90094': return `an administrator must consent to the permissions of app ${reg.appId}: ${consentUrl} (users may not consent in this tenant)`;
    case 'AADSTS65001': return `request every scope the app needs on the authorize request (a code or refresh token cannot widen it), or grant admin consent: ${consentUrl}`;
    case 'AADSTS70011': return `fix the requested scopes${inFile(ctx)}: ${error ?? ''}`.trim();
    case 'AADSTS700022': return `request Azure DevOps scopes only in one token request (${adoResource}/…); get other resources' tokens separately`;
    case 'AADSTS1002012': return `client credentials must request ${adoResource}/.default and nothing else`;
    case 'AADSTS7000215':
      return reg.credentials.secret || reg.credentials.federated
        ? 'use the Entra app\'s client secret (a new one), not the legacy Client Secret or App Secret'
        : `app ${reg.appId} has no client secret: add one (az ad app credential reset --id ${reg.appId} --append) or use the credential it has`;
    case 'AADSTS700027': return `upload the certificate whose private key signs the client assertion to app ${reg.appId} (az ad app credential reset --id ${reg.appId} --cert @cert.pem --append)`;
    case 'AADSTS70005': case 'unsupported_response_type': return 'send response_type=code (with code_challenge and code_challenge_method=S256), not Assertion';
    case 'AADSTS501491': return 'send a code_challenge of 43 to 128 characters: base64url(sha256(verifier)) with code_challenge_method=S256';
    case 'AADSTS501481': return 'redeem the code with the code_verifier of the same PKCE pair used on the authorize request';
    case 'AADSTS54005': return 'redeem each authorization code once; use the refresh token (or MSAL acquireTokenSilent) afterwards';
    case 'AADSTS9001023': return 'client credentials need a tenant-specific authority (your tenant id), not organizations/common';
    case 'no_refresh_token': return 'add offline_access to the requested scopes (MSAL adds it itself; hand-written token requests must)';
    case 'TF400813': return `request an Azure DevOps scope (${adoResource}/.default or ${adoResource}/vso.*): the token was issued for another resource`;
    case 'TF401444': return 'add the app\'s service principal to the Azure DevOps organization (Organization settings → Users) with at least Basic access';
    default: return null;
  }
}

function missingScope(scope: string, ctx: FixContext): string {
  const id = ctx.permissionIdOf(scope);
  const register = `register the delegated permission ${scope} on the Entra app${id ? ` (az ad app permission add --id ${ctx.registration.appId} --api ${adoResource} --api-permissions ${id}=Scope)` : ''}`;
  const fix = ctx.client.scopeStyle === 'default' ? register : `request ${adoResource}/${scope}${inFile(ctx)} and ${register}`;
  return `missing scope ${scope}: ${fix}`;
}

function scopeNotOnResource(error: string | null, ctx: FixContext): string {
  const named = /scope '([^']+)' that doesn't exist on the resource '([^']+)'/.exec(error ?? '');
  if (!named) return `request only scopes Azure DevOps exposes (ado2entra scopes lists them)${inFile(ctx)}`;
  const [, scope, resource] = named;
  if (resource !== adoResource) return `prefix ${scope} with the Azure DevOps resource: ${adoResource}/${scope}${inFile(ctx)} (a bare scope is looked up on Microsoft Graph)`;
  return `${scope} is not an Azure DevOps scope${inFile(ctx)}: pick one from \`ado2entra scopes\``;
}
