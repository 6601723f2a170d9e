import { adminConsentWhen, msaGuidance } from '../mapper/steps.js';
import type { Finding } from '../model/finding.js';
import { flowDiagram, type ReportApp, type ReportModel } from './report-model.js';
import { mdCell, mdCellCode, mdCode, mdExact, mdFence, mdProse, mdText, visibleDeep } from './escape.js';

const cell = mdCell;
const fence = mdFence;

/** The migration report as GitHub-flavoured Markdown (Mermaid diagrams render on GitHub). */
export function renderMarkdown(model: ReportModel): string {
  const m = visibleDeep(model);
  const out = [
    `# Azure DevOps OAuth → Microsoft Entra ID: migration report for ${mdCode(m.root)}`,
    '',
    `Generated ${m.generated} by ado2entra ${m.version}. Legacy Azure DevOps OAuth takes no new registrations since April 2025 and shuts down in 2026.`,
  ];
  if (m.placeholders) out.push('', '> **Note:** no tenant or client id was given, so `<TENANT_ID>` and `<CLIENT_ID>` stand in for them below. Re-run with `--tenant` and `--client-id` once the Entra app exists.');
  out.push('', '## Blockers', '');
  out.push(m.blockers.length ? m.blockers.map((b) => `- **${b.ruleId}** ${mdProse(b.message)} (${mdCode(`${b.file}:${b.line}`)})`).join('\n') : `None found. (If users sign in with personal Microsoft accounts: ${msaGuidance} Keep them on the legacy app with a dual run, --keep-legacy.)`);
  if (m.msa.length) out.push('', '### Personal Microsoft accounts', '', ...m.msa.map((r) => `- **${r.ruleId}** ${mdProse(r.message)}`));
  out.push('', '## Summary', '', '| app | files | findings | config edits | code sites | effort |', '|---|---|---|---|---|---|');
  for (const a of m.apps) out.push(`| [${cell(mdText(a.app.id))}](#${anchor(a.app.id)}) | ${a.app.files.length} | ${a.findings.length} | ${a.edits.length} | ${a.plan.codeSites.length} | ~${a.effortHours} h |`);
  out.push(`| **total** | | ${m.totals.findings} | ${m.totals.edits} | ${m.totals.codeSites} | ~${m.totals.effortHours} h |`);
  if (m.shared.steps.length || m.shared.risks.length) {
    out.push('', '## For every app', '', ...m.shared.risks.map((r) => `- **${r.severity}** ${mdProse(r.message)} (${r.ruleId})`), ...m.shared.steps.map((s) => `- [ ] ${step(s)}`));
  }
  for (const a of m.apps) out.push('', ...renderApp(a));
  out.push('', '## Rollout', '', '1. Register the Entra app(s) and grant consent (per app above).', '2. Run a dual period: `ado2entra plan PATH --keep-legacy --out plan.json && ado2entra apply plan.json` adds the Entra settings beside the legacy ones.', '3. Switch the code to MSAL, deploy, and watch sign-ins; every user consents once.', '4. Remove the legacy settings (`ado2entra plan PATH` without `--keep-legacy`), delete the legacy app, and add `ado2entra validate` to CI.');
  return `${out.join('\n')}\n`;
}

/**
 * A checklist step, read and copied from the rendered report: the shell command it ends with (`…: az …`) and each
 * URL-like word (the redirect URI to add) in a code span, literal in the file and rendered alike (a renderer's
 * autolink shows its escapes), the rest exact prose.
 */
function step(text: string): string {
  const at = text.search(/(^|: )az /);
  const command = at < 0 ? text.length : at === 0 && text.startsWith('az ') ? 0 : at + 2;
  const prose = text.slice(0, command).split(/(\s+)/).map((w) => (/:\/\/|www\.|@/i.test(w) ? mdCode(w) : mdExact(w))).join('');
  return command < text.length ? `${prose}${mdCode(text.slice(command))}` : prose;
}

