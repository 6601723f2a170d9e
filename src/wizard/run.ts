// The migrate wizard: detect → choose → plan → review each diff → confirm → apply (backups) → verify → report.
// It never asks for a secret. Until the confirmation nothing is written; Ctrl-C there leaves every file as it was.
import { join } from 'node:path';
import { readRepoText } from '../detect/read.js';
import { scanWithEvidence } from '../detect/scan.js';
import { minimize } from '../mapper/catalog.js';
import { inputProblems, scopeMapping } from '../mapper/entra.js';
import { msaGuidance } from '../mapper/steps.js';
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
import { faultAfterApply } from '../plan/faults.js';
import { renderDiff } from '../report/plan-text.js';
import { plain, type Style } from '../report/style.js';
import { stderrSafe } from '../report/escape.js';
import { BACK, escapingPrompter, type Prompter } from './prompter.js';

export interface WizardContext {
  /** Absolute folder to migrate. */
  target: string;
  /** Answers already given (flags, answers file), validated; the wizard asks only for the rest. */
  given: Partial<PlanInputs>;
  yes: boolean;
  allowDirty: boolean;
  prompter: Prompter;
  network: MockNetwork;
  version: string;
  /** Colours for diffs (as `plan` prints them); plain when absent. */
  style?: Style;
}

export interface WizardOutcome {
  applied: string[];
  skipped: string[];
  backupId: string | null;
  verifyOk: boolean | null;
  reportFile: string | null;
  manualSteps: string[];
}

/** Ctrl-C after the files were written: they are kept and the wizard finished; the message says how to undo. */
export class InterruptedAfterApply extends Error {}

/** The same check `plan` makes of --tenant and --client-id, for a typed answer. */
const valid = (key: 'tenant' | 'clientId') => (v: string) => (v.trim() === '<' ? true : inputProblems({ [key]: v.trim() })[0] ?? true);

type Answers = Pick<PlanInputs, 'tenant' | 'clientId' | 'credential' | 'secretRef' | 'scopeStyle' | 'msaUsers' | 'keepLegacy'> & { apps: string[] };
interface Step {
  key: keyof Answers;
  /** Asked only when this holds (given answers are never asked). */
  when?: (a: Partial<Answers>) => boolean;
  ask: (a: Partial<Answers>, back: boolean) => Promise<unknown>;
}

