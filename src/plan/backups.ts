import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Journal } from '../model/backup.js';
import { fsyncDir, writeFileAtomic } from './write.js';

export const backupsFolder = join('.ado2entra', 'backups');

/** A time-ordered, collision-safe backup id: 20261123T204131Z-3f9a. */
export function newBackupId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;
}

export function backupDir(rootDir: string, id: string): string {
  return join(rootDir, backupsFolder, id);
}

/** Copies an original file into the backup set and fsyncs it, so the journal never points at a copy that is not on disk. */
export function storeOriginal(rootDir: string, id: string, file: string, bytes: Buffer): void {
  const copy = join(backupDir(rootDir, id), 'files', ...file.split('/'));
  mkdirSync(dirname(copy), { recursive: true });
  const fd = openSync(copy, 'wx', 0o600);
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

export function writeJournal(rootDir: string, journal: Journal): void {
  const dir = backupDir(rootDir, journal.id);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'journal.json'), `${JSON.stringify(journal, null, 2)}\n`, 0o600);
}

/** Every backup set under the root, oldest first; an unreadable journal is reported, not fatal. */
export function listBackups(rootDir: string): { journals: Journal[]; problems: string[] } {
  const folder = join(rootDir, backupsFolder);
  if (!existsSync(folder)) return { journals: [], problems: [] };
  const journals: Journal[] = [];
  const problems: string[] = [];
  for (const id of readdirSync(folder).sort()) {
    try {
      journals.push(Journal.parse(JSON.parse(readFileSync(join(folder, id, 'journal.json'), 'utf8'))));
    } catch {
      problems.push(`${join(backupsFolder, id)}: no readable journal (an apply stopped before writing anything)`);
    }
  }
  return { journals, problems };
}
