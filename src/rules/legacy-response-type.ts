import { reportLegacy } from './legacy-findings.js';
import type { Rule } from './types.js';

export default {
  id: 'A2E002',
  name: 'legacy-response-type',
  severity: 'error',
  title: 'response_type=Assertion',
  help: 'Entra uses response_type=code with PKCE (code_challenge, code_challenge_method=S256); MSAL getAuthCodeUrl does both.',
  check: (ctx) => reportLegacy(ctx, ['response-type']),
} satisfies Rule;
