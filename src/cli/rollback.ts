import { stderrSafe } from '../report/escape.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderBackupList, renderRollbackText } from '../report/apply-text.js';
import { colorsFor, emit, exitCodes, formatOf, progress, UsageError, type CommonOptions } from './common.js';

export interface RollbackOptions extends CommonOptions {
  list?: boolean;
  force?: boolean;
  root?: string;
}

export async function runRollback(id: string | undefined, opts: RollbackOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], 'text');
  const rootDir = resolve(opts.cwd ?? '.', opts.root ?? '.');
  if (!existsSync(rootDir)) throw new UsageError(`--root ${opts.root} does not exist`);
  const { listBackups } = await import('../plan/backups.js');
  const { Refusal } = await import('../plan/safety.js');
  const { journals, problems } = listBackups(rootDir);
  for (const p of problems) progress(opts, `warning: ${p}`);
  if (opts.list) {
    const { untrustedBecause } = await import('../plan/backups.js');
    const { realpathSync } = await import('node:fs');
    for (const j of journals) {
      const why = untrustedBecause(realpathSync(rootDir), j);
      if (why) progress(opts, `warning: backup set ${j.id} was not made by ado2entra for you here and will not be restored: ${why}`);
    }
    await emit(format === 'json' ? JSON.stringify({ schemaVersion: 1, backups: journals }, null, 2) : renderBackupList(journals, colorsFor(opts)), opts);
    return exitCodes.ok;
  }
  const { pickBackup, rollback } = await import('../plan/rollback.js');
  try {
    const journal = pickBackup(rootDir, id, (skipped, why) => progress(opts, `warning: backup set ${skipped} passed over, not made by ado2entra for you here: ${why}`));
    if (!journal) {
      // Nothing restored is a refused rollback in the exit-code table (1), said even with --quiet: a script must not
      // read "0" as "the files are back".
      process.stderr.write(`ado2entra: nothing to roll back: no backup set under ${opts.root ?? '.'}/.ado2entra/backups${journals.length ? ' that is not already rolled back' : ''}\n`);
      return exitCodes.findings;
    }
    const result = rollback(rootDir, journal, { force: opts.force });
    await emit(format === 'json' ? JSON.stringify({ schemaVersion: 1, ...result }, null, 2) : renderRollbackText(result, colorsFor(opts)), opts);
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof Refusal) {
      process.stderr.write(`ado2entra: rollback refused, nothing was written:\n  ${stderrSafe(err.message)}\n`);
      return exitCodes.findings;
    }
    throw err;
  }
}
