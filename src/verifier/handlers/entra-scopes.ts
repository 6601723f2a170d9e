// How Entra reads a `scope` parameter for Azure DevOps: resource prefixes, .default, OIDC scopes, the errors.
// Consent and what a grant yields are decided in entra-grant.ts; this file only parses and rejects.
import { lookupScope, normalizeScope } from '../../mapper/catalog.js';
import { adoResource, graphResource } from '../world.js';

const oidc = new Set(['openid', 'profile', 'email', 'offline_access']);
const adoPrefix = new RegExp(`^(${adoResource}|https?://app\\.vssps\\.visualstudio\\.com)/(.+)$`, 'i');
const adoUri = 'https://app.vssps.visualstudio.com';

export type ScopeRequest =
  | {
    ok: true;
    /** The Azure DevOps scopes named (without prefix); empty with `.default`. */
    ado: string[];
    isDefault: boolean;
    /** Scopes of other resources (Microsoft Graph's User.Read, …). */
    other: string[];
    /** The Azure DevOps resource as the request names it: its `aud` (GUID or https://app.vssps.visualstudio.com). */
    audience: string;
    offline: boolean;
    openid: boolean;
  }
  | { ok: false; code: number; error: string; message: string };

const invalid = (message: string, code = 70011): ScopeRequest => ({ ok: false, code, error: 'invalid_scope', message });

const notOnResource = (clientId: string, scope: string, resource: string): ScopeRequest => ({
  ok: false, code: 650053, error: 'invalid_client',
  message: `The application '${clientId}' asked for scope '${scope}' that doesn't exist on the resource '${resource}'. Contact the app vendor.`,
});

/**
 * Parses `scope` as Entra does. At the authorize leg scopes may span resources (consent for several APIs);
 * a token request must name one resource. A bare `vso.code` has no resource prefix, so Entra looks it up on
 * Microsoft Graph, where it does not exist.
 */
export function parseScopes(scope: string | null, grantType: 'delegated' | 'client_credentials', leg: 'authorize' | 'token', clientId: string): ScopeRequest {
  const tokens = (scope ?? '').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, code: 900144, error: 'invalid_request', message: "The request body must contain the following parameter: 'scope'." };
  if (grantType === 'client_credentials') {
    const only = tokens.length === 1 ? adoPrefix.exec(tokens[0]!) : null;
    if (!only || only[2] !== '.default') {
      return invalid(`The provided value for scope ${tokens.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, 1002012);
    }
    return { ok: true, ado: [], isDefault: true, other: [], audience: audienceOf(only[1]!), offline: false, openid: false };
  }
  const ado: string[] = [];
  const other: string[] = [];
  let isDefault = false;
  let audience = adoResource;
  for (const token of tokens) {
    if (oidc.has(token.toLowerCase())) continue;
    const m = adoPrefix.exec(token);
    if (!m) {
      if (/^vso\./i.test(token)) return notOnResource(clientId, token, graphResource);
      other.push(token);
      continue;
    }
    audience = audienceOf(m[1]!);
    if (m[2] === '.default') {
      isDefault = true;
      continue;
    }
    const name = normalizeScope(m[2]!);
    if (!lookupScope(name)) return notOnResource(clientId, m[2]!, adoResource);
    ado.push(name);
  }
  if (isDefault && ado.length) return invalid(`The provided value for the input parameter 'scope' is not valid. ${adoResource}/.default cannot be combined with other Azure DevOps scopes.`);
  if (leg === 'token' && (isDefault || ado.length) && other.length) {
    return { ok: false, code: 700022, error: 'invalid_scope', message: `The provided value for the input parameter scope is not valid because it contains more than one resource: ${other.join(' ')}.` };
  }
  const lower = tokens.map((t) => t.toLowerCase());
  return { ok: true, ado, isDefault, other, audience, offline: lower.includes('offline_access'), openid: lower.includes('openid') };
}

function audienceOf(prefix: string): string {
  return prefix.toLowerCase() === adoResource ? adoResource : adoUri;
}

/** Whether a request names Azure DevOps at all (else its token is for another resource). */
export function namesAzureDevOps(request: Extract<ScopeRequest, { ok: true }>): boolean {
  return request.isDefault || request.ado.length > 0;
}
