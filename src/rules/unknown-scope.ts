import { lookupScope, retiredScopes, suggestScope } from '../mapper/catalog.js';
import { adoScopeOf, isEntraFile, scopeLists } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E011',
  name: 'unknown-scope',
  severity: 'error',
  title: 'Unknown or retired Azure DevOps scope',
  help: 'Use a scope from the catalog (`ado2entra scopes`); retired scopes have a replacement. Entra rejects unknown scopes with AADSTS70011.',
  check(ctx) {
    for (const f of ctx.files.filter(isEntraFile)) {
      for (const list of scopeLists(f)) {
        for (const t of list.tokens) {
          const scope = adoScopeOf(t.raw);
          if (!scope || scope.name === '.default' || lookupScope(scope.name)) continue;
          const retired = retiredScopes.get(scope.name);
          const hint = retired ? `retired; use ${retired.replacement ?? 'nothing: it has no replacement'}` : (suggestScope(scope.name) ? `did you mean ${suggestScope(scope.name)}?` : 'not an Azure DevOps scope');
          ctx.report(at(f.file, t.setting), `scope ${t.raw}: ${hint}`);
        }
      }
    }
  },
} satisfies Rule;
