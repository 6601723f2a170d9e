import { adoResourceId, looksLikeScope, splitScopes } from '../model/scope-catalog.js';
import { LineIndex, located } from '../parsers/positions.js';
import type { Setting } from '../parsers/types.js';
import { namespaceOf, type Role, type Signal } from './signal.js';
import { indirection, isGuid, isPlaceholder, legacySecretJwt, redactUrl, type LegacySecretInfo } from './values.js';

// the host as written in real URLs: `user@` before it, a trailing dot (FQDN) or the default port after it
const legacyHost = /(?:^|[^\w.-])app\.vssps\.visualstudio\.com\.?(?::443)?(?![\w-]|\.\w|:\d)/i;
const registrationUrl = /(?:app\.vsaex\.visualstudio\.com|app\.vssps\.visualstudio\.com|aex\.dev\.azure\.com)\/app\/register/i;
const vsaexProfile = /app\.vsaex\.visualstudio\.com\/me\b/i;
const oauthPathOnly = /(?:^|[}/])oauth2\/(authorize|token)\b/i;
/** A URL naming a host of its own (not a variable): another provider's endpoint is never a legacy path. */
const otherHost = /^\s*[a-z][\w+.-]*:\/\/[^/${}<%\s]+\//i;
/** A code literal that is only the relative OAuth path, appended to a base defined elsewhere. */
const relativeOAuthPath = /^\/?oauth2\/(authorize|token)\/?\??$/i;
const assertionResponse = /response_type=assertion\b/i;
const constantName = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const grantUrn = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const clientAssertionUrn = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Facts about a whole file that decide whether ambiguous signals count. */
export interface FileFacts {
  hasLegacyHost: boolean;
  hasAssertionField: boolean;
  onBehalfOf: boolean;
  cheTenantDocs: Set<number>;
  /** Documents (YAML) or heredocs carrying the Che `oauth-scm-server: azure-devops` annotation. */
  cheDocs: Set<number>;
  /** A literal is the legacy `…/oauth2/` base to which relative `token` / `authorize` are resolved. */
  legacyOAuthBase: boolean;
  /** The file runs in a browser: its secrets are public and its flow is a SPA's. */
  browser: boolean;
  /** The provider library the file builds on, if any (code-site advice names its Entra successor). */
  library: string | null;
  /** Where code sends a value named as the App Secret as `client_assertion` (offset), else -1. */
  appSecretAssertion: number;
  /** Code blocks (by offset) opened under another provider's name: `'github' => [`, `google: {`. */
  foreignBlocks: Set<number>;
}