function anchor(id: string): string {
  return `app-${id}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

function findingRows(findings: Finding[]): string[] {
  return ['| location | kind | severity | finding |', '|---|---|---|---|', ...findings.map((f) => `| ${mdCellCode(`${f.file}:${f.line}`)} | ${f.kind} | ${f.severity} | ${cell(f.message)} |`)];
}

function renderApp(a: ReportApp): string[] {
  const e = a.plan.entra;
  const reg = a.plan.registration;
  const out = [
    `## App ${mdText(a.app.id)}`, '', `<a id="${anchor(a.app.id)}"></a>`, '',
    `Files: ${a.app.files.map((f) => mdCode(f)).join(', ')}. Legacy App ID: ${a.app.clientId ? mdCode(a.app.clientId) : 'not in the files'}; client secret in the files: ${a.app.hasSecret ? '**yes (rotate it)**' : 'no'}.`,
    '', '### Inventory', '', ...findingRows(a.findings),
    '', '### Entra settings', '',
    `- authority: ${mdCode(e.authority)}`, `- authorize: ${mdCode(e.authorizeEndpoint)}`, `- token: ${mdCode(e.tokenEndpoint)}`,
    `- client id: ${mdCode(e.clientId)}`, `- scopes to request: ${mdCode(e.scopes.join(' '))}`, `- redirect URI: ${e.redirectUri ? mdCode(e.redirectUri) : 'not found (use the callback URL registered on the legacy app)'}`,
    '', '### Scope mapping', '', '| legacy scope | Entra permission | permission id | high privilege | status |', '|---|---|---|---|---|',
    ...a.plan.scopeMapping.map((r) => `| ${mdCellCode(r.legacy)} | ${r.entra ? mdCellCode(r.entra) : '–'} | ${r.permissionId ? mdCellCode(r.permissionId) : '–'} | ${r.highPrivilege ? 'yes' : 'no'} | ${r.status === 'redundant' ? `dropped: implied by ${mdCellCode(r.impliedBy ?? '')}` : r.status === 'kept' ? 'registered' : `${r.status}${r.replacement ? `: use ${mdCellCode(r.replacement)}` : ''}`} |`),
    '', '### App registration', '', 'Manifest (`requiredResourceAccess` and redirect URIs):', '', fence('json', JSON.stringify(reg.manifest, null, 2)),
    '', 'Azure CLI:', '', fence('sh', reg.azCli.join('\n')), '', 'Terraform:', '', fence('hcl', reg.terraform),
  ];
  if (reg.adminConsentUrl) out.push('', `Admin consent: <${reg.adminConsentUrl}> — ${adminConsentWhen}`);
  out.push('', '### Config edits', '');
  if (a.edits.length === 0) out.push('No configuration file changes (see the manual steps).');
  for (const edit of a.edits) out.push(`${mdCode(edit.file)}: ${mdProse(edit.reasons.join('; '))}`, '', fence('diff', edit.diff), '');
  out.push('', '### Code to change', '');
  out.push(a.plan.codeSites.length
    ? ['| location | language | replace with |', '|---|---|---|', ...a.plan.codeSites.map((s) => `| ${mdCellCode(`${s.file}:${s.line}`)} | ${s.language} | ${cell(s.replacement)} |`)].join('\n')
    : 'No legacy code site found in the scanned files.');
  out.push('', '### Flow, before and after', '', fence('mermaid', flowDiagram(a)));
  out.push('', '### Manual steps', '', ...a.steps.map((s) => `- [ ] ${step(s)}`));
  if (a.risks.length) out.push('', '### Risks', '', ...a.risks.map((r) => `- **${r.severity}** ${mdProse(r.message.replace(`${a.app.id}: `, ''))} (${r.ruleId})`));
  out.push('', `Effort estimate: ~${a.effortHours} hours.`);
  return out;
}
