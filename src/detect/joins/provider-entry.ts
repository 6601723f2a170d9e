import { namedAzureDevOps, namedForeign, reachedBy, joined } from '../scopes.js';
import type { JoinRule } from './types.js';

const weakKinds = new Set(['client-id', 'client-secret', 'scopes', 'callback-url']);

/**
 * Key names are weak evidence: in configuration they join the legacy evidence of their own entry (the provider
 * block holding the vssps endpoints) or an enclosing one. Another provider's block in the same file (GitHub, GitLab,
 * Graph), or a key named for one, never joins.
 */
export default {
  name: 'provider-entry',
  title: 'Client id, secret, scope and callback keys join only the legacy evidence of their own entry; keys and entries named for another provider never do.',
  keep(signal, ctx) {
    if (!weakKinds.has(signal.kind) || signal.reference) return true;
    const { setting } = signal;
    if (namedForeign(setting)) return false;
    if (ctx.origin === 'code' || namedAzureDevOps(setting)) return true;
    if (ctx.evidenceEntries.size === 0) return true; // no evidence here: code elsewhere may read it (joined across files)
    if (reachedBy(ctx.evidenceEntries, setting)) return true;
    // evidence nested below this setting's entry (a `vsts:` block whose endpoints sit in a child mapping)
    return ctx.candidates.some((c) => c.strength !== 'weak' && joined(c.setting, setting));
  },
} satisfies JoinRule;
