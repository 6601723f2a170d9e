import { reachedBy } from '../scopes.js';
import type { JoinRule } from './types.js';

const hostInValue = /app\.vssps\.visualstudio\.com/i;

/** `/oauth2/token` without a host is legacy only where the legacy host sits in its entry or one enclosing it. */
export default {
  name: 'host-path',
  title: 'A bare /oauth2/authorize|token path joins the app.vssps.visualstudio.com host of its own entry (or an enclosing one), never one elsewhere in the file.',
  keep(signal, ctx) {
    if (signal.kind !== 'authorize-endpoint' && signal.kind !== 'token-endpoint') return true;
    if (hostInValue.test(signal.setting.value) || signal.relative) return true;
    return reachedBy(ctx.hostEntries, signal.setting);
  },
} satisfies JoinRule;
