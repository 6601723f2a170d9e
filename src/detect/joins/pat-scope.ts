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
  if (!patApi.test(text)) return false;
  const entry = entryOf(setting as never);
  const siblings = settings.filter((s) => entryOf(s as never) === entry);
  return siblings.some((s) => patFields.test(s.key ?? '')) || /^scopes?$/i.test(setting.key ?? '') && /_apis\/tokens\/pats/i.test(text);
}
