import type { JoinRule } from './types.js';

const allowListKey = /valid_?domains|allowed_?(domains|hosts|origins)|trusted_?(domains|hosts)|whitelist|allowlist|connect-src|content-security-policy|\bcsp\b|cors|webApplicationInfo|permitted_?hosts/i;
const restCall = /(VssConnection|VssHttpClientBase|WebApi|NewConnection|getPersonalAccessTokenHandler|getBearerHandler|ConnectionFactory|VssClient|AzureDevOpsClient|BaseAddress)\s*(\(|=)\s*(new\s+Uri\s*\(\s*)?$/;

/**
 * The legacy host listed among others (a Teams manifest's validDomains, a CSP) or used as a REST base (a
 * VssConnection URL) is not an OAuth setting.
 */
export default {
  name: 'allow-list',
  title: 'The app.vssps.visualstudio.com host in an allow-list (Teams validDomains, CSP, CORS) or as the base of a REST client is not OAuth evidence.',
  keep(signal, ctx) {
    if (signal.kind !== 'oauth-host') return true;
    const { setting } = signal;
    if (setting.keyPath.some((k) => typeof k === 'string' && allowListKey.test(k))) return false;
    if (/(^|\s)(default|connect|script|frame|img)-src\s/i.test(setting.value) || /\s'self'/.test(setting.value)) return false;
    if (ctx.origin !== 'code') return true;
    const before = ctx.text.slice(Math.max(0, setting.range[0] - 80), setting.range[0]);
    return !restCall.test(before);
  },
} satisfies JoinRule;
