import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gitArgs, gitArgsWithoutFilters, gitEnv, gitFolderProblem, gitLimits, gitSync, onceForGitFolders } from '../detect/git.js';

/** apply or rollback will not go ahead: a stale file, an unsafe path, a dirty tree. Exit 1; nothing was written. */
export class Refusal extends Error {}

/** Where a plan's file is written: its absolute path and the real path of its folder, checked again before each rename. */
export interface Target {
  path: string;
  folder: string;
}

/**
 * The absolute path of a plan's file, refused when it could write outside the root or into git's hands: absolute
 * paths, `..`, `.git` and our own `.ado2entra/`, a symlink anywhere on the path (a committed `cfg -> .git` makes
 * `cfg/config` git's config), a git directory however it is reached (the repository's, a gitfile's target, a bare
 * repository in the tree), and a symlinked or special file.
 */
export function safeTarget(rootReal: string, file: string, gitDirs: ReadonlySet<string> = gitDirsOf(rootReal)): Target {
  const parts = file.split('/');
  if (file === '' || isAbsolute(file) || /^[a-zA-Z]:/.test(file) || file.includes('\\') || file.includes('\0')) throw new Refusal(`${file}: not a relative path inside the root`);
  if (parts.some((p) => /^[. ]*$/.test(p))) throw new Refusal(`${file}: path leaves the root or is not normalized`);
  if (parts.some((p) => asFilesystemsRead(p) === '.git' || /^git~[0-9]+$/.test(asFilesystemsRead(p)))) throw new Refusal(`${file}: refusing to write inside .git`);
  if (asFilesystemsRead(parts[0]!) === '.ado2entra') throw new Refusal(`${file}: refusing to write inside .ado2entra`);
  if (inGitDir(rootReal, gitDirs) || looksLikeGitDir(rootReal)) throw new Refusal(`${file}: the root ${rootReal} is inside a git directory`);
  const known = new Set(gitDirs);
  let folder = rootReal;
  for (const [i, part] of parts.slice(0, -1).entries()) {
    const shown = parts.slice(0, i + 1).join('/');
    folder = join(folder, part);
    let st;
    try {
      st = lstatSync(folder);
    } catch {
      throw new Refusal(`${file}: folder ${shown} does not exist`);
    }
    if (st.isSymbolicLink()) throw new Refusal(`${file}: ${shown} is a symlink (${symlinkWhere(rootReal, folder, gitDirs)}); refusing to write through it`);
    if (!st.isDirectory()) throw new Refusal(`${file}: ${shown} is not a folder`);
    if (inGitDir(folder, known) || looksLikeGitDir(folder)) throw new Refusal(`${file}: refusing to write inside a git directory (${shown})`);
    for (const dir of gitfileTargets(folder)) known.add(dir); // a submodule's or worktree's own git directory
  }
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    throw new Refusal(`${file}: folder does not exist`);
  }
  if (real !== folder) throw new Refusal(`${file}: resolves outside the root through a symlink`);
  const path = join(folder, parts.at(-1)!);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return { path, folder };
  }
  if (st.isSymbolicLink()) throw new Refusal(`${file}: is a symlink; edit its target instead`);
  if (!st.isFile()) throw new Refusal(`${file}: not a regular file`);
  return { path, folder };
}

/**
 * A name as case-insensitive file systems read it, the way git guards `.git`: HFS+ ignores some Unicode (zero-width
 * joiners, direction marks, BOM); NTFS drops trailing dots and spaces and an `::$STREAM` suffix. A plan written on
 * Linux can be applied on a Mac or a PC, where `sub/.git.` is the submodule's gitfile.
 */
