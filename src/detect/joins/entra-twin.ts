import type { Setting } from '../../parsers/types.js';
import type { JoinRule } from './types.js';

const entraKey = /(^|[^a-z])entra([^a-z]|$)|(^|[a-z0-9_.:-])Entra(?=[A-Z_.:-]|$)/;
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
