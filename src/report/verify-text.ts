import type { VerifyResult } from '../model/verify.js';
import { plain, type Style } from './style.js';
import { visibleDeep } from './escape.js';

const mark = (v: boolean | null, style: Style) => (v === null ? style.dim('–') : v ? style.green('✓') : style.red('✗'));

/** Flows with their requests, the parity table, then the fixes. */
export function renderVerifyText(verified: VerifyResult, style: Style = plain): string {
  const result = visibleDeep(verified);
  const lines: string[] = [];
  for (const flow of result.flows) {
    lines.push(`${flow.ok ? style.green('PASS') : style.red('FAIL')} ${style.bold(flow.name)} ${style.dim(flow.app)}${flow.error ? `: ${flow.error}` : ''}`);
    for (const s of flow.steps) lines.push(`     ${s.method.padEnd(4)} ${String(s.status).padEnd(3)} ${s.url}${s.code ? ` ${style.yellow(s.code)}` : ''}`);
  }
  if (result.parity.length) {
    lines.push('', style.bold('Parity (each Azure DevOps call with each token)'));
    const several = new Set(result.parity.map((p) => p.app)).size > 1;
    const label = (p: VerifyResult['parity'][number]) => (several ? `${p.app}: ${p.call}` : p.call);
    const width = Math.max(...result.parity.map((p) => label(p).length));
    lines.push(`  ${'call'.padEnd(width)}  scope               legacy  entra  why`);
    for (const p of result.parity) lines.push(`  ${label(p).padEnd(width)}  ${p.requiredScope.padEnd(18)}  ${mark(p.legacy, style)}       ${mark(p.entra, style)}      ${p.why}`);
  }
  if (result.fixes.length) lines.push('', style.bold('Fix'), ...result.fixes.map((f) => `  - ${f}`));
  if (result.assumptions.length) lines.push('', style.dim('Assumed:'), ...result.assumptions.map((a) => style.dim(`  - ${a}`)));
  if (lines.length) lines.push('');
  lines.push(...verdictLines(result, style));
  return lines.join('\n');
}

/** The last lines: what was proven, counted; never OK for a run that proved nothing. */
function verdictLines(result: VerifyResult, style: Style): string[] {
  const s = result.summary;
  if (!s) return [result.ok ? style.green('OK') : style.red('FAILED: apply the fixes above.')];
  const proven = `${s.flowsPassed} of ${s.flowsRun} flow(s) passed, ${s.restCalls} Azure DevOps call(s) made with Entra tokens, ${s.restCallsCompared} compared with the legacy token`;
  const sites = s.legacyCodeSites.length
    ? [style.yellow(`The configuration is migrated, but the code still speaks the legacy protocol (\`validate\` keeps failing on these):`),
      ...s.legacyCodeSites.map((c) => style.yellow(`  - ${c.file}:${c.line} (${c.kind})`))]
    : [];
  const unchecked = s.notes.filter((n) => n.startsWith('the registration was assumed')).map((n) => style.yellow(`Not checked: ${n}.`));
  switch (s.verdict) {
    case 'nothing-to-verify': return [`Nothing to verify: ${s.notes.join('; ')}.`];
    case 'unverified': return [style.red(`NOT VERIFIED: ${s.notes.join('; ')}.`)];
    case 'failed': return [...sites, ...unchecked, style.red(`FAILED: ${proven}; apply the fixes above.`)];
    default: return [...sites, ...unchecked, style.green(`OK${sites.length ? ' for the configuration' : ''}: ${proven} (mock services, no network).`)];
  }
}
