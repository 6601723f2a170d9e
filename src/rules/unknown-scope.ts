import { lookupScope, retiredScopes, suggestScope } from '../mapper/catalog.js';
import { entraScopeTokens } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E011',
  name: 'unknown-scope',
  severity: 'error',
  title: 'Unknown or retired Azure DevOps scope',
  help: 'Use a scope from the catalog (`ado2entra scopes`); retired scopes have a replacement. Entra rejects a scope the Azure DevOps resource does not expose with AADSTS650053 ("the application asked for scope … that doesn\'t exist on the resource").',
  check(ctx) {
    for (const { file, token, scope } of entraScopeTokens(ctx.files)) {
      if (scope.name === '.default' || lookupScope(scope.name)) continue;
      const retired = retiredScopes.get(scope.name);
      const suggestion = suggestScope(scope.name);
      const hint = retired ? `retired; use ${retired.replacement ?? 'nothing: it has no replacement'}` : suggestion ? `did you mean ${suggestion}?` : 'not an Azure DevOps scope';
      ctx.report(at(file, token.setting), `scope ${token.raw}: ${hint}`);
    }
  },
} satisfies Rule;
