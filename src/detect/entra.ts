// What the Entra rules look at: files that configure Microsoft Entra for Azure DevOps, and their scope lists.
import type { ParsedFile } from './scan.js';
import { adoResourceId } from '../model/scope-catalog.js';
import type { Setting } from '../parsers/types.js';
import { inPatRequest } from './joins/pat-scope.js';
import { enclosingNames, entryOf, joined, namedAzureDevOps, namedForeign, reachedBy } from './scopes.js';

const entraMarkers = /login\.microsoftonline\.com|499b84ac-1321-427f-aa17-267ca6975798|\/\.default\b|msal|Microsoft\.Identity/i;
const adoMarkers = /499b84ac-1321-427f-aa17-267ca6975798|dev\.azure\.com|visualstudio\.com|\bvso\.[a-z_]+/i;

/** A file that configures or calls Entra and holds no legacy protocol evidence of its own (that is a legacy file). */
export function isEntraFile(f: ParsedFile): boolean {
  return !f.legacy && entraMarkers.test(f.text);
}

/** A file that talks to Azure DevOps at all. */
export function isAdoFile(f: ParsedFile): boolean {
  return adoMarkers.test(f.text);
}

export interface ScopeToken {
  raw: string;
  setting: Setting;
}

/** One list of requested scopes: a scope setting's value, the elements of a scope array, or a literal holding the resource id. */
export interface ScopeList {
  file: string;
  anchor: Setting;
  tokens: ScopeToken[];
}

const scopeKey = /(^|[-_.:])scopes?$|scopes?$|scope_?list$/i;
const resourceScope = new RegExp(`${adoResourceId}/|^vso\\.`, 'i');

