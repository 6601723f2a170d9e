import type { ValidateResult } from '../model/validate.js';

// GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProperty = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const ghCommand = { error: 'error', warning: 'warning', note: 'notice' } as const;

/** `::error file=…,line=…,col=…,title=…::message` per finding, for GitHub's annotations. */
export function renderGithub(result: ValidateResult): string {
  const lines = result.findings.map((f) => `::${ghCommand[f.severity]} file=${ghProperty(f.file)},line=${f.line},col=${f.column},title=${ghProperty(`${f.ruleId} ado2entra`)}::${ghData(`${f.message}. Fix: ${f.help}`)}`);
  lines.push(result.ok ? 'ado2entra validate: PASS' : `ado2entra validate: FAIL (findings at or above --fail-on ${result.failOn})`);
  return lines.join('\n');
}

/** The job summary GitHub shows on the run page ($GITHUB_STEP_SUMMARY), in Markdown. */
export function renderStepSummary(result: ValidateResult): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [`### ado2entra validate: ${result.ok ? 'pass ✅' : 'fail ❌'}`, ''];
  if (result.findings.length === 0) lines.push('No legacy Azure DevOps OAuth and no Entra misconfiguration found.');
  else {
    lines.push('| severity | rule | location | finding |', '|---|---|---|---|');
    for (const f of result.findings) lines.push(`| ${f.severity} | ${f.ruleId} | \`${cell(f.file)}:${f.line}\` | ${cell(f.message)} |`);
  }
  return `${lines.join('\n')}\n`;
}

// Azure Pipelines logging commands: https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands
const azData = (s: string) => s.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const azProperty = (s: string) => azData(s).replace(/;/g, '%3B').replace(/]/g, '%5D');

/** `##vso[task.logissue …]` per error and warning, then `##vso[task.complete …]` with the outcome. */
export function renderAzurePipelines(result: ValidateResult): string {
  const lines = result.findings.map((f) => f.severity === 'note'
    ? `note: ${f.file}:${f.line}:${f.column} ${f.ruleId} ${azData(f.message)}`
    : `##vso[task.logissue type=${f.severity};sourcepath=${azProperty(f.file)};linenumber=${f.line};columnnumber=${f.column};code=${f.ruleId};]${azData(`${f.message}. Fix: ${f.help}`)}`);
  const warnings = result.findings.some((f) => f.severity !== 'note');
  lines.push(`##vso[task.complete result=${!result.ok ? 'Failed' : warnings ? 'SucceededWithIssues' : 'Succeeded'};]ado2entra validate`);
  return lines.join('\n');
}
