import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { progress, UsageError } from './common.js';
import { flagInputs, planInputs, type PlanOptions } from './plan.js';

export interface MigrateOptions extends PlanOptions {
  yes?: boolean;
  allowDirty?: boolean;
}

/** The wizard on a terminal; with --answers/flags and --yes, the same steps without one. */
export async function runMigrate(path: string | undefined, opts: MigrateOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const { noTerminalHelp } = await import('../wizard/questions.js');
  if (!interactive && !opts.yes) throw new UsageError(noTerminalHelp());
  const given = interactive && !opts.answers && !opts.tenant && !opts.clientId ? flagInputs(opts) : await planInputs(opts).catch((err) => {
    if (interactive) return flagInputs(opts);
    throw new UsageError(`${(err as Error).message}\n${noTerminalHelp()}`);
  });
  const { defaultsPrompter, terminalPrompter, isPromptAbort } = await import('../wizard/prompter.js');
  const { startMockNetwork } = await import('../verifier/network.js');
  const { runWizard } = await import('../wizard/run.js');
  const prompter = interactive && !opts.yes ? await terminalPrompter() : defaultsPrompter((t) => progress(opts, t));
  const network = await startMockNetwork();
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  try {
    const outcome = await runWizard({ target: resolve(opts.cwd ?? '.', path ?? '.'), given, yes: Boolean(opts.yes), allowDirty: Boolean(opts.allowDirty), prompter, network, version });
    return outcome.verifyOk === false ? 1 : 0;
  } catch (err) {
    const { Interrupted } = await import('../plan/apply.js');
    if (isPromptAbort(err) || err instanceof Interrupted) {
      process.stderr.write(`\nado2entra: ${err instanceof Interrupted ? err.message : 'cancelled before anything was written'}.\n`);
      return 130;
    }
    const { Refusal } = await import('../plan/safety.js');
    if (err instanceof Refusal) {
      process.stderr.write(`ado2entra: apply refused, nothing was written:\n  ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    network.close();
  }
}
