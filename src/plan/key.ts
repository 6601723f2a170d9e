import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, writeSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { Refusal } from './safety.js';

// A backup set sits inside the repository, where a pull request can plant one. Its journal carries an HMAC keyed
// by a per-user secret that lives outside every repository, so rollback can tell our sets from planted ones.

/** The per-user state folder: $ADO2ENTRA_STATE_DIR, else $XDG_STATE_HOME/ado2entra, else ~/.local/state/ado2entra. */
export function stateDir(): string {
  if (process.env.ADO2ENTRA_STATE_DIR) return process.env.ADO2ENTRA_STATE_DIR;
  if (process.env.XDG_STATE_HOME && isAbsolute(process.env.XDG_STATE_HOME)) return join(process.env.XDG_STATE_HOME, 'ado2entra');
  return join(homedir(), '.local', 'state', 'ado2entra');
}

const keyFile = 'backup-key';
const keyBytes = 32;

/**
 * The key, created on first use when `create` (apply). Null when there is none (rollback on a machine that never
 * applied). Refused when the state folder lies inside the repository: a key the repository holds proves nothing.
 */
export function journalKey(rootReal: string, create: boolean): Buffer | null {
  const dir = stateDir();
  if (create) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new Refusal(`cannot create the folder for the key that signs backup sets, ${dir} (${(err as NodeJS.ErrnoException).code}): set ADO2ENTRA_STATE_DIR to a writable folder outside the repository`);
    }
  }
  let dirReal: string;
  try {
    dirReal = realpathSync(dir);
  } catch {
    return null;
  }
  const rel = relative(rootReal, dirReal);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new Refusal(`the key that signs backup sets would be inside the repository (${dir}): set ADO2ENTRA_STATE_DIR to a folder outside it`);
  }
  const path = join(dirReal, keyFile);
  if (create) {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, randomBytes(keyBytes));
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readKey(path);
}

function readKey(path: string): Buffer | null {
  try {
    if (lstatSync(path).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    const uid = process.getuid?.();
    if (!st.isFile() || st.size !== keyBytes || (uid !== undefined && st.uid !== uid)) return null;
    const key = Buffer.alloc(keyBytes);
    readSync(fd, key, 0, keyBytes, 0);
    return key;
  } finally {
    closeSync(fd);
  }
}

/**
 * The MAC of a journal: every field but `mac`, serialised with sorted keys so field order does not matter, and the
 * real path of the root it was made for, so a set of ours copied into another folder does not verify there.
 */
export function journalMac(key: Buffer, journal: object, rootReal: string): string {
  const { mac: _mac, ...rest } = journal as { mac?: string };
  return createHmac('sha256', key).update(`${JSON.stringify(rootReal)}\n${canonical(rest)}`).digest('hex');
}

export function macMatches(key: Buffer, journal: { mac?: string }, rootReal: string): boolean {
  if (!journal.mac || !/^[0-9a-f]{64}$/.test(journal.mac)) return false;
  return timingSafeEqual(Buffer.from(journalMac(key, journal, rootReal), 'hex'), Buffer.from(journal.mac, 'hex'));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
