import type { Setting } from '../../parsers/types.js';
import { joined, namedForeign } from '../scopes.js';
import type { Signal } from '../signal.js';
import type { JoinRule } from './types.js';

const entraKey = /(^|[^a-zA-Z])(entra|ENTRA|Entra)(?=[^a-z]|$)|[a-z0-9]Entra(?=[A-Z_.:-]|$)/;
const entraValue = /login\.microsoftonline\.com|499b84ac-1321-427f-aa17-267ca6975798/i;

/** A key written by a dual-run plan (`ENTRA_CLIENT_ID` beside `VSTS_CLIENT_ID`) or holding an Entra value. */
export function isEntraTwin(setting: Setting): boolean {
  return entraKey.test(setting.key ?? '') || entraValue.test(setting.value);
}

/** During a dual run the Entra twins of the legacy keys sit beside them: they are the migration, never legacy. */
export default {
  name: 'entra-twin',
  title: 'Keys named for Entra (the twins --keep-legacy adds) and Entra values are never legacy evidence.',
  keep(signal) {
    if (signal.kind === 'legacy-secret-value' || signal.strength === 'strong') return true;
    return !isEntraTwin(signal.setting);
  },
} satisfies JoinRule;

/**
 * An app is in a dual run when one of its config files holds Entra twins joined to its legacy settings (the same
 * entry or an enclosing one): a key named for Entra, or an Entra value not in another provider's block.
 */
export function isDualRun(signals: readonly Signal[], settingsOf: (file: string) => readonly Setting[]): boolean {
  const legacy = signals.filter((s) => s.origin === 'config' && !s.reference);
  for (const file of new Set(legacy.map((s) => s.file))) {
    const mine = legacy.filter((s) => s.file === file);
    for (const t of settingsOf(file)) {
      if (t.inComment || !(entraKey.test(t.key ?? '') || (entraValue.test(t.value) && !namedForeign(t)))) continue;
      if (mine.some((s) => joined(s.setting, t) || twinOf(t.key ?? '', s.setting.key ?? ''))) return true;
    }
  }
  return false;
}

/** `release.oauth.entra.client-id` is the twin of `release.oauth.azure-devops.client-id`: the same key around another word. */
function twinOf(entraName: string, legacyName: string): boolean {
  const m = entraKey.exec(entraName);
  if (!m) return false;
  const at = m.index + m[0].search(/entra/i);
  const pre = entraName.slice(0, at);
  const post = entraName.slice(at + 5);
  return legacyName.length >= pre.length + post.length && legacyName.startsWith(pre) && legacyName.endsWith(post) && legacyName !== entraName;
}
