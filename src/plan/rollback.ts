import { join } from 'node:path';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { Journal, RollbackResult } from '../model/backup.js';
import { assertTrusted, listBackups, readOriginal, untrustedBecause, writeJournal } from './backups.js';
import { gitDirsOf, Refusal, safeTarget } from './safety.js';
import { sha256 } from './hash.js';
import { FolderChanged, removeTemp, replaceFile } from './write.js';

/**
 * The backup set to restore: the one named, else the latest one we made that is not yet rolled back (sets we cannot
 * show we made are passed over, each reported to `onSkip`; when there are only such sets, the latest one's reason is
 * the refusal). Null when there is none.
 */
export function pickBackup(rootDir: string, id: string | undefined, onSkip?: (id: string, why: string) => void): Journal | null {
  const rootReal = realpathSync(rootDir);
  const { journals } = listBackups(rootReal);
  if (id) {
    const found = journals.find((j) => j.id === id);
    if (!found) throw new Refusal(`no backup set ${id} under .ado2entra/backups (ado2entra rollback --list shows them)`);
    return found;
  }
  const candidates = journals.filter((j) => j.state !== 'rolled-back').reverse();
  for (const j of candidates) {
    const why = untrustedBecause(rootReal, j);
    if (!why) return j;
    onSkip?.(j.id, why);
  }
  if (candidates[0]) assertTrusted(rootReal, candidates[0]);
  return null;
}

/** Removes the temp files a killed apply or rollback of this (trusted) set left beside its files. */
export function removeLeftoverTemps(rootReal: string, journal: Journal): string[] {
  const removed: string[] = [];
  const gitDirs = gitDirsOf(rootReal);
  for (const f of journal.files) {
    if (!f.temp) continue;
    let folder: string;
    try {
      folder = safeTarget(rootReal, f.file, gitDirs).folder;
    } catch {
      continue;
    }
    if (removeTemp(join(folder, f.temp))) removed.push(f.file);
  }
  return removed;
}

/**
 * Puts every file of a backup set back, byte for byte, keeping each file's mode and owner. A set we cannot show we
 * made (planted in the repository) is refused. A file edited since the apply (neither its before nor its after hash)
 * is refused unless `force`, and nothing is written when any file is refused.
 */
export function rollback(rootDir: string, journal: Journal, options: { force?: boolean } = {}): RollbackResult {
  const rootReal = realpathSync(rootDir);
  assertTrusted(rootReal, journal);
  removeLeftoverTemps(rootReal, journal);
  const gitDirs = gitDirsOf(rootReal);
  const plan = journal.files.map((f) => {
    const target = safeTarget(rootReal, f.file, gitDirs);
    let current: string | null = null;
    let owner: { uid?: number; gid?: number } = { uid: f.uid, gid: f.gid };
    try {
      current = sha256(readFileSync(target.path));
      const st = statSync(target.path);
      owner = { uid: st.uid, gid: st.gid };
    } catch {
      // deleted since: restore it
    }
    return { ...f, ...owner, target, current };
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
    try {
      replaceFile(f.target, f.original, { mode: f.mode, uid: f.uid, gid: f.gid, temp: f.temp ?? tempName(f.file) });
    } catch (err) {
      if (!(err instanceof FolderChanged)) throw err;
      throw new Refusal(`rollback stopped at ${f.file}: ${err.message}; restored before it: ${result.restored.join(', ') || 'none'}`);
    }
    result.restored.push(f.file);
  }
  writeJournal(rootReal, { ...journal, state: 'rolled-back' });
  return result;
}

/** The temp file name beside `file`: `.NAME.ado2entra-PID-MS.tmp`, NAME cut so the whole fits in 255 bytes (NAME_MAX). */
export function tempName(file: string, stamp = Date.now()): string {
  const suffix = `.ado2entra-${process.pid}-${stamp}.tmp`;
  let name = file.split('/').at(-1)!;
  while (Buffer.byteLength(`.${name}${suffix}`) > 255) name = [...name].slice(0, -1).join('');
  return `.${name}${suffix}`;
}