function tokensOf(setting: Setting): ScopeToken[] {
  let value = setting.value;
  try {
    if (/%20/i.test(value)) value = decodeURIComponent(value);
  } catch {
    // keep as written
  }
  return value.split(/[\s,;+]+/).map((raw) => raw.replace(/^["'[(]+|["'\])]+$/g, '')).filter(Boolean).map((raw) => ({ raw, setting }));
}

/** Scope lists in a file: by key name in config, and any literal naming the Azure DevOps resource or a vso.* scope. */
export function scopeLists(f: ParsedFile): ScopeList[] {
  const lists = new Map<string, ScopeList>();
  for (const s of f.settings) {
    if (s.container || s.inComment || s.declared) continue;
    const last = s.keyPath[s.keyPath.length - 1];
    const element = typeof last === 'number';
    const named = f.origin === 'config' && scopeKey.test(String(element ? s.keyPath[s.keyPath.length - 2] ?? '' : s.key ?? ''));
    if (!named && !resourceScope.test(s.value.trim())) continue;
    const key = named && element ? `${s.document ?? 0}\0${s.keyPath.slice(0, -1).join('\0')}` : `${s.range[0]}`;
    const list = lists.get(key) ?? { file: f.file, anchor: s, tokens: [] };
    list.tokens.push(...tokensOf(s));
    lists.set(key, list);
  }
  return [...lists.values()].filter((l) => l.tokens.length > 0);
}

const prefix = new RegExp(`^(?:${adoResourceId}|https?://app\\.vssps\\.visualstudio\\.com)/(.+)$`, 'i');

/** The Azure DevOps scope a token names (`vso.code`, `.default`), or null; `bare` when it lacks the resource prefix. */
export function adoScopeOf(raw: string): { name: string; bare: boolean } | null {
  const m = prefix.exec(raw);
  if (m) return { name: m[1]!.toLowerCase(), bare: false };
  if (/^(vso\.[a-z_.]+|preview_api_all|preview_msdn_licensing)$/i.test(raw)) return { name: raw.toLowerCase(), bare: true };
  return null;
}

/** Code that takes app-only tokens: credential classes and the client-credentials grant. */
export const appOnlyCall = /\b(ClientSecretCredential|ClientCertificateCredential|DefaultAzureCredential|ManagedIdentityCredential|WorkloadIdentityCredential|ClientAssertionCredential|EnvironmentCredential|acquireTokenByClientCredential|acquire_token_for_client|AcquireTokenForClient)\b|grant_type\W{0,6}client_credentials/;
/** Code that signs a user in: MSAL's auth-code calls and the authorization_code grant. */
export const userSignInCall = /\b(getAuthCodeUrl|acquireTokenByCode|AcquireTokenByAuthorizationCode|initiate_auth_code_flow|acquire_token_by_auth_code_flow|acquire_token_by_authorization_code|get_authorization_request_url|AuthorizationCodeCredential|AddMicrosoftIdentityWebApp|loginRedirect|loginPopup)\b|grant_type\W{0,6}authorization_code/;

/** A daemon: the code takes app-only tokens and signs no user in, so no refresh token is ever involved. */
export function appOnlyAccess(files: readonly ParsedFile[]): boolean {
  const code = files.filter((f) => f.origin === 'code');
  return code.some((f) => appOnlyCall.test(f.text)) && !code.some((f) => userSignInCall.test(f.text));
}

/** Whether the tree's code uses an MSAL library (which adds offline_access to every request by itself). */
export function usesMsal(files: readonly ParsedFile[]): boolean {
  return files.some((f) => f.origin === 'code' && /@azure\/msal-|Microsoft\.Identity\.(Client|Web)|^\s*import msal\b|^\s*from msal\b|msal4j|microsoft-authentication-library-for-go/m.test(f.text));
}

/** Every Azure DevOps scope requested in a file that configures Entra, with the file and setting it sits in. */
export function* entraScopeTokens(files: readonly ParsedFile[]): Generator<{ file: string; token: ScopeToken; scope: { name: string; bare: boolean } }> {
  for (const f of files.filter(isEntraFile)) {
    for (const list of scopeLists(f)) {
      if (inPatRequest(list.anchor, f.settings, f.text)) continue; // PAT scopes are not OAuth scopes
      for (const token of list.tokens) {
        const scope = adoScopeOf(token.raw);
        if (scope) yield { file: f.file, token, scope };
      }
    }
  }
}

const adoValue = /499b84ac-1321-427f-aa17-267ca6975798|app\.vssps\.visualstudio\.com|app\.vsaex\.visualstudio\.com|dev\.azure\.com|\.visualstudio\.com|^\s*vso\.[a-z_]+|[\s,"'[]vso\.[a-z_]+/i;

/**
 * Which settings of a file belong to Azure DevOps: those joined (same entry, or an enclosing one) to an Azure
 * DevOps value or named for it. The GitHub, GitLab or Graph provider beside them in the file is not.
 */
export function adoContext(f: ParsedFile): (s: Setting) => boolean {
  let ado = contexts.get(f);
  if (!ado) {
    ado = adoContextOf(f.settings);
    contexts.set(f, ado);
  }
  return ado;
}

// Six rules ask it of each file, most of them of every setting: each file's answers are worked out once (a parsed
// file is not changed after the scan), which took 15 of the 25 ms validate's rules spent on 150 small files.
const contexts = new WeakMap<ParsedFile, (s: Setting) => boolean>();

function adoContextOf(settings: readonly Setting[]): (s: Setting) => boolean {
  const markers = settings.filter((s) => !s.inComment && (adoValue.test(s.value) || namedAzureDevOps(s)));
  if (markers.length === 0) return () => false;
  const entries = new Set(markers.map(entryOf));
  const answers = new Map<Setting, boolean>();
  return (s) => {
    let answer = answers.get(s);
    if (answer === undefined) {
      answer = namedAzureDevOps(s) || (!namedForeign(s) || /entra/i.test(enclosingNames(s))) && (reachedBy(entries, s) || markers.some((m) => joined(m, s)));
      answers.set(s, answer);
    }
    return answer;
  };
}
