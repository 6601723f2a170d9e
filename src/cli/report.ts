import { createRequire } from 'node:module';
import { emit, exitCodes, formatOf, UsageError } from './common.js';
import { planInputs, type PlanOptions } from './plan.js';
import type { Plan } from '../model/plan.js';
import type { ScanResult } from '../model/scan.js';
import { scanTargetWithEvidence } from './scan.js';

export interface ReportOptions extends PlanOptions {
  plan?: string;
}

/** The migration report: scan + plan (placeholders when no tenant/client id), rendered as Markdown, HTML or JSON. */
export async function runReport(path: string | undefined, opts: ReportOptions): Promise<number> {
  const format = formatOf(opts, ['markdown', 'html', 'json'], 'markdown');
  if (opts.plan) return reportFromPlan(opts, format);
  const placeholders = !opts.answers && (!opts.tenant || !opts.clientId);
  const evidence = await scanTargetWithEvidence(path ?? '.', opts);
  let inputs;
  if (placeholders) {
    const { PlanInputs } = await import('../model/plan.js');
    inputs = PlanInputs.parse({ tenant: opts.tenant ?? '<TENANT_ID>', clientId: opts.clientId ?? '<CLIENT_ID>', scopeStyle: opts.scopeStyle, credential: opts.credential, secretRef: opts.secretRef ?? null, keepLegacy: opts.keepLegacy ?? false, refresh: opts.refresh !== false, msaUsers: opts.msaUsers ?? null, apps: opts.app?.length ? opts.app : null });
  } else {
    inputs = await planInputs(opts);
  }
  const { buildPlan } = await import('../plan/build.js');
  const plan = buildPlan(evidence, inputs);
  return render(evidence.result, plan, placeholders, format, opts);
}

/** --plan: the saved plan as it will be applied; its root is scanned again for the inventory. */
async function reportFromPlan(opts: ReportOptions, format: string): Promise<number> {
  const { resolve } = await import('node:path');
  const { loadPlan } = await import('./apply.js');
  const { plan } = await loadPlan(resolve(opts.cwd ?? '.', opts.plan!));
  const evidence = await scanTargetWithEvidence(plan.root, opts);
  const missing = plan.apps.filter((a) => !evidence.result.apps.some((x) => x.id === a.id)).map((a) => a.id);
  if (missing.length) throw new UsageError(`the plan's apps ${missing.join(', ')} are no longer found under ${plan.root}: the plan is stale (plan again)`);
  return render(evidence.result, plan, plan.inputs.tenant === '<TENANT_ID>', format, opts);
}

async function render(scan: ScanResult, plan: Plan, placeholders: boolean, format: string, opts: ReportOptions): Promise<number> {
  const { reportDate, reportModel } = await import('../report/report-model.js');
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  const model = reportModel(scan, plan, { version, generated: reportDate(), placeholders });
  const text = format === 'json' ? JSON.stringify(model, null, 2)
    : format === 'html' ? (await import('../report/html.js')).renderHtml(model) : (await import('../report/markdown.js')).renderMarkdown(model);
  await emit(text, opts);
  return exitCodes.ok;
}
