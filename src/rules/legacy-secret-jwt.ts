import { legacySecretJwt } from '../detect/values.js';
import { LineIndex } from '../parsers/positions.js';
import { reportLegacy } from './legacy-findings.js';
import type { RuleContext } from './types.js';
import type { Rule } from './types.js';

const jwt = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/g;

export default {
  id: 'A2E005',
  name: 'legacy-secret-jwt',
  severity: 'error',
  title: 'Legacy client secret committed',
  help: 'Delete the legacy client secret (a JWT issued by app.vssps.visualstudio.com) from the file and the git history, and revoke it on the legacy app page. Keep the new Entra secret in a vault or the environment.',
  check(ctx) {
    reportLegacy(ctx, ['legacy-secret-value']);
    reportOutsideSettings(ctx);
  },
} satisfies Rule;

/** A legacy secret commented out (`# VSTS_APP_SECRET=eyJ…`) is still in the history and still valid until revoked. */
function reportOutsideSettings(ctx: RuleContext): void {
  for (const file of ctx.files) {
    const flagged = new Set(ctx.scan.findings.filter((f) => f.file === file.file && f.kind === 'legacy-secret-value').map((f) => f.line));
    let index: LineIndex | null = null;
    for (const m of file.text.matchAll(jwt)) {
      if (legacySecretJwt(m[0])?.what !== 'client-secret') continue;
      index ??= new LineIndex(file.text);
      const { line, column } = index.position(m.index);
      if (flagged.has(line)) continue;
      flagged.add(line);
      ctx.report({ file: file.file, line, column }, 'legacy client secret (a JWT issued by app.vssps.visualstudio.com) in a comment or unread text: it stays valid until revoked; remove it and rotate');
    }
  }
}
