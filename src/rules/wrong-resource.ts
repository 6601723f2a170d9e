import { adoResourceId } from '../mapper/catalog.js';
import { adoContext, scopeLists } from '../detect/entra.js';
import { entryOf, namedAzureDevOps } from '../detect/scopes.js';
import type { Setting } from '../parsers/types.js';
import { at, type Rule } from './types.js';

const otherResources: [RegExp, string][] = [
  [/^https?:\/\/app\.vsaex\.visualstudio\.com\b/i, 'the legacy vsaex host'],
  [/^(https:\/\/graph\.microsoft\.com|00000003-0000-0000-c000-000000000000)\/\.default$/i, 'Microsoft Graph'],
  [/^https:\/\/management\.(core\.windows\.net|azure\.com)\/?\.default$/i, 'Azure Resource Manager'],
];

export default {
  id: 'A2E014',
  name: 'wrong-resource',
  severity: 'error',
  title: 'Token requested for another resource than Azure DevOps',
  help: `Azure DevOps accepts tokens for its own resource only (${adoResourceId}); tokens for vsaex, Microsoft Graph or ARM are refused (401, TF400813).`,
  check(ctx) {
    for (const f of ctx.files) {
      const ado = adoContext(f);
      for (const list of scopeLists(f)) {
        for (const t of list.tokens) {
          const hit = otherResources.find(([re]) => re.test(t.raw));
          // a Graph provider beside the Azure DevOps one asks for Graph on purpose
          if (hit && ado(t.setting) && !(hit[1] === 'Microsoft Graph' && graphEntry(f.settings, t.setting))) ctx.report(at(f.file, t.setting), `${t.raw} asks for a token for ${hit[1]}, not Azure DevOps (${adoResourceId}/.default)`);
        }
      }
      for (const s of f.settings) {
        if (!ado(s)) continue;
        if (/^resource$/i.test(s.key ?? '') && /app\.vsaex\.visualstudio\.com/i.test(s.value)) ctx.report(at(f.file, s), `resource ${s.value} is not the Azure DevOps resource (${adoResourceId})`);
      }
    }
  },
} satisfies Rule;

/** The entry asks for Graph on its own (a Graph-named block or only Graph scopes), not instead of Azure DevOps. */
function graphEntry(settings: readonly Setting[], token: Setting): boolean {
  const mine = settings.filter((s) => entryOf(s) === entryOf(token));
  return !namedAzureDevOps(token) && !mine.some((s) => /499b84ac-1321-427f-aa17-267ca6975798|visualstudio\.com|dev\.azure\.com|vso\./i.test(s.value) && s !== token);
}
