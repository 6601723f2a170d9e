import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, writeSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitSync } from '../detect/git.js';
import { backupIdPattern, Journal } from '../model/backup.js';
import { journalKey, journalMac, macMatches } from './key.js';
import { Refusal } from './safety.js';
import { fsyncDir, writeFileAtomic } from './write.js';

export const backupsFolder = join('.ado2entra', 'backups');

/**
 * The next backup id, after every id already there: UTC time to the millisecond, then a 6-digit counter, so two
 * applies in the same millisecond (or a clock set back) still sort in the order they ran: 20261123T204131042Z-000001.
 */
export function nextBackupId(existing: readonly string[], now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  const last = existing.filter((id) => /^[0-9]{8}T[0-9]{9}Z-[0-9]{6}$/.test(id)).sort().at(-1);
  if (last && last.slice(0, 19) >= stamp) return `${last.slice(0, 19)}-${String(Number(last.slice(20)) + 1).padStart(6, '0')}`;
  return `${stamp}-000001`;
}

export function backupDir(rootDir: string, id: string): string {
  return join(rootDir, backupsFolder, id);
}

/**
 * Makes a new, empty backup set and returns its id. `.ado2entra` and `.ado2entra/backups` must be real folders
 * of ours: a committed symlink `.ado2entra -> ../x` would send copies of the originals (secrets) out of the root.
 */
export function createBackupSet(rootReal: string, now = new Date()): string {
  const folder = join(rootReal, backupsFolder);
  for (const dir of [join(rootReal, '.ado2entra'), folder]) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const why = notOurs(dir);
    if (why) throw new Refusal(`${dir.slice(rootReal.length + 1)} ${why}: refusing to keep backups (copies of your files) there`);
  }
  // ids of sets we made only: a planted set named 2099… must not drag every later id along
  const key = journalKey(rootReal, true);
  const ids = readdirSync(folder).filter((id) => {
    try {
      return key !== null && macMatches(key, JSON.parse(readFileSync(join(folder, id, 'journal.json'), 'utf8')), rootReal);
    } catch {
      return false;
    }
  });
  for (;;) {
    const id = nextBackupId(ids, now);
    try {
      mkdirSync(join(folder, id), { mode: 0o700 });
      return id;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another apply (or a planted folder) took this id
      ids.push(id);
    }
  }
}

/** Why a path is not something we made: a symlink, not a folder or file, or someone else's. Null when it is ours. */
function notOurs(path: string): string | null {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 'is missing';
  }
  if (st.isSymbolicLink()) return 'is a symlink';
  if (!st.isDirectory() && !st.isFile()) return 'is not a regular file or folder';
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `belongs to another user (uid ${st.uid})`;
  return null;
}

/** Copies an original file into the backup set and fsyncs it, so the journal never points at a copy that is not on disk. */
export function storeOriginal(rootDir: string, id: string, file: string, bytes: Buffer): void {
  const copy = join(backupDir(rootDir, id), 'files', ...file.split('/'));
  mkdirSync(dirname(copy), { recursive: true, mode: 0o700 });
  const fd = openSync(copy, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDir(dirname(copy));
}

export function readOriginal(rootDir: string, id: string, file: string): Buffer {
  return readFileSync(join(backupDir(rootDir, id), 'files', ...file.split('/')));
}

/** Writes the journal signed with the per-user key (created on first use). */
export function writeJournal(rootReal: string, journal: Journal): void {
  const key = journalKey(rootReal, true);
  if (!key) throw new Refusal('cannot create the key that signs backup sets');
  const { mac: _old, ...rest } = journal;
  const signed = { ...rest, mac: journalMac(key, rest, rootReal) };
  writeFileAtomic(join(backupDir(rootReal, journal.id), 'journal.json'), `${JSON.stringify(signed, null, 2)}\n`, 0o600);
}

/** Every backup set under the root, oldest first; an unreadable journal is reported, not fatal. */
export function listBackups(rootDir: string): { journals: Journal[]; problems: string[] } {
  const folder = join(rootDir, backupsFolder);
  let ids: string[];
  try {
    ids = readdirSync(folder).sort();
  } catch {
    return { journals: [], problems: [] };
  }
  const journals: Journal[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    try {
      const journal = Journal.parse(JSON.parse(readFileSync(join(folder, id, 'journal.json'), 'utf8')));
      if (journal.id !== id) throw new Error('id differs from its folder');
      journals.push(journal);
    } catch {
      problems.push(`${join(backupsFolder, JSON.stringify(id).slice(1, -1))}: no readable journal (an apply stopped before writing anything)`);
    }
  }
  return { journals, problems };
}

/**
 * Why rollback must not trust a backup set, or null when it can show it made it: every path from the root to each
 * file of the set a real folder or file owned by us (no symlink), nothing of it tracked or added in git, and the
 * journal's HMAC matching the per-user key kept outside the repository.
 */
export function untrustedBecause(rootReal: string, journal: Journal): string | null {
  if (!backupIdPattern.test(journal.id)) return 'its id is malformed';
  const set = backupDir(rootReal, journal.id);
  for (const path of [join(rootReal, '.ado2entra'), join(rootReal, backupsFolder), set]) {
    const why = notOurs(path);
    if (why) return `${path.slice(rootReal.length + 1)} ${why}`;
  }
  const walk = (dir: string): string | null => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const why = notOurs(path);
      if (why) return `${path.slice(rootReal.length + 1)} ${why}`;
      if (lstatSync(path).isDirectory()) {
        const inner = walk(path);
        if (inner) return inner;
      }
    }
    return null;
  };
  const inSet = walk(set);
  if (inSet) return inSet;
  const tracked = gitSync(rootReal, 'ls-files', '-z', '--cached', '--', join(backupsFolder, journal.id));
  if (tracked && tracked.length > 0) return 'it is tracked or added in git (a backup set is never committed: this one came with the repository)';
  const key = journalKey(rootReal, false);
  if (!key) return 'no backup key for this user on this machine (ado2entra never applied here)';
  if (!macMatches(key, journal, rootReal)) return 'its journal fails the integrity check (not signed by this user\'s backup key for this folder: planted, edited, or copied from another folder)';
  return null;
}

/** The latest set we made whose apply completed (verify reads the legacy side from it); a planted set never counts. */
export function latestApplied(rootDir: string): Journal | null {
  let rootReal: string;
  try {
    rootReal = realpathSync(rootDir);
  } catch {
    return null;
  }
  return [...listBackups(rootReal).journals].reverse().find((j) => j.state === 'applied' && untrustedBecause(rootReal, j) === null) ?? null;
}

export function assertTrusted(rootReal: string, journal: Journal): void {
  const why = untrustedBecause(rootReal, journal);
  if (why) throw new Refusal(`backup set ${journal.id} was not made by ado2entra for you here, so it is not restored: ${why}`);
}