function asFilesystemsRead(name: string): string {
  return name.replace(/[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g, '').replace(/:.*$/, '').replace(/[. ]+$/, '').toLowerCase();
}

function symlinkWhere(rootReal: string, link: string, gitDirs: ReadonlySet<string>): string {
  let to: string;
  try {
    to = realpathSync(link);
  } catch {
    return 'broken';
  }
  if (inGitDir(to, gitDirs) || looksLikeGitDir(to)) return 'into a git directory';
  const rel = relative(rootReal, to);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? 'it resolves outside the root through a symlink' : `to ${rel.split(sep).join('/') || '.'}`;
}

/**
 * Every git directory that governs the root, by real path: what git itself reports (`--absolute-git-dir`,
 * `--git-common-dir`, so worktrees and submodules count) and the targets of `.git` entries from the root up.
 */
export function gitDirsOf(rootReal: string): Set<string> {
  const dirs = new Set<string>();
  const add = (p: string) => {
    try {
      dirs.add(realpathSync(p));
    } catch {
      // not there
    }
  };
  const found = gitSync(rootReal, 'rev-parse', '--absolute-git-dir', '--git-common-dir')?.toString('utf8') ?? '';
  for (const line of found.split('\n').filter(Boolean)) add(resolve(rootReal, line));
  for (let dir = rootReal; ; dir = dirname(dir)) {
    for (const target of gitfileTargets(dir)) dirs.add(target);
    if (dirname(dir) === dir) break;
  }
  return dirs;
}

/** The real path a folder's `.git` entry leads to: the folder itself, or a gitfile's `gitdir:` target. */
function gitfileTargets(dir: string): string[] {
  const dotGit = join(dir, '.git');
  let st;
  try {
    st = lstatSync(dotGit);
  } catch {
    return [];
  }
  try {
    if (st.isDirectory()) return [realpathSync(dotGit)];
    if (st.isFile()) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8').slice(0, 4096));
      return m ? [realpathSync(resolve(dir, m[1]!))] : [];
    }
  } catch {
    // a gitfile pointing nowhere governs nothing
  }
  return [];
}

function inGitDir(path: string, gitDirs: ReadonlySet<string>): boolean {
  for (const dir of gitDirs) if (path === dir || path.startsWith(dir + sep)) return true;
  return false;
}

/** A bare repository or a `.git` folder under another name: git would read its `config`. */
function looksLikeGitDir(dir: string): boolean {
  try {
    return statSync(join(dir, 'HEAD')).isFile() && statSync(join(dir, 'objects')).isDirectory() && statSync(join(dir, 'refs')).isDirectory();
  } catch {
    return false;
  }
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

/**
 * Tracked files with uncommitted changes; null when the root is in no git repository. Fails closed: when there is a
 * repository (a `.git` from the root up) and git cannot answer (dubious ownership, a broken repository, git missing),
 * the refusal carries git's own message.
 */
export function dirtyFiles(root: string): string[] | null {
  // its own look at the git folder and the one gitArgsWithoutFilters makes are one
  return onceForGitFolders(() => dirtyFilesNow(root));
}

function dirtyFilesNow(root: string): string[] | null {
  const git = (args: string[]) => spawnSync('git', gitArgs(...args), { cwd: root, env: gitEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, timeout: gitLimits.timeoutMs });
  const expected = hasGitMarker(root);
  const problem = gitFolderProblem(root);
  if (problem) throw gitRefusal(problem);
  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (inside.error) {
    if (!expected) return null;
    throw new Refusal(`cannot check the git work tree for uncommitted changes: git did not run (${(inside.error as NodeJS.ErrnoException).code ?? inside.error.message}); pass --allow-dirty to apply anyway`);
  }
  if (inside.status !== 0) {
    if (!expected && /not a git repository/i.test(inside.stderr)) return null;
    throw gitRefusal(inside.stderr);
  }
  if (inside.stdout.trim() !== 'true') throw new Refusal('the root is inside a git directory, not a work tree');
  // the repository's filter drivers would run on every file whose stat data changed; submodules bring their own config
  const statusArgs = gitArgsWithoutFilters(root, 'status', '--porcelain', '--untracked-files=no', '--ignore-submodules=all');
  if (!statusArgs) throw gitRefusal('its config could not be read in time, or names a filter driver with "=" (which could not be turned off)');
  const status = spawnSync('git', statusArgs, { cwd: root, env: gitEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, timeout: gitLimits.timeoutMs * 6 });
  if (status.error || status.status !== 0) throw gitRefusal(status.stderr || String(status.error));
  return status.stdout.split('\n').filter(Boolean).map((l) => l.slice(3));
}

function gitRefusal(stderr: string): Refusal {
  return new Refusal(`cannot check the git work tree for uncommitted changes; git said: ${visible(stderr.trim() || 'nothing')}; pass --allow-dirty to apply anyway`);
}

function hasGitMarker(root: string): boolean {
  if (process.env.GIT_DIR) return true;
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** Text from outside (git's messages, which quote paths) made safe for a terminal or a CI log: one line, controls shown. */
export function visible(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/##vso\[/gi, '##vso\\[')
    .replace(/(^|\s)::/g, '$1:\\:');
}
