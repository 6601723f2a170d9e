import { fromFinding, type Rule } from './types.js';

export default {
  id: 'A2E009',
  name: 'legacy-app',
  severity: 'error',
  title: 'Legacy Azure DevOps OAuth app',
  help: 'Every app scan lists is still on legacy Azure DevOps OAuth (or in a dual run). Run `ado2entra plan` for it, apply, and remove the legacy settings once every user signs in through Entra.',
  check(ctx) {
    for (const app of ctx.scan.apps) {
      const mine = ctx.scan.findings.filter((f) => f.appId === app.id);
      const anchor = mine.find((f) => f.origin === 'config' && f.severity !== 'note') ?? mine.find((f) => f.severity !== 'note') ?? mine[0];
      if (!anchor) continue;
      const state = app.status === 'dual-run' ? 'in a dual run: Entra settings sit beside the legacy ones; remove the legacy ones when every user signs in through Entra' : 'still on legacy OAuth';
      ctx.report(fromFinding(anchor), `app ${app.id} (${app.files.join(', ')}) is ${state}`);
    }
  },
} satisfies Rule;
