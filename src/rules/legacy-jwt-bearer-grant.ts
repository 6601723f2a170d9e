import { reportLegacy } from './legacy-findings.js';
import type { Rule } from './types.js';

export default {
  id: 'A2E003',
  name: 'legacy-jwt-bearer-grant',
  severity: 'error',
  title: 'Code exchanged with the jwt-bearer grant',
  help: 'Redeem the code with grant_type=authorization_code, code and code_verifier (MSAL acquireTokenByCode), authenticating with the Entra client secret or certificate.',
  check: (ctx) => reportLegacy(ctx, ['jwt-bearer-grant']),
} satisfies Rule;
