// Join rules, in the order they run. Adding one: a module beside this file, one line here, a fixture in test/detect/joins.
import type { Setting } from '../../parsers/types.js';
import { entriesWhere, entryOf } from '../scopes.js';
import type { Signal } from '../signal.js';
import allowList from './allow-list.js';
import declaredProvider from './declared-provider.js';
import entraTwin from './entra-twin.js';
import hostPath from './host-path.js';
import patScope from './pat-scope.js';
import providerEntry from './provider-entry.js';
import signedAssertion from './signed-assertion.js';
import type { JoinContext, JoinRule } from './types.js';

/** Rules that judge protocol evidence, then rules that judge key names against the evidence left. */
export const evidenceRules: readonly JoinRule[] = [hostPath, allowList, signedAssertion];
export const nameRules: readonly JoinRule[] = [patScope, entraTwin, providerEntry, declaredProvider];

const legacyHost = /(?:^|[^\w.-])app\.vssps\.visualstudio\.com(?![\w-])/i;

/** The signals of one file that stand once evidence is joined along its scope tree. */
export function joinWithinFile(file: string, origin: 'config' | 'code', settings: readonly Setting[], text: string, candidates: readonly Signal[]): Signal[] {
  const base = { file, origin, settings, text, candidates };
  const hostEntries = entriesWhere(settings, (s) => !s.inComment && legacyHost.test(s.value));
  let ctx: JoinContext = { ...base, hostEntries, evidenceEntries: new Set() };
  const evidence = candidates.filter((s) => evidenceRules.every((r) => r.keep(s, ctx)));
  // hosts the evidence rules rejected (an allow-list) make no joins either
  const rejectedHosts = candidates.filter((s) => s.kind === 'oauth-host' && !evidence.includes(s)).map((s) => s.setting);
  const hosts = entriesWhere(settings, (s) => !s.inComment && legacyHost.test(s.value) && !rejectedHosts.includes(s));
  const evidenceEntries = new Set(evidence.filter((s) => s.strength !== 'weak').map((s) => evidenceEntry(s.setting)));
  ctx = { ...base, candidates: evidence, hostEntries: hosts, evidenceEntries };
  const kept = evidence.filter((s) => evidenceRules.every((r) => r.keep(s, ctx)));
  return kept.filter((s) => nameRules.every((r) => r.keep(s, { ...ctx, candidates: kept })));
}

/** A Kubernetes object's metadata (a Che annotation) speaks for the whole object: its entry is the document's root. */
function evidenceEntry(setting: Setting): number {
  return setting.keyPath[0] === 'metadata' && setting.scope?.length ? setting.scope[0]! : entryOf(setting);
}
