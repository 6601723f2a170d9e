// How Entra reads a `scope` parameter for Azure DevOps: resource prefixes, .default, OIDC scopes, the errors.
import { lookupScope, normalizeScope } from '../../mapper/catalog.js';
import { adoResource, graphResource } from '../world.js';

const oidc = new Set(['openid', 'profile', 'email', 'offline_access']);
const adoPrefix = new RegExp(`^(?:${adoResource}|https?://app\\.vssps\\.visualstudio\\.com)/(.+)$`, 'i');

export type ScopeGrant =
  | { ok: true; resource: string; scopes: string[]; isDefault: boolean; offline: boolean; openid: boolean }
  | { ok: false; code: number; error: string; message: string };

const invalid = (message: string, code = 70011): ScopeGrant => ({ ok: false, code, error: 'invalid_scope', message });

/** The grant Entra would make for `scope` given the app's registered Azure DevOps permissions. */
export function evaluateScopes(scope: string | null, registered: readonly string[], grantType: 'delegated' | 'client_credentials'): ScopeGrant {
  const tokens = (scope ?? '').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, code: 900144, error: 'invalid_request', message: "The request body must contain the following parameter: 'scope'." };
  if (grantType === 'client_credentials') {
    const only = tokens.length === 1 ? adoPrefix.exec(tokens[0]!) : null;
    if (!only || only[1] !== '.default') {
      return invalid(`The provided value for scope ${tokens.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, 1002012);
    }
    return { ok: true, resource: adoResource, scopes: [], isDefault: true, offline: false, openid: false };
  }
  const ado: string[] = [];
  const other: string[] = [];
  let isDefault = false;
  for (const token of tokens) {
    if (oidc.has(token.toLowerCase())) continue;
    const m = adoPrefix.exec(token);
    if (!m) {
      if (/^vso\./i.test(token)) return invalid(`The provided value for the input parameter 'scope' is not valid. The scope ${token} is not valid: Azure DevOps scopes need the resource prefix ${adoResource}/.`);
      other.push(token);
      continue;
    }
    if (m[1] === '.default') {
      isDefault = true;
      continue;
    }
    const name = normalizeScope(m[1]!);
    if (!lookupScope(name)) return invalid(`The provided value for the input parameter 'scope' is not valid. The scope ${token} does not exist on the Azure DevOps resource.`);
    ado.push(name);
  }
  if (isDefault && ado.length) return invalid(`The provided value for the input parameter 'scope' is not valid. ${adoResource}/.default cannot be combined with other Azure DevOps scopes.`);
  if ((isDefault || ado.length) && other.length) {
    return { ok: false, code: 700022, error: 'invalid_scope', message: `The provided value for the input parameter scope is not valid because it contains more than one resource: ${other.join(' ')}.` };
  }
  const lower = tokens.map((t) => t.toLowerCase());
  const base = { ok: true as const, offline: lower.includes('offline_access'), openid: lower.includes('openid') };
  if (isDefault) return { ...base, resource: adoResource, scopes: [...registered], isDefault: true };
  if (ado.length) return { ...base, resource: adoResource, scopes: ado, isDefault: false };
  return { ...base, resource: graphResource, scopes: other.length ? other : ['User.Read'], isDefault: false };
}
