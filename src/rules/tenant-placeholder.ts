import { adoContext } from '../detect/entra.js';
import { at, type Rule } from './types.js';

const unresolved = /login\.microsoftonline\.com\/(\{tenant(_?id)?\}|<[^>]*>|\{\{[^}]*\}\}|Enter_the_Tenant_\w+|your[-_]?tenant[\w-]*|TENANT_ID)(\/|$)/i;

export default {
  id: 'A2E020',
  name: 'tenant-placeholder',
  severity: 'error',
  title: 'Unresolved tenant placeholder in the authority',
  help: 'Put your tenant id (or verified domain, or "organizations" for multi-tenant apps) in the authority, or read it from the environment; `{tenant}` is not resolved by Entra.',
  check(ctx) {
    for (const f of ctx.files) {
      const ado = adoContext(f);
      for (const s of f.settings) {
        if (s.inComment || s.interpolated || !ado(s)) continue;
        const m = unresolved.exec(s.value);
        if (m) ctx.report(at(f.file, s), `authority has the placeholder ${m[1]} instead of a tenant`);
      }
    }
  },
} satisfies Rule;
