import { reportLegacy } from './legacy-findings.js';
import type { Rule } from './types.js';

export default {
  id: 'A2E001',
  name: 'legacy-endpoint',
  severity: 'error',
  title: 'Legacy Azure DevOps OAuth endpoint',
  help: 'Replace https://app.vssps.visualstudio.com/oauth2/authorize and /oauth2/token with https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize and /token (run `ado2entra plan` for the exact edit).',
  check: (ctx) => reportLegacy(ctx, ['authorize-endpoint', 'token-endpoint', 'oauth-host']),
} satisfies Rule;
