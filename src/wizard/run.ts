// The migrate wizard: detect → choose → plan → review each diff → confirm → apply (backups) → verify → report.
// It never asks for a secret. Until the confirmation nothing is written; Ctrl-C there leaves every file as it was.
import { join } from 'node:path';
import { scanWithEvidence } from '../detect/scan.js';
import { minimize } from '../mapper/catalog.js';
import { inputProblems, scopeMapping } from '../mapper/entra.js';
import { PlanInputs, type Edit, type Plan } from '../model/plan.js';
import { applyPlanInterruptible } from '../plan/apply.js';
import { buildPlan } from '../plan/build.js';
import { sha256 } from '../plan/hash.js';
import { writeFileAtomic } from '../plan/write.js';
import { renderMarkdown } from '../report/markdown.js';
import { reportDate, reportModel } from '../report/report-model.js';
import { verifyAppsFromPlan } from '../verifier/from-plan.js';
import type { MockNetwork } from '../verifier/network.js';
import { verifyApps } from '../verifier/run.js';
import type { Prompter } from './prompter.js';

export interface WizardContext {
  /** Absolute folder to migrate. */
  target: string;
  /** Answers already given (flags, answers file); the wizard asks only for the rest. */
  given: Partial<PlanInputs>;
  yes: boolean;
  allowDirty: boolean;
  prompter: Prompter;
  network: MockNetwork;
  version: string;
}

export interface WizardOutcome {
  applied: string[];
  skipped: string[];
  backupId: string | null;
  verifyOk: boolean | null;
  reportFile: string | null;
  manualSteps: string[];
}

const validGuid = (v: string) => inputProblems({ clientId: v.trim() })[0] ?? true;
const validTenant = (v: string) => inputProblems({ tenant: v.trim() })[0] ?? true;

