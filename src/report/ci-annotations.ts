import type { ValidateResult } from '../model/validate.js';
import { azData, azProperty, ciSafeLine, ghData, ghProperty, mdCell, mdCellCode, visible, visibleDeep } from './escape.js';

const ghCommand = { error: 'error', warning: 'warning', note: 'notice' } as const;

/**
 * How many findings suppressions hid, and by what: a pull request may commit an `.ado2entraignore` or a baseline,
 * so a PASS that hides findings says so in every format, not only in the text one.
 */
export function suppressedNote(result: ValidateResult): string {
  const by = { ignored: '--ignore', inline: 'inline comments', ignoreFile: '.ado2entraignore', baseline: 'the baseline' } as const;
  const kinds = (Object.keys(by) as (keyof typeof by)[]).filter((k) => result.suppressed[k] > 0);
  const total = kinds.reduce((n, k) => n + result.suppressed[k], 0);
  return total ? ` (${total} suppressed: ${kinds.map((k) => `${result.suppressed[k]} by ${by[k]}`).join(', ')})` : '';
}

/** `::error file=…,line=…,col=…,title=…::message` per finding, for GitHub's annotations. */
export function renderGithub(validated: ValidateResult): string {
  const result = visibleDeep(validated, { lineBreaks: true });
  const lines = result.findings.map((f) => `::${ghCommand[f.severity]} file=${ghProperty(f.file)},line=${f.line},col=${f.column},title=${ghProperty(`${f.ruleId} ado2entra`)}::${ghData(`${f.message}. Fix: ${f.help}`)}`);
  lines.push(`${result.ok ? 'ado2entra validate: PASS' : `ado2entra validate: FAIL (findings at or above --fail-on ${result.failOn})`}${suppressedNote(result)}`);
  return lines.join('\n');
}

/** The job summary GitHub shows on the run page ($GITHUB_STEP_SUMMARY), in Markdown. */
export function renderStepSummary(validated: ValidateResult): string {
  const result = visibleDeep(validated);
  const cell = mdCell;
  const lines = [`### ado2entra validate: ${result.ok ? 'pass ✅' : 'fail ❌'}${suppressedNote(result)}`, ''];
  if (result.findings.length === 0) lines.push('No legacy Azure DevOps OAuth and no Entra misconfiguration found.');
  else {
    lines.push('| severity | rule | location | finding |', '|---|---|---|---|');
    for (const f of result.findings) lines.push(`| ${f.severity} | ${f.ruleId} | ${mdCellCode(`${f.file}:${f.line}`)} | ${cell(f.message)} |`);
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
  lines.push(`##vso[task.complete result=${!result.ok ? 'Failed' : warnings ? 'SucceededWithIssues' : 'Succeeded'};]ado2entra validate${azData(suppressedNote(result))}`);
  return lines.join('\n');
}
