import type { ValidateResult } from '../model/validate.js';
import { plain, plural, severityLabel, type Style } from './style.js';
import { visibleDeep } from './escape.js';

/** ESLint-like: findings grouped by file, the fix under each, a summary line. */
export function renderValidateText(validated: ValidateResult, style: Style = plain): string {
  const result = visibleDeep(validated);
  const lines: string[] = [];
  let file = '';
  for (const f of result.findings) {
    if (f.file !== file) {
      file = f.file;
      lines.push('', style.bold(file));
    }
    lines.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${severityLabel(f.severity, style)} ${f.message}  ${style.dim(f.ruleId)}`);
    lines.push(style.dim(`           fix: ${f.help}`));
  }
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  const hidden = Object.values(result.suppressed).reduce((a, b) => a + b, 0);
  lines.push('', `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('note'), 'note')}${hidden ? ` (${hidden} suppressed)` : ''} in ${plural(result.stats.files, 'file')}.`);
  lines.push(result.ok ? style.green(`PASS (--fail-on ${result.failOn})`) : style.red(`FAIL: findings at or above --fail-on ${result.failOn}`));
  return lines.join('\n').replace(/^\n/, '');
}
