// The new value of one legacy setting: pure string transforms, no knowledge of file formats.
import type { EntraSettings } from '../../model/plan.js';

// user info, a trailing-dot host, the default port and a percent-encoded slash are all still the legacy endpoint
const legacyEndpoint = /^(https?:\/\/)?(?:[^/@\s]*@)?app\.vssps\.visualstudio\.com\.?(?::443)?\/oauth2(?:\/|%2f)(authorize|token)\/?/i;
const legacyHostOnly = /^(https?:\/\/)?app\.vssps\.visualstudio\.com(\/?)$/i;
const legacyPath = /oauth2\/(authorize|token)\b/i;

/** How a scope list is joined in a value: space, `%20`, `+` or comma. */
export function scopeSeparator(written: string): string {
  if (/%20/i.test(written)) return '%20';
  if (/\+/.test(written) && !/\s/.test(written)) return '+';
  if (/,\s/.test(written)) return ', ';
  if (written.includes(',')) return ',';
  return ' ';
}

/** A scope list written with the same separator as the legacy one. */
export function joinScopes(scopes: readonly string[], written: string): string {
  return scopes.join(scopeSeparator(written));
}

/**
 * A legacy OAuth URL made Entra: the endpoint (or bare host, or path) replaced; in a query,
 * `response_type=Assertion` → `code`, `scope` → the Entra scopes, `client_id` → the new id. Other text is kept.
 */
export function entraUrl(value: string, endpoint: 'authorize' | 'token' | undefined, entra: EntraSettings): string | null {
  const lead = /^\s*/.exec(value)![0];
  const body = value.slice(lead.length);
  const full = legacyEndpoint.exec(body);
  if (full) {
    const which = endpoint ?? (full[2]!.toLowerCase() as 'authorize' | 'token');
    const target = which === 'token' ? entra.tokenEndpoint : entra.authorizeEndpoint;
    return lead + target + (full[0].endsWith('/') ? '/' : '') + entraQuery(body.slice(full[0].length), entra);
  }
  const host = legacyHostOnly.exec(body.trimEnd());
  if (host) return lead + entra.authority + host[2]! + body.slice(body.trimEnd().length);
  if (legacyPath.test(body)) return lead + body.replace(legacyPath, (_m, which: string) => `oauth2/v2.0/${which}`);
  return null;
}

function entraQuery(tail: string, entra: EntraSettings): string {
  return tail.replace(/([?&])(response_type|scope|client_id)=([^&#\s"'`]*)/gi, (whole, sep: string, name: string, v: string) => {
    const key = name.toLowerCase();
    if (key === 'response_type') return /^assertion$/i.test(v) ? `${sep}${name}=code` : whole;
    if (key === 'scope') return `${sep}${name}=${entra.scopes.join(scopeSeparator(v) === '+' ? '+' : '%20')}`;
    return /^[0-9a-f-]{36}$/i.test(v) ? `${sep}${name}=${entra.clientId}` : whole;
  });
}

/** `response_type` written as a bare value. */
export function entraResponseType(value: string): string | null {
  return /^\s*assertion\s*$/i.test(value) ? value.replace(/assertion/i, 'code') : null;
}

const jwtBearerGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** `grant_type` written as a bare value: the legacy code exchange becomes authorization_code. */
export function entraGrantType(value: string): string | null {
  return value.trim() === jwtBearerGrant ? value.replace(jwtBearerGrant, 'authorization_code') : null;
}
