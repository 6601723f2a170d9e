import type { ValidateResult } from '../model/validate.js';
import { azData, azProperty, ciSafeLine, ghData, ghProperty, mdCell, visible, visibleDeep } from './escape.js';

const ghCommand = { error: 'error', warning: 'warning', note: 'notice' } as const;

/** `::error file=…,line=…,col=…,title=…::message` per finding, for GitHub's annotations. */
export function renderGithub(validated: ValidateResult): string {
  const result = visibleDeep(validated, { lineBreaks: true });
  const lines = result.findings.map((f) => `::${ghCommand[f.severity]} file=${ghProperty(f.file)},line=${f.line},col=${f.column},title=${ghProperty(`${f.ruleId} ado2entra`)}::${ghData(`${f.message}. Fix: ${f.help}`)}`);
  lines.push(result.ok ? 'ado2entra validate: PASS' : `ado2entra validate: FAIL (findings at or above --fail-on ${result.failOn})`);
  return lines.join('\n');
}

/** The job summary GitHub shows on the run page ($GITHUB_STEP_SUMMARY), in Markdown. */
export function renderStepSummary(validated: ValidateResult): string {
  const result = visibleDeep(validated);
  const cell = mdCell;
  const lines = [`### ado2entra validate: ${result.ok ? 'pass ✅' : 'fail ❌'}`, ''];
  if (result.findings.length === 0) lines.push('No legacy Azure DevOps OAuth and no Entra misconfiguration found.');
  else {
    lines.push('| severity | rule | location | finding |', '|---|---|---|---|');
    for (const f of result.findings) lines.push(`| ${f.severity} | ${f.ruleId} | \`${cell(f.file)}:${f.line}\` | ${cell(f.message)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** `##vso[task.logissue …]` per error and warning, then `##vso[task.complete …]` with the outcome. */
export function renderAzurePipelines(validated: ValidateResult): string {
  const result = visibleDeep(validated, { lineBreaks: true });
  // a note is a plain log line, not a command: nothing in it may read as one
  const lines = result.findings.map((f) => f.severity === 'note'
    ? ciSafeLine(`note: ${visible(f.file)}:${f.line}:${f.column} ${f.ruleId} ${azData(f.message)}`)
    : `##vso[task.logissue type=${f.severity};sourcepath=${azProperty(f.file)};linenumber=${f.line};columnnumber=${f.column};code=${f.ruleId};]${azData(`${f.message}. Fix: ${f.help}`)}`);
  const warnings = result.findings.some((f) => f.severity !== 'note');
  lines.push(`##vso[task.complete result=${!result.ok ? 'Failed' : warnings ? 'SucceededWithIssues' : 'Succeeded'};]ado2entra validate`);
  return lines.join('\n');
}
