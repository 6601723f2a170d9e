import { readFileSync, realpathSync } from 'node:fs';
import type { Journal, RollbackResult } from '../model/backup.js';
import { listBackups, readOriginal, writeJournal } from './backups.js';
import { Refusal, safeTarget } from './safety.js';
import { sha256 } from './hash.js';
import { writeFileAtomic } from './write.js';

/** The backup set to restore: the one named, else the latest not yet rolled back. Null when there is none. */
export function pickBackup(rootDir: string, id: string | undefined): Journal | null {
  const { journals } = listBackups(realpathSync(rootDir));
  if (id) {
    const found = journals.find((j) => j.id === id);
    if (!found) throw new Refusal(`no backup set ${id} under .ado2entra/backups (ado2entra rollback --list shows them)`);
    return found;
  }
  return [...journals].reverse().find((j) => j.state !== 'rolled-back') ?? null;
}

/**
 * Puts every file of a backup set back, byte for byte. A file edited since the apply (neither its
 * before nor its after hash) is refused unless `force`, and nothing is written when any file is refused.
 */
export function rollback(rootDir: string, journal: Journal, options: { force?: boolean } = {}): RollbackResult {
  const rootReal = realpathSync(rootDir);
  const plan = journal.files.map((f) => {
    const target = safeTarget(rootReal, f.file);
    let current: string | null = null;
    try {
      current = sha256(readFileSync(target));
    } catch {
      // deleted since: restore it
    }
    return { ...f, target, current };
  });
  const changed = plan.filter((f) => f.current !== null && f.current !== f.sha256Before && f.current !== f.sha256After);
  if (changed.length && !options.force) {
    throw new Refusal(`changed since the apply, not restored: ${changed.map((f) => f.file).join(', ')}; pass --force to overwrite them with the backup`);
  }
  const result: RollbackResult = { id: journal.id, restored: [], unchanged: plan.filter((f) => f.current === f.sha256Before).map((f) => f.file) };
  const restore = plan.filter((f) => f.current !== f.sha256Before).map((f) => {
    const original = readOriginal(rootReal, journal.id, f.file);
    if (sha256(original) !== f.sha256Before) throw new Refusal(`backup copy of ${f.file} is damaged (sha256 differs from the journal); nothing restored`);
    return { ...f, original };
  });
  for (const f of restore) {
    writeFileAtomic(f.target, f.original, f.mode);
    result.restored.push(f.file);
  }
  writeJournal(rootReal, { ...journal, state: 'rolled-back' });
  return result;
}
