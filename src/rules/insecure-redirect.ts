import { adoContext } from '../detect/entra.js';
import { at, type Rule } from './types.js';

const redirectKey = /callback|redirect[-_.]?ur[il]s?$|reply[-_.]?urls?$/i;
const insecure = /^http:\/\/(?!(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$))/i;

export default {
  id: 'A2E019',
  name: 'insecure-redirect',
  severity: 'error',
  title: 'Redirect URI over plain http',
  help: 'Entra accepts http redirect URIs for localhost only; register and send an https:// redirect URI (exact match).',
  check(ctx) {
    for (const f of ctx.files) {
      if (f.origin !== 'config') continue;
      const ado = adoContext(f);
      for (const s of f.settings) {
        if (redirectKey.test(s.key ?? '') && insecure.test(s.value.trim()) && ado(s)) ctx.report(at(f.file, s), `${s.key} is ${s.value.trim()}: use https`);
      }
    }
  },
} satisfies Rule;
