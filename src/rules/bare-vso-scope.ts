import { adoResourceId } from '../mapper/catalog.js';
import { entraScopeTokens } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E010',
  name: 'bare-vso-scope',
  severity: 'error',
  title: 'Bare vso.* scope in an Entra request',
  help: `Entra needs the resource prefix: request ${adoResourceId}/vso.code (or ${adoResourceId}/.default), not vso.code. Without it Entra answers AADSTS70011.`,
  check(ctx) {
    for (const { file, token, scope } of entraScopeTokens(ctx.files)) {
      if (scope.bare) ctx.report(at(file, token.setting), `scope ${token.raw} has no resource prefix: request ${adoResourceId}/${scope.name}`);
    }
  },
} satisfies Rule;
