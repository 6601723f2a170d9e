// The scope tree every parser gives its settings (file → entry → key), and the one relation evidence joins along.
import type { Setting } from '../parsers/types.js';

/** The file's top level, the root of every chain. */
export const fileTop = -1;

/** The entry a setting sits in directly. */
export function entryOf(setting: Setting): number {
  const scope = setting.scope ?? [];
  return scope.length ? scope[scope.length - 1]! : fileTop;
}

/**
 * Whether evidence in entry `entry` reaches `setting`: the entry is the setting's own or encloses it (the file's top
 * level encloses every setting). Asked for pairs of settings: no array is built per question.
 */
export function reaches(entry: number, setting: Setting): boolean {
  return entry === fileTop || (setting.scope ?? []).includes(entry);
}

/** Two settings are joined when one's entry is, or encloses, the other's: the same provider block, or a block and its parent. */
export function joined(a: Setting, b: Setting): boolean {
  return reaches(entryOf(a), b) || reaches(entryOf(b), a);
}

/** Entries holding at least one setting that passes `test`. */
export function entriesWhere(settings: readonly Setting[], test: (s: Setting) => boolean): Set<number> {
  const out = new Set<number>();
  for (const s of settings) if (test(s)) out.add(entryOf(s));
  return out;
}

/** Whether any entry of `entries` reaches `setting`. */
export function reachedBy(entries: ReadonlySet<number>, setting: Setting): boolean {
  return entries.has(fileTop) || (setting.scope ?? []).some((e) => entries.has(e));
}

const adoWords = /(^|[^a-z])(vsts|vso|visual-?studio|azure-?dev-?ops|azdo|ado|vssps|dev-?ops)([^a-z]|$)/i;
const foreignWords = new RegExp(`(^|[^a-z])(${[
  'github', 'gitlab', 'gitea', 'bitbucket', 'google', 'graph', 'microsoft', 'msgraph', 'azure-?ad', 'aad', 'entra',
  'okta', 'auth0', 'keycloak', 'slack', 'facebook', 'twitter', 'linkedin', 'apple', 'amazon', 'discord', 'atlassian',
  'jira', 'salesforce', 'dropbox', 'spotify', 'twitch', 'zoom', 'oidc', 'saml', 'ldap', 'cognito', 'onelogin',
].join('|')})([^a-z]|$)`, 'i');

/** The setting's enclosing names (JSON keys, sections, dotted prefixes), without its own last key. */
export function enclosingNames(setting: Setting): string {
  const named = setting.keyPath.filter((k): k is string => typeof k === 'string');
  const parents = named.slice(0, -1);
  const own = setting.key ?? named[named.length - 1] ?? '';
  // a flat key carries its namespace in its own name: VSTS_CLIENT_ID, che.oauth2.azure.devops.clientid
  const prefix = own.split(/[._:]+/).slice(0, -1).join('.') + '.' + own.split(/[._:]+/).pop()!.split(/(?<=[a-z0-9])(?=[A-Z])|-/).slice(0, -1).join('-');
  return [...parents, prefix].join('.');
}

/** Named as Azure DevOps (a `vsts:` block, `VISUALSTUDIO_` keys, a `visualstudio` provider entry). */
export function namedAzureDevOps(setting: Setting): boolean {
  return adoWords.test(enclosingNames(setting).replace(/[_.:\s]+/g, '-'));
}

/** Named as another identity provider (a `github` entry, `GITLAB_` keys, `AzureAd`, `Graph`) and not as Azure DevOps. */
export function namedForeign(setting: Setting): boolean {
  const names = enclosingNames(setting).replace(/[_.:\s]+/g, '-');
  return foreignWords.test(names) && !adoWords.test(names);
}

/** A value naming another identity provider (`github`, `gitlab-ci`, `azure-devops-entra`): a `type` setting's word for its entry. */
export function valueNamesForeign(value: string): boolean {
  return foreignWords.test(value.trim().replace(/[_.:\s]+/g, '-'));
}
