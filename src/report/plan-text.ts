import { adminConsentWhen } from '../mapper/steps.js';
import type { Plan, PlanApp } from '../model/plan.js';
import { plain, plural, severityLabel, type Style } from './style.js';
import { visibleDeep } from './escape.js';

/** The human plan: per app the Entra settings, scope table and registration; then steps and risks. */
export function renderPlanText(planned: Plan, style: Style = plain): string {
  const plan = visibleDeep(planned);
  const lines: string[] = [style.bold(`ado2entra plan ${plan.root}`)];
  lines.push(`${plural(plan.apps.length, 'app')} to migrate to Microsoft Entra ID (tenant ${plan.inputs.tenant}, scope style ${plan.inputs.scopeStyle}).`);
  if (plan.apps.length === 0) lines.push('', style.green('Nothing to migrate: no legacy Azure DevOps OAuth found.'));
  for (const app of plan.apps) lines.push('', ...renderApp(app, style));
  lines.push('', style.bold(`Config edits (${plural(plan.edits.length, 'file')})`));
  if (plan.edits.length === 0) lines.push('  (no configuration file to change)');
  for (const edit of plan.edits) lines.push(...renderDiff(edit.diff, style), style.dim(`  why: ${edit.reasons.join('; ')}`));
  if (plan.risks.length) {
    lines.push('', style.bold('Risks'));
    for (const r of [...plan.risks].sort((a, b) => rank(a.severity) - rank(b.severity))) {
      lines.push(`  ${severityLabel(r.severity, style)} ${r.message}  ${style.dim(`${r.file}:${r.line} ${r.ruleId}`)}`);
    }
  }
  if (plan.manualSteps.length) {
    lines.push('', style.bold('Manual steps'));
    plan.manualSteps.forEach((s, i) => lines.push(`  ${String(i + 1).padStart(2)}. [ ] ${s}`));
  }
  return lines.join('\n');
}

/** A unified diff, coloured like git's when colour is on. */
export function renderDiff(diff: string, style: Style): string[] {
  return diff.trimEnd().split('\n').map((line) => {
    if (line.startsWith('+++') || line.startsWith('---')) return style.bold(line);
    if (line.startsWith('@@')) return style.cyan(line);
    if (line.startsWith('+')) return style.green(line);
    if (line.startsWith('-')) return style.red(line);
    return line;
  });
}

function rank(severity: string): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}

function renderApp(app: PlanApp, style: Style): string[] {
  const e = app.entra;
  const lines = [
    style.bold(`App ${app.id}`),
    `  authority        ${e.authority}`,
    `  authorize        ${e.authorizeEndpoint}`,
    `  token            ${e.tokenEndpoint}`,
    `  client id        ${e.clientId}`,
    `  scopes (request) ${e.scopes.join(' ')}`,
    `  redirect uri     ${e.redirectUri ?? '(not found: add the callback URL you registered on the legacy app)'}`,
    '',
    '  legacy scope                  → Entra permission                        id                                    note',
  ];
  for (const r of app.scopeMapping) {
    const note = r.status === 'kept' ? (r.highPrivilege ? style.yellow('high privilege') : 'registered')
      : r.status === 'redundant' ? `implied by ${r.impliedBy}`
        : style.red(`${r.status}${r.replacement ? `, use ${r.replacement}` : ''}`);
    lines.push(`  ${r.legacy.padEnd(29)} → ${(r.status === 'kept' || r.status === 'redundant' ? r.legacy : '-').padEnd(39)} ${(r.permissionId ?? '-').padEnd(37)} ${note}`);
  }
  lines.push('', '  app registration (az):', ...app.registration.azCli.map((c) => `    ${c}`));
  if (app.registration.adminConsentUrl) lines.push(`  admin consent:    ${app.registration.adminConsentUrl}`, `                    ${adminConsentWhen}`);
  lines.push('  terraform:', ...app.registration.terraform.trimEnd().split('\n').map((l) => `    ${l}`));
  if (app.codeSites.length) {
    lines.push('', `  code to change by hand (${plural(app.codeSites.length, 'site')}; source is never rewritten):`);
    for (const site of app.codeSites) lines.push(`    ${style.dim(`${site.file}:${site.line}`)} ${site.kind}`, `      → ${site.replacement}`);
  }
  return lines;
}
