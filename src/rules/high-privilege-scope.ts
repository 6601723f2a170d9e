import { isHighPrivilege } from '../mapper/catalog.js';
import { adoScopeOf, isEntraFile, scopeLists } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E017',
  name: 'high-privilege-scope',
  severity: 'note',
  title: 'High-privilege Azure DevOps scope',
  help: 'High-privilege scopes may need admin consent (AADSTS90094/65001) and widen what a stolen token can do; request the narrowest scope that works.',
  check(ctx) {
    for (const f of ctx.files.filter(isEntraFile)) {
      for (const list of scopeLists(f)) {
        for (const t of list.tokens) {
          const s = adoScopeOf(t.raw);
          if (s && !s.bare && isHighPrivilege(s.name)) ctx.report(at(f.file, t.setting), `${s.name} is a high-privilege scope`);
        }
      }
    }
  },
} satisfies Rule;
