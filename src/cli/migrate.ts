import { stderrSafe } from '../report/escape.js';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { colorsFor, progress, UsageError } from './common.js';
import { givenInputs, planInputs, type PlanOptions } from './plan.js';

export interface MigrateOptions extends PlanOptions {
  yes?: boolean;
  allowDirty?: boolean;
}

/** The wizard on a terminal; with --answers/flags and --yes, the same steps without one. */
export async function runMigrate(path: string | undefined, opts: MigrateOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const { noTerminalHelp } = await import('../wizard/questions.js');
  if (!interactive && !opts.yes) throw new UsageError(noTerminalHelp());
  // On a terminal the flags and a partial answers file are checked as plan checks them, and only the rest is asked;
  // with --yes everything must be answered.
  const given = interactive && !opts.yes ? await givenInputs(opts) : await planInputs(opts).catch((err) => {
    throw new UsageError(`${(err as Error).message}\n${noTerminalHelp()}`);
  });
  const { defaultsPrompter, terminalPrompter, isPromptAbort } = await import('../wizard/prompter.js');
  const { startMockNetwork } = await import('../verifier/network.js');
  const { runWizard } = await import('../wizard/run.js');
  const prompter = interactive && !opts.yes ? await terminalPrompter() : defaultsPrompter((t) => progress(opts, t));
  const network = await startMockNetwork();
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  try {
    const outcome = await runWizard({ target: resolve(opts.cwd ?? '.', path ?? '.'), given, yes: Boolean(opts.yes), allowDirty: Boolean(opts.allowDirty), prompter, network, version, style: colorsFor(opts, process.stderr) });
    return outcome.verifyOk === false ? 1 : 0;
  } catch (err) {
    const { Interrupted } = await import('../plan/apply.js');
    const { InterruptedAfterApply } = await import('../wizard/run.js');
    if (isPromptAbort(err) || err instanceof Interrupted || err instanceof InterruptedAfterApply) {
      const why = err instanceof Interrupted ? `${err.message} (rolled back: nothing is changed)` : err instanceof InterruptedAfterApply ? err.message : 'cancelled before anything was written';
      process.stderr.write(`\nado2entra: ${why}.\n`);
      return 130;
    }
    const { Refusal } = await import('../plan/safety.js');
    if (err instanceof Refusal) {
      process.stderr.write(`ado2entra: apply refused, nothing was written:\n  ${stderrSafe(err.message)}\n`);
      return 1;
    }
    throw err;
  } finally {
    network.close();
  }
}