export async function runWizard(ctx: WizardContext): Promise<WizardOutcome> {
  const p = escapingPrompter(ctx.prompter);
  const evidence = scanWithEvidence(ctx.target);
  const found = evidence.result.apps;
  const outcome: WizardOutcome = { applied: [], skipped: [], backupId: null, verifyOk: null, reportFile: null, manualSteps: [] };
  if (found.length === 0) {
    p.say('No legacy Azure DevOps OAuth found: nothing to migrate.');
    return outcome;
  }
  p.say(`Found ${found.length} legacy app(s): ${found.map((a) => `${a.id} (${a.files.join(', ')})`).join('; ')}`);
  const input = async (message: string, key: 'tenant' | 'clientId', back: boolean) => {
    const v = (await p.input(back ? `${message} (< or Esc: back)` : message, { validate: valid(key), back })).trim();
    return v === '<' ? BACK : v;
  };
  const scopeQuestion = (a: Partial<Answers>) => {
    const chosen = found.filter((app) => a.apps!.includes(app.id));
    const rows = chosen.flatMap((app) => scopeMapping(app));
    const high = [...new Set(rows.filter((r) => r.status === 'kept' && r.highPrivilege).map((r) => r.legacy))];
    return `Scopes: the minimal set is ${minimize([...new Set(chosen.flatMap((app) => app.scopes))]).join(' ') || 'vso.profile'}${high.length ? `; high privilege: ${high.join(' ')}` : ''}. Request them how?`;
  };
  const steps: Step[] = [
    { key: 'apps', when: () => found.length > 1, ask: () => p.checkbox('Which apps do you want to migrate?', found.map((a) => ({ value: a.id, name: a.id, description: a.files.join(', ') }))) },
    { key: 'tenant', ask: (_a, back) => input('Entra tenant (tenant id, verified domain, or "organizations"):', 'tenant', back) },
    { key: 'clientId', ask: (_a, back) => input('Client id of the new Entra app registration:', 'clientId', back) },
    { key: 'credential', ask: (_a, back) => p.select('How will the app prove its identity to Entra?', [
      { value: 'secret', name: 'client secret', description: 'kept in the environment or a vault; never in a file' },
      { value: 'certificate', name: 'certificate', description: 'the private key in your vault; no shared secret' },
      { value: 'federated', name: 'federated credential', description: 'workload identity: nothing to store at all' },
    ], 'secret', back) },
    { key: 'secretRef', when: (a) => a.credential === 'secret', ask: async (_a, back) => {
      p.say('The secret itself is never asked for or written: config gets a reference to where it lives.');
      const v = await p.input('How should config refer to the new secret?', { default: 'env:ENTRA_CLIENT_SECRET', back });
      return v === BACK ? BACK : v.trim() || null;
    } },
    { key: 'scopeStyle', ask: (a, back) => p.select(scopeQuestion(a), [
      { value: 'default', name: '.default', description: 'request 499b84ac-…/.default; register the minimal set as API permissions' },
      { value: 'explicit', name: 'each scope', description: 'request 499b84ac-…/<scope> for each scope of the minimal set' },
    ], 'default', back) },
    { key: 'msaUsers', ask: (_a, back) => p.confirm('Do any users sign in with a personal Microsoft account (outlook.com, hotmail.com)?', false, back) },
    { key: 'keepLegacy', ask: (a, back) => {
      if (a.msaUsers) p.say(msaAdvice);
      return p.confirm('Keep the legacy settings beside the Entra ones for a dual run?', Boolean(a.msaUsers), back);
    } },
  ];
  const answers: Partial<Answers> = { ...(ctx.given as Partial<Answers>) };
  if (found.length === 1 && !answers.apps) answers.apps = [found[0]!.id];
  if (!answers.apps) answers.apps = found.map((a) => a.id);
  const asked: number[] = [];
  for (let i = 0; i < steps.length;) {
    const step = steps[i]!;
    if (ctx.given[step.key] !== undefined || (step.when && !step.when(answers))) {
      i++;
      continue;
    }
    const value = await step.ask(answers, asked.length > 0);
    if (value === BACK) {
      i = asked.pop() ?? i;
      continue;
    }
    (answers as Record<string, unknown>)[step.key] = value;
    asked.push(i);
    i++;
  }
  if (answers.msaUsers && ctx.given.msaUsers !== undefined) p.say(msaAdvice);
  const inputs = PlanInputs.parse({ ...ctx.given, ...answers, secretRef: answers.credential === 'secret' ? answers.secretRef ?? null : answers.secretRef ?? null });
  const plan = buildPlan(evidence, inputs);
  const edits = await reviewEdits(plan, ctx, p);
  outcome.skipped = plan.edits.filter((e) => !edits.includes(e)).map((e) => e.file);
  outcome.manualSteps = plan.manualSteps;
  if (!edits.length || !(ctx.yes || await p.confirm(`Apply ${edits.length} file(s)? Originals go to .ado2entra/backups first.`, true))) {
    outcome.skipped = plan.edits.map((e) => e.file);
    p.say(`Nothing applied: no file was changed, so no migration report was written. \`ado2entra report ${ctx.target}\` writes the plan as a report.`);
    return outcome;
  }
  // From here the files are written: a Ctrl-C during the writes puts every file back (Interrupted); one after them
  // lets the wizard finish (verify, report) and then says the files were kept and how to undo.
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  const chosenPlan: Plan = { ...plan, edits };
  process.on('SIGINT', onInterrupt);
  try {
    const result = await applyPlanInterruptible(chosenPlan, evidence.rootDir, { allowDirty: ctx.allowDirty, planSha256: sha256(Buffer.from(JSON.stringify(chosenPlan))) });
    faultAfterApply();
    outcome.applied = result.applied;
    outcome.backupId = result.backupId;
    const undo = result.backupId ? `ado2entra rollback ${result.backupId} --root ${ctx.target}` : null;
    p.say(`Applied ${result.applied.length} file(s)${undo ? `; undo with: ${undo}` : ''}.`);
    const { apps: verifyInput } = verifyAppsFromPlan(plan, evidence.result);
    const verified = await verifyApps(verifyInput, { credential: inputs.credential === 'certificate' ? 'certificate' : 'secret', flows: new Set(['auth-code']), org: 'fabrikam', network: ctx.network });
    outcome.verifyOk = verified.ok;
    p.say(verified.ok ? 'verify: the Entra flow gives the legacy access (mock services).' : `verify: FAILED. ${verified.fixes.join(' ')}`);
    outcome.reportFile = join(evidence.rootDir, 'ado2entra-migration.md');
    const model = reportModel(evidence.result, { ...plan, root: '.' }, { version: ctx.version, generated: reportDate(), placeholders: false });
    writeFileAtomic(outcome.reportFile, renderMarkdown(model));
    p.say(closingWords(outcome.reportFile, plan.manualSteps, evidence.rootDir));
    if (interrupted) throw new InterruptedAfterApply(`interrupted after the files were written: they are kept and the report is written${undo ? `; undo with: ${undo}` : ''}`);
    return outcome;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

const msaAdvice = `Personal Microsoft accounts. ${msaGuidance}\nA dual run (keep the legacy settings beside the Entra ones) lets work and school accounts move while MSA users stay on the legacy app.`;

/** The report, every manual step left (not only how many), and keeping .ado2entra/ out of git. */
function closingWords(reportFile: string, steps: string[], rootDir: string): string {
  const lines = [`Report written to ${reportFile}.`];
  if (steps.length) lines.push(`Manual steps left (${steps.length}):`, ...steps.map((s, i) => `  ${i + 1}. ${s}`));
  else lines.push('No manual steps left.');
  const gitignore = join(rootDir, '.gitignore');
  if (!/^\/?\.ado2entra\/?$/m.test(readRepoText(gitignore) ?? '')) {
    lines.push('Keep the backups out of git: add `.ado2entra/` to .gitignore.');
  }
  return lines.join('\n');
}

/** Each file's diff, then apply / skip / show more; --yes takes every edit. */
async function reviewEdits(plan: Plan, ctx: WizardContext, p: Prompter): Promise<Edit[]> {
  const chosen: Edit[] = [];
  for (const edit of plan.edits) {
    // escaped before it is coloured: the colours are ours, the diff's text is the repository's
    ctx.prompter.say(renderDiff(stderrSafe(edit.diff), ctx.style ?? plain).join('\n'));
    if (ctx.yes) {
      chosen.push(edit);
      continue;
    }
    for (;;) {
      const answer = await p.select(`${edit.file}: apply this change?`, [
        { value: 'apply', name: 'apply' }, { value: 'skip', name: 'skip' }, { value: 'more', name: 'show more', description: 'why each line changes' },
      ], 'apply');
      if (answer === 'more') {
        p.say(`Why: ${edit.reasons.join('; ')}.\nWritten with a backup first; the file's encoding, line endings and mode are kept.`);
        continue;
      }
      if (answer === 'apply') chosen.push(edit);
      break;
    }
  }
  return chosen;
}