export function fileFacts(settings: Setting[], text: string): FileFacts {
  const cheTenantDocs = new Set<number>();
  const cheDocs = new Set<number>();
  for (const s of settings) {
    if (s.key === 'tenant-id' || s.key === 'tenantId') cheTenantDocs.add(s.document ?? 0);
    if (/oauth-scm-server$/.test(s.key ?? '') && /^azure-devops$/i.test(s.value.trim())) cheDocs.add(s.document ?? 0);
  }
  return {
    hasLegacyHost: legacyHost.test(text),
    hasAssertionField: /["'`]assertion["'`]|[?&\s]assertion=|\bassertion\s*[:=]|\['assertion'\]/i.test(text),
    onBehalfOf: /requested_token_use|on_behalf_of/i.test(text),
    legacyOAuthBase: settings.some((s) => !s.inComment && /app\.vssps\.visualstudio\.com\.?(?::443)?\/oauth2\/$/i.test(s.value.trim())),
    cheTenantDocs,
    cheDocs,
    foreignBlocks: foreignBlocks(settings, text),
    appSecretAssertion: appSecretAssertion(text),
    browser: browserCode.test(text),
    library: libraries.find(([, re]) => re.test(text))?.[0] ?? null,
  };
}

// code that runs in a browser: DOM and navigation, front-end frameworks, bower and CDN-loaded scripts
const browserCode = /\bwindow\.location\b|\bdocument\.(getElementById|querySelector|cookie)|\blocalStorage\.|\bsessionStorage\.|\bangular\.module\(|from ['"]react['"]|require\(['"]react['"]\)|from ['"]vue['"]|@angular\/core|\buseState\(|\$http\.|bower_components\//;
/** Provider libraries with an Entra successor, recognised by how code loads or configures them. */
const libraries: [string, RegExp][] = [
  ['next-auth', /next-auth\/providers\/azure-devops|@auth\/core\/providers\/azure-devops|AzureDevOpsProvider|providers\/azure-devops/],
  ['passport', /require\(['"]passport[-\w]*['"]\)|from ['"]passport[-\w]*['"]|passport\.use\(|OAuth2Strategy/],
  ['omniauth', /OmniAuth::|omniauth|provider\s+:(vsts|visualstudio|azure_devops)/],
  ['social-auth', /social_core|social_auth|social\.backends|BaseOAuth2|OAuthBackend/],
  ['aspnet', /\bOAuthHandler<|AddOAuth\(|AddVisualStudio\(|AddAzureDevOps\(|AspNet\.Security\.OAuth|AddVsoAccount\(/],
  ['google-oauth-client', /com\.google\.api\.client\.auth\.oauth2/],
  ['ktor', /OAuthServerSettings\.OAuth2ServerSettings/],
];

/** Provider packages that run the legacy flow themselves: the app's code names only the package and its settings. */
const legacyProviderPackages: [string, RegExp][] = [
  ['the Auth.js azure-devops provider', /["'](?:next-auth|@auth\/core)\/providers\/azure-devops["']/],
  ['AspNet.Security.OAuth.VisualStudio', /\.AddVisualStudio\s*\(/],
  ['Microsoft.AspNetCore.Authentication.VsoAccount', /\.AddVsoAccount\s*\(/],
  ['passport-vso-oauth', /["']passport-vso-oauth["']/],
];

// `client_assertion: encodeURIComponent(appSecret)`, `"client_assertion", this.options.AppSecret`, `client_assertion=APP_SECRET`
const assertionValue = /\bclient_assertion\b["'\]]?\s*(?:=>|[:=,]|\)\s*,|\]\s*=)\s*([^,;\n}\])]{1,120})/gi;

function appSecretAssertion(text: string): number {
  for (const m of text.matchAll(assertionValue)) {
    if (/app[-_.]?secret/i.test(m[1]!) && !/client[-_.]?secret/i.test(m[1]!)) return m.index;
  }
  return -1;
}

/** Blocks of code named for another provider: the name written just before the block's opening bracket. */
function foreignBlocks(settings: Setting[], text: string): Set<number> {
  const out = new Set<number>();
  const seen = new Set<number>();
  for (const s of settings) {
    for (const at of s.scope ?? []) {
      if (seen.has(at)) continue;
      seen.add(at);
      const name = /["']?([\w-]+)["']?\s*(?:=>|:|=)\s*(?:array\s*)?$/.exec(text.slice(Math.max(0, at - 80), at))?.[1];
      if (name && otherProvider.test(name)) out.add(at);
    }
  }
  return out;
}

/** Every signal in one parsed file. Ambiguous ones are resolved with the file's facts. */
export function fileSignals(file: string, origin: 'config' | 'code', settings: Setting[], facts: FileFacts, text?: string): Signal[] {
  const out: Signal[] = [];
  if (origin === 'code' && facts.appSecretAssertion >= 0 && text !== undefined) {
    const setting: Setting = { keyPath: ['client_assertion'], key: 'client_assertion', value: '', ...located(new LineIndex(text), facts.appSecretAssertion, facts.appSecretAssertion + 'client_assertion'.length) };
    out.push({ file, origin, setting, ns: '', kind: 'client-secret', strength: 'weak', sendsAppSecret: true, message: 'sends the App Secret setting as client_assertion: that setting is the legacy client secret (Entra: a new client secret or certificate)' });
  }
  if (origin === 'code' && text !== undefined) providerPackageSignal(file, text, facts, out);
  for (const found of settings) {
    if (found.container) continue;
    const setting = declaredSetting(found);
    const base = { file, origin, setting, ns: namespaceOf(setting, origin), ...(origin === 'code' && facts.browser ? { browser: true } : {}), ...(origin === 'code' && facts.library ? { library: facts.library } : {}) } as const;
    const push = (s: Omit<Signal, keyof typeof base>) => out.push({ ...base, ...s });
    if (setting.inComment) {
      if (registrationUrl.test(setting.value)) push(registrationLink);
      const jwt = legacySecretJwt(setting.value);
      if (jwt) push(committedSecret(jwt, ' (in a comment)'));
      continue;
    }
    urlSignals(setting, origin, facts, push);
    protocolSignals(setting, origin, facts, push);
    roleSignals(setting, origin, facts, push);
  }
  return out;
}

/** Code built on a package that runs the legacy flow inside: no endpoint of its own, yet a legacy app (medium evidence). */
function providerPackageSignal(file: string, text: string, facts: FileFacts, out: Signal[]): void {
  for (const [name, re] of legacyProviderPackages) {
    const m = re.exec(text);
    if (!m) continue;
    const at = m.index + (m[0].startsWith('.') ? 1 : 0);
    const setting: Setting = { keyPath: [], key: null, value: '', ...located(new LineIndex(text), at, m.index + m[0].length) };
    out.push({ file, origin: 'code', setting, ns: '', kind: 'other', strength: 'medium', providerPackage: name, ...(facts.library ? { library: facts.library } : {}), message: `built on ${name}, which runs the legacy Azure DevOps OAuth flow inside the package (vssps endpoints, response_type=Assertion): move the sign-in to Entra` });
    return;
  }
}

/** `%2F` and friends in a URL path decoded (`…/oauth2%2Ftoken`), so an encoded endpoint is still recognised. */
function decodePath(value: string): string {
  if (!/%2f/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%2f/gi, '/');
  }
}

/** Plugin manifests declare settings as `{ "key": "Name", … }`: the name is the setting, its value lives elsewhere. */
function declaredSetting(setting: Setting): Setting {
  if (setting.key !== 'key' || !setting.keyPath.includes('settings_schema') || !/^[A-Za-z_][\w.-]*$/.test(setting.value)) return setting;
  return { ...setting, keyPath: [...setting.keyPath.slice(0, -1), setting.value], key: setting.value, value: '', declared: true };
}

const registrationLink = { kind: 'registration-url', strength: 'medium', message: 'link to the legacy app registration page (no new registrations since April 2025)' } as const;

type Push = (s: Omit<Signal, 'file' | 'origin' | 'setting' | 'ns'>) => void;

function urlSignals(setting: Setting, origin: 'config' | 'code', facts: FileFacts, push: Push): void {
  const v = decodePath(setting.value);
  if (registrationUrl.test(v)) {
    push(registrationLink);
    return;
  }
  if (vsaexProfile.test(v)) {
    push({ kind: 'profile-endpoint', strength: 'weak', message: 'legacy profile endpoint app.vsaex.visualstudio.com/me; use https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the Entra token', display: redactUrl(v) });
    return;
  }
  const host = legacyHost.exec(v);
  if (host) {
    const rest = v.slice(host.index + host[0].length);
    // a URL written over several lines (a template literal) is shown up to its first line break
    const shown = redactUrl(v.slice(0, host.index + host[0].length) + rest.split(/\s/)[0]);
    const tokenKey = /token/i.test(setting.key ?? '');
    if (/^\/?oauth2\/authorize/i.test(rest)) {
      push({ kind: 'authorize-endpoint', strength: 'strong', endpoint: tokenKey ? 'token' : 'authorize', display: shown, message: `legacy authorize endpoint${tokenKey ? ' (configured as the token URL)' : ''}; Entra: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize` });
    } else if (/^\/?oauth2\/token/i.test(rest)) {
      push({ kind: 'token-endpoint', strength: 'strong', endpoint: 'token', display: shown, message: 'legacy token endpoint; Entra: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token' });
    } else if (/^\/?_apis\/profile\/profiles\/me/i.test(rest)) {
      push({ kind: 'profile-endpoint', strength: 'weak', display: shown, message: 'profile endpoint: keeps working with an Entra token (scope vso.profile)' });
    } else if (/^(\/oauth2)?\/?($|[?\s"'`#])/i.test(rest) && !/resource|audience|^aud$/i.test(setting.key ?? '')) {
      push({ kind: 'oauth-host', strength: 'strong', display: shown, message: 'legacy OAuth host app.vssps.visualstudio.com (paths /oauth2/authorize and /oauth2/token are added elsewhere)' });
    }
  } else if (origin === 'code' && !facts.hasLegacyHost && relativeOAuthPath.test(v.trim())) {
    // `new Uri(base, "/oauth2/token")`, `base + "/oauth2/authorize"` with the base defined in another file: a code
    // site, weak, so it makes no app of its own and only marks the site in a file that is legacy for other reasons
    const which = /token/i.test(v) ? 'token' : 'authorize';
    push({ kind: `${which}-endpoint`, strength: 'weak', endpoint: which, relative: true, message: `legacy ${which} path appended to a base URL defined elsewhere; Entra: {authority}/oauth2/v2.0/${which} (an Entra authority setting plus the v2.0 path)` });
  } else if (origin === 'code' && facts.legacyOAuthBase && /^(authorize|token)\??$/i.test(v.trim())) {
    // Guzzle `base_uri => '…/oauth2/'` then `->post('token')`
    const which = /token/i.test(v) ? 'token' : 'authorize';
    push({ kind: `${which}-endpoint`, strength: 'strong', endpoint: which, relative: true, message: `legacy ${which} endpoint: '${v.trim()}' relative to the app.vssps.visualstudio.com/oauth2/ base in this file; Entra: {authority}/oauth2/v2.0/${which}` });
  } else if (facts.hasLegacyHost || setting.interpolated) {
    const path = oauthPathOnly.exec(v);
    if (path && facts.hasLegacyHost && !otherHost.test(v)) {
      const kind = path[1]!.toLowerCase() === 'token' ? 'token-endpoint' : 'authorize-endpoint';
      push({ kind, strength: 'strong', endpoint: kind === 'token-endpoint' ? 'token' : 'authorize', message: `legacy ${path[1]} path joined to the app.vssps.visualstudio.com host` });
    }
  }
}

function protocolSignals(setting: Setting, origin: 'config' | 'code', facts: FileFacts, push: Push): void {
  const v = setting.value;
  const key = setting.key ?? '';
  if (assertionResponse.test(v) || (/(?:^|_)(response_?type|resp_?type)$/i.test(key) && /^assertion$/i.test(v.trim()))) {
    push({ kind: 'response-type', strength: 'strong', message: 'response_type=Assertion (legacy); Entra uses response_type=code with PKCE (code_challenge, S256)' });
  }
  // `…&scope=vso.code vso.work&…` in the URL, or `"&scope=vso.build vso.code"` appended to it in another literal
  const query = /[?&]scope=([^&#"'`\r\n]*)/i.exec(v);
  if (query && (legacyHost.test(v) || (facts.hasLegacyHost && /^\s*[?&]\w+=/.test(v)))) scopeSignal(setting, query[1]!.trim(), push);
  if (origin === 'code' && legacyHost.test(v)) queryRoleSignals(v, push);
  if (v.includes(grantUrn) && !facts.onBehalfOf && (facts.hasAssertionField || facts.hasLegacyHost)) {
    push({ kind: 'jwt-bearer-grant', strength: 'strong', message: 'jwt-bearer grant with the code as `assertion` (legacy code exchange); Entra: grant_type=authorization_code with code and code_verifier' });
  }
  const legacyAssertion = facts.hasLegacyHost || (facts.hasAssertionField && !facts.onBehalfOf);
  if (v.includes(clientAssertionUrn) && legacyAssertion) {
    push({ kind: 'other', strength: 'weak', message: 'client_assertion_type jwt-bearer carrying the legacy client secret; Entra: client_id + client_secret, or a certificate-signed client_assertion' });
  }
  // `FIELD_CLIENT_ASSERTION = "client_assertion"`: code sending a value under this constant sends the legacy secret
  if (origin === 'code' && /^client_assertion$/.test(v.trim()) && constantName.test(key) && legacyAssertion) {
    push({ kind: 'client-secret', role: 'client-secret', strength: 'weak', secretPresent: false, message: `${key} names the client_assertion field, which carries the legacy client secret: Entra needs a new secret or certificate` });
  }
  const refreshByAssertion = /grant_type=refresh_token/i.test(v) && /[?&]assertion=/i.test(v);
  const refreshGrant = /^refresh_token$/i.test(v.trim()) && /grant_?type/i.test(key) && facts.hasAssertionField && !facts.onBehalfOf;
  if (refreshByAssertion || refreshGrant) {
    push({ kind: 'refresh-assertion', strength: 'strong', message: 'refresh sends the refresh token as `assertion` (legacy); Entra: grant_type=refresh_token with refresh_token, and offline_access in the scopes' });
  }
  const jwt = legacySecretJwt(v);
  if (jwt) push(committedSecret(jwt, ''));
}

/** A callback as Entra registers it: scripts keep the redirect_uri already encoded for the query (`https%3A%2F%2F…`). */
function decodedCallback(url: string): string {
  return /^https?%3a%2f%2f/i.test(url) ? decodePath(url) : url;
}

/** A hard-coded authorize URL states the App ID and callback in its query (`?client_id=<GUID>&…&redirect_uri=https://…`). */
function queryRoleSignals(v: string, push: Push): void {
  const id = /[?&]client_id=([^&#\s"'`]+)/i.exec(v)?.[1];
  if (id && isGuid(id)) {
    push({ kind: 'client-id', role: 'client-id', strength: 'weak', display: id, message: 'legacy App ID in the authorize URL: replace it with the new Entra application (client) id and add the tenant id' });
  }
  const written = /[?&]redirect_uri=([^&#\s"'`]+)/i.exec(v)?.[1];
  const callback = written && decodedCallback(written);
  if (callback && /^https?:\/\/[^{}$<]+$/i.test(callback)) {
    push({ kind: 'callback-url', role: 'callback-url', strength: 'weak', display: redactUrl(callback), message: 'OAuth callback URL in the authorize URL: register it as a Web redirect URI on the Entra app (HTTPS, exact match)' });
  }
}

function committedSecret(jwt: LegacySecretInfo, where: string): Omit<Signal, 'file' | 'origin' | 'setting' | 'ns'> {
  const issued = `a JWT issued by ${jwt.issuer}${jwt.expires ? `, expires ${jwt.expires}` : ''}`;
  if (jwt.what === 'token') {
    // a code or token pasted into a script proves the legacy flow ran, but it is no client secret: the app keeps none
    return { kind: 'other', strength: 'strong', message: `legacy authorization code or token committed in plain text${where} (${issued}); remove it, and revoke the authorization in the user's Azure DevOps profile if it has not expired` };
  }
  return { kind: 'legacy-secret-value', strength: 'strong', secretPresent: true, message: `legacy client secret committed in plain text${where} (${issued}); remove it and rotate` };
}

function roleSignals(setting: Setting, origin: 'config' | 'code', facts: FileFacts, push: Push): void {
  const key = setting.key ?? '';
  const v = setting.value;
  if (isDecoyKey(setting) || (setting.scope ?? []).some((at) => facts.foreignBlocks.has(at))) return;
  if (/^azureDevopsOAuth(AppID|ClientSecret)$/i.test(key) && setting.keyPath.includes('settings_schema')) {
    const role: Role = /secret/i.test(key) ? 'client-secret' : 'client-id';
    push({ kind: role, role, strength: 'medium', message: `Mattermost Azure DevOps plugin setting ${key} (legacy OAuth app ${role === 'client-id' ? 'id' : 'client secret'})` });
    return;
  }
  if (/oauth-scm-server$/.test(key) && /^azure-devops$/i.test(v.trim()) && !facts.cheTenantDocs.has(setting.document ?? 0)) {
    push({ kind: 'other', strength: 'medium', message: 'Eclipse Che / Dev Spaces Azure DevOps OAuth secret without tenant-id: a legacy Azure DevOps OAuth app' });
    return;
  }
  const ref = indirection(v);
  if (origin === 'code' && /^client_assertion$/i.test(key) && ref && !/app[-_.]?secret/i.test(ref)) {
    // the legacy protocol sends the client secret itself as client_assertion, here read from the environment
    push({ kind: 'client-secret', role: 'client-secret', strength: 'weak', secretPresent: false, message: `legacy client secret sent as client_assertion, read from env:${ref}: Entra needs a new secret or certificate; keep it in the environment or Key Vault` });
    return;
  }
  const role = roleOf(setting, facts);
  if (!role) {
    if (origin === 'code' || !key) scopeValueSignal(setting, push);
    return;
  }
  if (role === 'scopes') return scopeSignal(setting, v, push, true);
  if (role === 'callback-url') {
    const url = decodedCallback(v.trim());
    if (/^(https?:\/\/|\/|\$?\{\w+\}\/)/i.test(url) || isPlaceholder(v)) {
      const placeholder = isPlaceholder(v);
      push({ kind: 'callback-url', role, strength: 'weak', display: placeholder ? undefined : redactUrl(url), message: 'OAuth callback URL: register it as a Web redirect URI on the Entra app (HTTPS, exact match)' });
    }
    return;
  }
  if (role === 'client-id') {
    if (v.trim().toLowerCase() === adoResourceId) return; // the Entra resource id, used by migrated code
    const literal = !isPlaceholder(v) && !setting.interpolated && (isGuid(v) || origin === 'config');
    if (origin === 'code' && !literal && !ref) return;
    push({ kind: 'client-id', role, strength: 'weak', display: literal ? v.trim() : undefined, source: ref ? `env:${ref}` : literal ? undefined : `${key}`, message: 'legacy App ID: replace with the new Entra application (client) id and add the tenant id' });
    return;
  }
  const present = !isPlaceholder(v) && !setting.interpolated && !indirection(v) && !/_filepath$/i.test(key);
  if (origin === 'code' && !present) return;
  if (origin === 'code' && facts.browser && present) {
    push({ kind: 'client-secret', role, strength: 'weak', secretPresent: true, message: 'BLOCKER: a client secret in browser code is public (anyone can read it in the page); a browser app (SPA) uses auth code + PKCE with no secret at all: remove it and revoke it' });
    return;
  }
  push({ kind: 'client-secret', role, strength: 'weak', secretPresent: present, message: role === 'app-secret'
    ? 'App Secret of the legacy registration (not the Client Secret sent as client_assertion)'
    : `legacy client secret${present ? ' value in the file' : ' setting'}: Entra needs a new secret or certificate; keep it out of the file (environment or Key Vault)` });
}

function scopeSignal(setting: Setting, written: string, push: Push, fromKey = false): void {
  const tokens = splitScopes(written).filter((t) => looksLikeScope(t) || t.startsWith('preview_'));
  if (tokens.length === 0 && !(fromKey && isPlaceholder(written))) return;
  push({ kind: 'scopes', role: 'scopes', strength: 'weak', scopes: tokens, display: tokens.join(' '), message: tokens.length ? `legacy scopes ${tokens.join(' ')}: request ${adoResourceId}/.default (or each as ${adoResourceId}/<scope>) plus offline_access` : 'scope list setting (value not set here)' });
}

/** A bare literal like "vso.code vso.work" or ["vso.code"] in code or keyless config. */
function scopeValueSignal(setting: Setting, push: Push): void {
  const v = setting.value.trim();
  if (!/^(vso\.|preview_api_all|preview_msdn)/i.test(v)) return;
  const tokens = splitScopes(v);
  if (tokens.length > 0 && tokens.every((t) => looksLikeScope(t) || t.startsWith('preview_'))) scopeSignal(setting, v, push);
}

function roleOf(setting: Setting, facts: FileFacts): Role | null {
  const key = setting.key ?? '';
  const inCheSecret = facts.cheDocs.has(setting.document ?? 0) && setting.keyPath.length <= 2;
  if (/(?:client|app)[-_.:]?id$|clientid_filepath$/i.test(key) || (inCheSecret && key === 'id')) return 'client-id';
  if (/client[-_.:]?(app[-_.:]?)?secret|clientsecret_filepath$/i.test(key) || (inCheSecret && key === 'secret')) return 'client-secret';
  if (/app[-_.]?secret$/i.test(key)) return 'app-secret';
  if (/(^|[-_.:])scopes?$|scopes?$|scope_?list$/i.test(key) && !/^(data|openid)$/i.test(key)) return 'scopes';
  if (/callback|redirect[-_.]?ur[il]s?$|reply[-_.]?urls?$|^redirect$/i.test(key)) {
    if (/redirect[-_.]?url$|^redirect$/i.test(key) && !/callback|oauth|signin|sign-in|auth/i.test(setting.value)) return null;
    return 'callback-url';
  }
  return null;
}

/** Another OAuth provider's setting, named so in its key, its environment variable or its section. */
const otherProvider = /github|gitlab|bitbucket|google|slack|facebook|twitter|okta|auth0|discord|mailgun|stripe|linkedin|atlassian|jira|heroku|dropbox|gitea|keycloak/i;

/** Same words, different meaning: Bot Framework credentials, AzureAd (Entra) sections, PATs, other providers. */
function isDecoyKey(setting: Setting): boolean {
  const key = setting.key ?? '';
  if (otherProvider.test(key) || otherProvider.test(indirection(setting.value) ?? '')) return true;
  if (setting.keyPath.some((k) => typeof k === 'string' && otherProvider.test(k))) return true;
  if (/^MicrosoftApp(Id|Password|TenantId|Type)$/i.test(key) || /^BotId$/i.test(key)) return true;
  if (setting.keyPath.some((k) => typeof k === 'string' && /^azure_?ad$/i.test(k))) return true;
  return /(^|[-_.:])pat($|[-_.:])|personal_?access_?token/i.test(key);
}
