import { adoScopeOf, appOnlyAccess, isEntraFile, scopeLists, usesMsal } from '../detect/entra.js';
import { at, type Rule } from './types.js';

export default {
  id: 'A2E013',
  name: 'missing-offline-access',
  severity: 'warning',
  acrossFiles: true,
  title: 'Azure DevOps scopes requested without offline_access',
  help: 'Add offline_access so Entra issues a refresh token (legacy apps always had one). MSAL adds it by itself, so this rule stays silent where the code uses MSAL, and app-only access (client credentials with /.default) has no refresh token to ask for.',
  check(ctx) {
    if (usesMsal(ctx.files)) return;
    const daemon = appOnlyAccess(ctx.files);
    for (const f of ctx.files.filter((x) => x.origin === 'config' && isEntraFile(x))) {
      for (const list of scopeLists(f)) {
        const ado = list.tokens.some((t) => adoScopeOf(t.raw) && !adoScopeOf(t.raw)!.bare);
        if (daemon && list.tokens.every((t) => !adoScopeOf(t.raw) || adoScopeOf(t.raw)!.name === '.default')) continue;
        if (ado && !list.tokens.some((t) => t.raw.toLowerCase() === 'offline_access')) {
          ctx.report(at(f.file, list.anchor), 'no offline_access in this scope list: no refresh token unless the client library adds it');
        }
      }
    }
  },
} satisfies Rule;
