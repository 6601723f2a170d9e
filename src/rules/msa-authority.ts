import { adoContext } from '../detect/entra.js';
import { at, type Rule } from './types.js';

const msaAuthority = /login\.microsoftonline\.com\/(common|consumers)\b/i;

export default {
  id: 'A2E015',
  name: 'msa-authority',
  severity: 'warning',
  title: 'common/consumers authority for Azure DevOps',
  help: 'Personal Microsoft accounts cannot use Azure DevOps through Entra. Use your tenant id, or "organizations" for a multi-tenant app.',
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
