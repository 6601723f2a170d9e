import { entryOf } from '../scopes.js';
import type { JoinRule } from './types.js';

const patApi = /_apis\/tokens\/pats|tokenadmin\/personalaccesstokens|personal_?access_?token|az devops .*--scope|\bvalidTo\b/i;
const patFields = /^(displayName|validTo|allOrgs|authorizationId|patTokenName)$/i;

/** `vso.*` in a personal-access-token request (the PAT API's `scope` field) names PAT scopes, not OAuth ones. */
export default {
  name: 'pat-scope',
  title: 'vso.* scopes sent to the PAT API (a body with displayName/validTo, next to _apis/tokens/pats) are not OAuth scopes.',
  keep(signal, ctx) {
    if (signal.kind !== 'scopes') return true;
    return !inPatRequest(signal.setting, ctx.settings, ctx.text);
  },
} satisfies JoinRule;

/** Whether a scope setting is the `scope` of a personal-access-token request. */
export function inPatRequest(setting: { scope?: number[]; key: string | null }, settings: readonly { scope?: number[]; key: string | null }[], text: string): boolean {
  const file = fileFacts(settings, text);
  if (!file.patApi) return false;
  return file.entriesWithPatFields.has(entryOf(setting as never)) || /^scopes?$/i.test(setting.key ?? '') && file.patsPath;
}

type Settings = readonly { scope?: number[]; key: string | null }[];
const facts = new WeakMap<Settings, { text: string; patApi: boolean; patsPath: boolean; entriesWithPatFields: Set<unknown> }>();

/** Per file, once: testing the whole text and every sibling per scope signal made a file of literals quadratic. */
function fileFacts(settings: Settings, text: string) {
  let known = facts.get(settings);
  if (!known || known.text !== text) {
    const patApiFound = patApi.test(text);
    known = {
      text,
      patApi: patApiFound,
      patsPath: patApiFound && /_apis\/tokens\/pats/i.test(text),
      entriesWithPatFields: new Set(patApiFound ? settings.filter((s) => patFields.test(s.key ?? '')).map((s) => entryOf(s as never)) : []),
    };
    facts.set(settings, known);
  }
  return known;
}
