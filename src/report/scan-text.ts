import type { Finding } from '../model/finding.js';
import type { App, ScanResult } from '../model/scan.js';
import { plain, plural, severityLabel, type Style } from './style.js';
import { visibleDeep } from './escape.js';

/** The human inventory: one block per app, findings grouped by file like ESLint's stylish format. */
export function renderScanText(scanned: ScanResult, style: Style = plain): string {
  const result = visibleDeep(scanned);
  const lines: string[] = [];
  const count = (s: Finding['severity']) => result.findings.filter((f) => f.severity === s).length;
  lines.push(style.bold(`ado2entra scan ${result.root}`));
  lines.push(`${plural(result.stats.files, 'file')} listed, ${result.stats.candidates} parsed, ${plural(result.apps.length, 'legacy app')}, `
    + `${plural(result.findings.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('note'), 'note')}) in ${result.stats.ms} ms`);
  if (result.apps.length === 0) lines.push('', style.green('No legacy Azure DevOps OAuth found.'));
  for (const app of result.apps) {
    lines.push('', ...appHeader(app, style));
    const findings = result.findings.filter((f) => f.appId === app.id);
    for (const file of app.files) {
      lines.push(`  ${style.bold(file)}`);
      for (const f of findings.filter((x) => x.file === file)) {
        lines.push(`    ${`${f.line}:${f.column}`.padEnd(8)} ${severityLabel(f.severity, style)} ${f.message}  ${style.dim(f.ruleId)}`);
      }
    }
  }
  if (result.entraApps.length) lines.push('', style.bold(`Already on Entra (${result.entraApps.length})`));
  for (const app of result.entraApps) {
    const status = app.status === 'broken' ? style.red('broken: validate finds errors') : style.green('migrated');
    lines.push(`  ${app.id}  ${status}  client id ${app.clientId ?? 'not found'}  ${style.dim(app.files.join(', '))}`);
  }
  if (result.diagnostics.length || result.skipped.length) lines.push('', style.bold('Not scanned'));
  for (const d of result.diagnostics) lines.push(`  ${d.file}${d.line ? `:${d.line}` : ''}  ${d.message}`);
  for (const s of result.skipped) lines.push(`  ${s.file}  skipped: ${s.reason}`);
  return lines.join('\n');
}

function appHeader(app: App, style: Style): string[] {
  const clientId = app.clientId ?? (app.clientIdSource ? `from ${app.clientIdSource}` : 'not found');
  const scopes = [...app.scopes, ...app.unknownScopes.map((s) => `${s}(?)`)].join(' ') || 'not found';
  return [
    `${style.bold(`App ${app.id}`)} ${style.dim(`(${app.confidence} evidence${app.status === 'dual-run' ? '; dual run: Entra settings beside the legacy ones' : ''})`)}`,
    `  client id: ${clientId}   secret: ${app.hasSecret ? style.red('value committed in the files') : 'no value in the files'}`,
    `  scopes:    ${scopes}`,
    `  callback:  ${app.callbackUrl ?? 'not found'}`,
    ...(app.endpoints.authorize || app.endpoints.token
      ? [`  endpoints: ${[app.endpoints.authorize && `authorize ${app.endpoints.authorize}`, app.endpoints.token && `token ${app.endpoints.token}`].filter(Boolean).join(', ')}`]
      : []),
  ];
}
