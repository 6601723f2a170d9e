import { adoContext } from '../detect/entra.js';
import { msaDocUrl } from '../model/project.js';
import { at, type Rule } from './types.js';

const msaAuthority = /login\.microsoftonline\.com\/(common|consumers)\b/i;

export default {
  id: 'A2E015',
  name: 'msa-authority',
  severity: 'warning',
  title: 'common/consumers authority for Azure DevOps',
  help: `Entra apps do not natively support personal Microsoft accounts for Azure DevOps (Microsoft: ${msaDocUrl}). Use your tenant id, or "organizations" for a multi-tenant app; keep MSA users on the legacy app with a dual run (--keep-legacy).`,
  check(ctx) {
    for (const f of ctx.files) {
      const ado = adoContext(f);
      for (const s of f.settings) {
        const m = msaAuthority.exec(s.value);
        if (m && !s.inComment && ado(s)) ctx.report(at(f.file, s), `authority /${m[1]} admits personal accounts, which Azure DevOps does not accept through Entra`);
      }
    }
  },
} satisfies Rule;
