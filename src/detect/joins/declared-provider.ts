import { entryOf, fileTop, namedAzureDevOps, valueNamesForeign } from '../scopes.js';
import type { Setting } from '../../parsers/types.js';
import type { JoinRule } from './types.js';

const weakKinds = new Set(['client-id', 'client-secret', 'scopes', 'callback-url']);
const typeKey = /(?:^|[-_.:])(type|provider|kind)$/i;
const foreignTypes = new WeakMap<readonly Setting[], Setting[]>();

/** The file's type settings naming another provider, found once per file (asked per signal, a big file went quadratic). */
function foreignTypesOf(settings: readonly Setting[]): Setting[] {
  let found = foreignTypes.get(settings);
  if (!found) {
    found = settings.filter((t) => typeKey.test(t.key ?? '') && valueNamesForeign(t.value));
    foreignTypes.set(settings, found);
  }
  return found;
}

/** The settings a `…_TYPE` key speaks for: its entry, or for flat keys (`EXT_AUTH_1_TYPE`) those sharing its prefix. */
function speaksFor(type: Setting, setting: Setting): boolean {
  const entry = entryOf(type);
  if (entry !== fileTop) return entry === entryOf(setting);
  const prefix = (type.key ?? '').slice(0, -(typeKey.exec(type.key ?? '')![0].length));
  return prefix.length > 0 && (setting.key ?? '').startsWith(prefix);
}

/**
 * Lists of external providers name each one in a type setting, not in its keys (`EXT_AUTH_1_TYPE=github` beside
 * `EXT_AUTH_1_CLIENT_ID`): the client id, secret, scope and callback of another provider's entry never join, however
 * legacy the file's other entries are.
 */
export default {
  name: 'declared-provider',
  title: 'Client id, secret, scope and callback keys of an entry whose type setting names another provider (github, gitlab, azure-devops-entra) never join.',
  keep(signal, ctx) {
    if (!weakKinds.has(signal.kind) || signal.reference || namedAzureDevOps(signal.setting)) return true;
    return !foreignTypesOf(ctx.settings).some((t) => speaksFor(t, signal.setting));
  },
} satisfies JoinRule;
