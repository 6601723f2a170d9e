import { reportLegacy } from './legacy-findings.js';
import type { Rule } from './types.js';

export default {
  id: 'A2E005',
  name: 'legacy-secret-jwt',
  severity: 'error',
  title: 'Legacy client secret committed',
  help: 'Delete the legacy client secret (a JWT issued by app.vssps.visualstudio.com) from the file and the git history, and revoke it on the legacy app page. Keep the new Entra secret in a vault or the environment.',
  check: (ctx) => reportLegacy(ctx, ['legacy-secret-value']),
} satisfies Rule;