export async function runWizard(ctx: WizardContext): Promise<WizardOutcome> {
  const p = ctx.prompter;
  const evidence = scanWithEvidence(ctx.target);
  const found = evidence.result.apps;
  const outcome: WizardOutcome = { applied: [], skipped: [], backupId: null, verifyOk: null, reportFile: null, manualSteps: [] };
  if (found.length === 0) {
    p.say('No legacy Azure DevOps OAuth found: nothing to migrate.');
    return outcome;
  }
  p.say(`Found ${found.length} legacy app(s): ${found.map((a) => `${a.id} (${a.files.join(', ')})`).join('; ')}`);
  const apps = ctx.given.apps ?? (found.length === 1 ? [found[0]!.id]
    : await p.checkbox('Which apps do you want to migrate?', found.map((a) => ({ value: a.id, name: a.id, description: a.files.join(', ') }))));
  const tenant = ctx.given.tenant ?? (await p.input('Entra tenant (tenant id, verified domain, or "organizations"):', { validate: validTenant })).trim();
  const clientId = ctx.given.clientId ?? (await p.input('Client id of the new Entra app registration:', { validate: validGuid })).trim();
  const credential = ctx.given.credential ?? await p.select('How will the app prove its identity to Entra?', [
    { value: 'secret', name: 'client secret', description: 'kept in the environment or a vault; never in a file' },
    { value: 'certificate', name: 'certificate', description: 'the private key in your vault; no shared secret' },
    { value: 'federated', name: 'federated credential', description: 'workload identity: nothing to store at all' },
  ], 'secret');
  let secretRef = ctx.given.secretRef ?? null;
  if (credential === 'secret' && ctx.given.secretRef === undefined) {
    p.say('The secret itself is never asked for or written: config gets a reference to where it lives.');
    secretRef = (await p.input('How should config refer to the new secret?', { default: 'env:ENTRA_CLIENT_SECRET' })).trim() || null;
  }
  const chosen = found.filter((a) => apps.includes(a.id));
  const legacyScopes = [...new Set(chosen.flatMap((a) => a.scopes))];
  const rows = chosen.flatMap((a) => scopeMapping(a));
  const high = [...new Set(rows.filter((r) => r.status === 'kept' && r.highPrivilege).map((r) => r.legacy))];
  const scopeStyle = ctx.given.scopeStyle ?? await p.select(
    `Scopes: the minimal set is ${minimize(legacyScopes).join(' ') || 'vso.profile'}${high.length ? `; high privilege: ${high.join(' ')}` : ''}. Request them how?`,
    [
      { value: 'default', name: '.default', description: 'request 499b84ac-…/.default; register the minimal set as API permissions' },
      { value: 'explicit', name: 'each scope', description: 'request 499b84ac-…/<scope> for each scope of the minimal set' },
    ], 'default');
  const msaUsers = ctx.given.msaUsers !== undefined ? ctx.given.msaUsers : await p.confirm('Do any users sign in with a personal Microsoft account (outlook.com, hotmail.com)?', false);
  if (msaUsers) p.say('BLOCKER: personal Microsoft accounts cannot use Azure DevOps through Entra ID. The report leads with this.');
  const keepLegacy = ctx.given.keepLegacy ?? await p.confirm('Keep the legacy settings beside the Entra ones for a dual run?', false);

  const inputs = PlanInputs.parse({ ...ctx.given, apps, tenant, clientId, credential, secretRef, scopeStyle, msaUsers, keepLegacy });
  const plan = buildPlan(evidence, inputs);
  const edits = await reviewEdits(plan, ctx);
  outcome.skipped = plan.edits.filter((e) => !edits.includes(e)).map((e) => e.file);
  outcome.manualSteps = plan.manualSteps;
  if (edits.length && (ctx.yes || await p.confirm(`Apply ${edits.length} file(s)? Originals go to .ado2entra/backups first.`, true))) {
    const chosenPlan: Plan = { ...plan, edits };
    const result = await applyPlanInterruptible(chosenPlan, evidence.rootDir, { allowDirty: ctx.allowDirty, planSha256: sha256(Buffer.from(JSON.stringify(chosenPlan))) });
    outcome.applied = result.applied;
    outcome.backupId = result.backupId;
    p.say(`Applied ${result.applied.length} file(s)${result.backupId ? `; undo with: ado2entra rollback ${result.backupId} --root ${ctx.target}` : ''}.`);
  } else if (edits.length) {
    p.say('Nothing applied.');
    outcome.skipped = plan.edits.map((e) => e.file);
  }
  const { apps: verifyInput } = verifyAppsFromPlan(plan, evidence.result);
  const verified = await verifyApps(verifyInput, { credential: credential === 'certificate' ? 'certificate' : 'secret', flows: new Set(['auth-code']), org: 'fabrikam', network: ctx.network });
  outcome.verifyOk = verified.ok;
  p.say(verified.ok ? 'verify: the Entra flow gives the legacy access (mock services).' : `verify: FAILED. ${verified.fixes.join(' ')}`);
  outcome.reportFile = join(evidence.rootDir, 'ado2entra-migration.md');
  const model = reportModel(evidence.result, { ...plan, root: '.' }, { version: ctx.version, generated: reportDate(), placeholders: false });
  writeFileAtomic(outcome.reportFile, renderMarkdown(model));
  p.say(`Report written to ${outcome.reportFile}. Manual steps left: ${plan.manualSteps.length}.`);
  return outcome;
}

/** Each file's diff, then apply / skip / show more; --yes takes every edit. */
async function reviewEdits(plan: Plan, ctx: WizardContext): Promise<Edit[]> {
  const chosen: Edit[] = [];
  for (const edit of plan.edits) {
    ctx.prompter.say(edit.diff);
    if (ctx.yes) {
      chosen.push(edit);
      continue;
    }
    for (;;) {
      const answer = await ctx.prompter.select(`${edit.file}: apply this change?`, [
        { value: 'apply', name: 'apply' }, { value: 'skip', name: 'skip' }, { value: 'more', name: 'show more', description: 'why each line changes' },
      ], 'apply');
      if (answer === 'more') {
        ctx.prompter.say(`Why: ${edit.reasons.join('; ')}.\nWritten with a backup first; the file's encoding, line endings and mode are kept.`);
        continue;
      }
      if (answer === 'apply') chosen.push(edit);
      break;
    }
  }
  return chosen;
}
