import { isHighPrivilege } from '../mapper/catalog.js';
import { entraScopeTokens } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E017',
  name: 'high-privilege-scope',
  severity: 'note',
  title: 'High-privilege Azure DevOps scope',
  help: 'High-privilege scopes may need admin consent (AADSTS90094/65001) and widen what a stolen token can do; request the narrowest scope that works.',
  check(ctx) {
    for (const { file, token, scope } of entraScopeTokens(ctx.files)) {
      if (!scope.bare && isHighPrivilege(scope.name)) ctx.report(at(file, token.setting), `${scope.name} is a high-privilege scope`);
    }
  },
} satisfies Rule;
