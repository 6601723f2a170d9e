import type { VerifyResult } from '../model/verify.js';
import { plain, type Style } from './style.js';

const mark = (v: boolean | null, style: Style) => (v === null ? style.dim('–') : v ? style.green('✓') : style.red('✗'));

/** Flows with their requests, the parity table, then the fixes. */
export function renderVerifyText(result: VerifyResult, style: Style = plain): string {
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
  const compared = result.flows.some((f) => f.name.startsWith('legacy-'));
  lines.push('', result.ok
    ? style.green(compared ? 'OK: the Entra flow gives at least the access the legacy flow had (mock services, no network).' : 'OK: the Entra flows work against the mock services (no legacy flow to compare; no network).')
    : style.red('FAILED: the Entra flow does not match the legacy access; apply the fixes above.'));
  return lines.join('\n');
}
