import { execFileSync } from 'node:child_process';
import { accessSync, constants, lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/** apply or rollback will not go ahead: a stale file, an unsafe path, a dirty tree. Exit 1; nothing was written. */
export class Refusal extends Error {}

/**
 * The absolute path of a plan's file, refused when it could write outside the root: absolute paths, `..`,
 * `.git/` and our own `.ado2entra/`, a symlinked file, or a folder that resolves (through a symlink) elsewhere.
 */
export function safeTarget(rootReal: string, file: string): string {
  const parts = file.split('/');
  if (file === '' || isAbsolute(file) || /^[a-zA-Z]:/.test(file) || file.includes('\\') || file.includes('\0')) throw new Refusal(`${file}: not a relative path inside the root`);
  if (parts.some((p) => p === '..' || p === '.' || p === '')) throw new Refusal(`${file}: path leaves the root or is not normalized`);
  if (parts.some((p) => p.toLowerCase() === '.git') || parts[0] === '.ado2entra') throw new Refusal(`${file}: refusing to write inside ${parts.includes('.git') ? '.git' : '.ado2entra'}`);
  const target = join(rootReal, ...parts);
  let folder: string;
  try {
    folder = realpathSync(dirname(target));
  } catch {
    throw new Refusal(`${file}: folder does not exist`);
  }
  const rel = relative(rootReal, folder);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Refusal(`${file}: resolves outside the root through a symlink`);
  try {
    if (lstatSync(target).isSymbolicLink()) throw new Refusal(`${file}: is a symlink; edit its target instead`);
  } catch (err) {
    if (err instanceof Refusal) throw err;
  }
  return target;
}

/** Refuses a file we may not write (read-only): changing its mode behind the user's back is not ours to do. */
export function assertWritable(target: string, file: string): void {
  let writable = true;
  try {
    accessSync(target, constants.W_OK);
    writable = (statSync(target).mode & 0o222) !== 0; // root may write anything: honour the mode bits anyway
  } catch {
    writable = false;
  }
  if (!writable) throw new Refusal(`${file}: read-only; make it writable if it should be changed`);
}

/** Tracked files with uncommitted changes, or null outside a git work tree. Untracked files do not count. */
export function dirtyFiles(root: string): string[] | null {
  try {
    const inside = execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (inside !== 'true') return null;
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return status.split('\n').filter(Boolean).map((l) => l.slice(3));
  } catch {
    return null;
  }
}
