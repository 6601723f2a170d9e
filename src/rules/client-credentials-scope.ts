import { adoResourceId } from '../mapper/catalog.js';
import { adoScopeOf, scopeLists } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E018',
  name: 'client-credentials-scope',
  severity: 'error',
  title: 'Client credentials without /.default',
  help: `App-only tokens must request ${adoResourceId}/.default (AADSTS1002012 otherwise); then add the service principal to the Azure DevOps organization.`,
  check(ctx) {
    for (const f of ctx.files) {
      if (!f.settings.some((s) => /^client_credentials$/i.test(s.value.trim()))) continue;
      for (const list of scopeLists(f)) {
        const ado = list.tokens.map((t) => adoScopeOf(t.raw)).filter((s) => s && !s.bare);
        if (ado.length && ado.some((s) => s!.name !== '.default')) {
          ctx.report(at(f.file, list.anchor), `client credentials request ${ado.map((s) => s!.name).join(' ')}; only ${adoResourceId}/.default is allowed`);
        }
      }
    }
  },
} satisfies Rule;
