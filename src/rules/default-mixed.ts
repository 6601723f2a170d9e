import { adoResourceId } from '../mapper/catalog.js';
import { adoScopeOf, scopeLists } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E012',
  name: 'default-mixed',
  severity: 'error',
  title: '.default combined with other Azure DevOps scopes',
  help: `Request ${adoResourceId}/.default alone, or only individual scopes. Entra rejects the mix (AADSTS70011).`,
  check(ctx) {
    for (const f of ctx.files) {
      for (const list of scopeLists(f)) {
        const ado = list.tokens.map((t) => adoScopeOf(t.raw)).filter((s) => s && !s.bare);
        if (ado.some((s) => s!.name === '.default') && ado.some((s) => s!.name !== '.default')) {
          ctx.report(at(f.file, list.anchor), `${ado.map((s) => s!.name).join(' ')}: .default cannot be combined with other Azure DevOps scopes`);
        }
      }
    }
  },
} satisfies Rule;
