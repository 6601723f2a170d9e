import { reportLegacy } from './legacy-findings.js';
import type { Rule } from './types.js';

export default {
  id: 'A2E004',
  name: 'legacy-refresh-assertion',
  severity: 'error',
  title: 'Refresh token sent as `assertion`',
  help: 'Entra refreshes with grant_type=refresh_token and refresh_token=…, and needs offline_access in the scopes; with MSAL use acquireTokenSilent and a persistent token cache.',
  check: (ctx) => reportLegacy(ctx, ['refresh-assertion']),
} satisfies Rule;
