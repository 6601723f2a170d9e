import { adoContext } from '../detect/entra.js';
import { findReferences, referenceNames } from '../detect/references.js';
import { joined } from '../detect/scopes.js';
import type { Setting } from '../parsers/types.js';
import { at, type Rule } from './types.js';

const v1Endpoint = /login\.microsoftonline\.com\/[^/\s"'`?#]+\/oauth2\/(authorize|token)\b/i;
const authorityOnly = /^\s*https:\/\/login\.microsoftonline\.com\/[^/\s"'`?#]+\/?\s*$/i;
const v1Path = /(?:^|[}/"'`\s])oauth2\/(authorize|token)\b/i;
const anyHost = /^\s*[a-z][\w+.-]*:\/\/[^/${}<%\s]+\//i;

export default {
  id: 'A2E021',
  name: 'v1-endpoint',
  severity: 'error',
  acrossFiles: true,
  title: 'Entra v1 endpoint for Azure DevOps',
  help: 'login.microsoftonline.com/<tenant>/oauth2/authorize and /token are the v1 endpoints: they take a resource, not scopes, and reject 499b84ac-…/.default. Use /oauth2/v2.0/authorize and /oauth2/v2.0/token, also where code appends the path to an authority setting.',
  check(ctx) {
    const authorities: { file: string; setting: Setting }[] = [];
    for (const f of ctx.files) {
      const ado = adoContext(f);
      for (const s of f.settings) {
        if (s.inComment || !ado(s)) continue;
        const m = v1Endpoint.exec(s.value);
        if (m) ctx.report(at(f.file, s), `v1 ${m[1]} endpoint; use https://login.microsoftonline.com/<tenant>/oauth2/v2.0/${m[1]}`);
        if (authorityOnly.test(s.value)) authorities.push({ file: f.file, setting: s });
      }
    }
    if (authorities.length === 0) return;
    const names = [...new Set(authorities.filter((a) => ctx.files.find((f) => f.file === a.file)?.origin === 'config').flatMap((a) => referenceNames(a.setting)))];
    for (const f of ctx.files) {
      const local = authorities.filter((a) => a.file === f.file);
      const reads = f.origin === 'code' && names.length ? findReferences(f.text, names) : [];
      for (const s of f.settings) {
        if (s.inComment || anyHost.test(s.value)) continue;
        const path = v1Path.exec(s.value);
        if (!path || v1Endpoint.test(s.value)) continue;
        const joinedLocally = local.some((a) => a.setting !== s && joined(a.setting, s));
        const read = reads.find((r) => r.end <= s.range[1] && r.start >= s.range[0] - 80 && !f.text.slice(r.end, s.range[0]).includes('\n'));
        if (joinedLocally || read) {
          ctx.report(at(f.file, s), `authority${read ? ` ${read.name}` : ''} + "/oauth2/${path[1]}" is the v1 ${path[1]} endpoint; append /oauth2/v2.0/${path[1]}`);
        }
      }
    }
  },
} satisfies Rule;
