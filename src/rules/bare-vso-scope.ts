import { adoResourceId } from '../mapper/catalog.js';
import { adoScopeOf, isEntraFile, scopeLists } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E010',
  name: 'bare-vso-scope',
  severity: 'error',
  title: 'Bare vso.* scope in an Entra request',
  help: `Entra needs the resource prefix: request ${adoResourceId}/vso.code (or ${adoResourceId}/.default), not vso.code. Without it Entra answers AADSTS70011.`,
  check(ctx) {
    for (const f of ctx.files.filter(isEntraFile)) {
      for (const list of scopeLists(f)) {
        for (const t of list.tokens) {
          const scope = adoScopeOf(t.raw);
          if (scope?.bare) ctx.report(at(f.file, t.setting), `scope ${t.raw} has no resource prefix: request ${adoResourceId}/${scope.name}`);
        }
      }
    }
  },
} satisfies Rule;
