import { lookupScope, redundantBecause } from '../mapper/catalog.js';
import { adoScopeOf, isEntraFile, scopeLists } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E016',
  name: 'redundant-scope',
  severity: 'note',
  title: 'Scope implied by another requested scope',
  help: 'Drop scopes another requested scope already includes (`ado2entra scopes … --minimize`); the consent screen gets shorter, the access stays the same.',
  check(ctx) {
    for (const f of ctx.files.filter(isEntraFile)) {
      for (const list of scopeLists(f)) {
        const names = list.tokens.map((t) => ({ t, s: adoScopeOf(t.raw) })).filter((x) => x.s && lookupScope(x.s.name));
        for (const { t, s } of names) {
          const by = redundantBecause(s!.name, names.map((n) => n.s!.name));
          if (by) ctx.report(at(f.file, t.setting), `${s!.name} is already included in ${by}`);
        }
      }
    }
  },
} satisfies Rule;
