import { adoContext } from '../detect/entra.js';
import { indirection, isPlaceholder, legacySecretJwt } from '../detect/values.js';
import { at, type Rule } from './types.js';

const clientSecretKey = /client[-_.:]?(app[-_.:]?)?secret$|^secret$|client[-_]?credential$|app[-_.]?secret$/i;
const notASecret = /(url|uri|path|filepath|file|name|id|expir\w*)$/i;

export default {
  id: 'A2E006',
  name: 'plaintext-secret',
  severity: 'error',
  title: 'Client secret in plain text in config',
  help: 'Keep client secrets out of committed files: reference them (environment variable, Key Vault, user-secrets, a Kubernetes Secret created outside git) and rotate the one that was committed.',
  check(ctx) {
    for (const f of ctx.files) {
      if (f.origin !== 'config') continue;
      const ado = adoContext(f);
      for (const s of f.settings) {
        const key = s.key ?? '';
        if (s.container || s.declared || !clientSecretKey.test(key) || notASecret.test(key)) continue;
        if (isPlaceholder(s.value) || indirection(s.value) || legacySecretJwt(s.value) || isReference(s.value) || !ado(s)) continue;
        ctx.report(at(f.file, s), `${key} holds a client secret in plain text${s.encoding === 'base64' ? ' (base64 is not encryption)' : ''}`);
      }
    }
  },
} satisfies Rule;

/** A value that names where the secret lives (`SECRET_BOT_PASSWORD`, `${{ secrets.X }}`, `true` for a generated one), not the secret. */
function isReference(value: string): boolean {
  const v = value.trim();
  return /^(true|false|yes|no|\d+)$/i.test(v) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v) || /\$\{\{.*\}\}|\bsecrets\.[A-Za-z_]/.test(v)
    || /^(env|secret|vault|keyvault|kv|file|sm|ssm|azure-keyvault):/i.test(v) || /^@Microsoft\.KeyVault\(/i.test(v);
}
