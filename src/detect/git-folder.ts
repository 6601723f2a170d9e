// What a repository's git folder holds that would make git wait: git is not run on such a repository (each caller
// fails closed as on a timeout), so a hostile .git costs nothing instead of git's time limit.
import { type Dirent, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { configValues } from './git-config.js';
import { readTextFile } from './read.js';

/**
 * Why git would wait on the repository at `cwd` (null: nothing found): a FIFO or a device anywhere in its git folder
 * (or as the `.git` file of a worktree). A repository that arrives with its .git folder can hold one, and git then
 * waits, or reads /dev/zero, until the time limit (two minutes; twelve for apply's status). Which files git reads
 * depends on the command and the repository's state (HEAD, config, config.worktree, the index and a split index's
 * shared index, refs, symbolic refs in chains, replace refs, grafts, loose objects, packs, the commit-graph, rebase and
 * bisect state, alternates of alternates), so no list of names holds: every file is looked at. Every git command then
 * fails at once, and each caller fails closed as on a timeout (the listing walks the folder, apply refuses). Where the
 * environment names the repository (GIT_DIR), that is the folder checked.
 */
export function gitFolderProblem(cwd: string): string | null {
  const named = process.env.GIT_DIR;
  if (named) return folderProblem(resolvePath(cwd, named), cwd);
  let real;
  try {
    real = realpathSync(cwd); // git looks up from the real folder, as getcwd() names it
  } catch {
    return null;
  }
  // git's discovery, from the folder up: `.git` (a gitfile, or a folder git accepts as its git folder), else the folder
  // itself as a bare repository; a `.git` folder git does not accept sends it further up, to another repository
  for (let dir = real; ; dir = dirname(dir)) {
    const marker = join(dir, '.git');
    let st;
    try {
      st = statSync(marker); // through a link, as git reads it
    } catch {
      st = null;
    }
    if (st?.isFile()) {
      // a worktree or submodule: "gitdir: PATH", its git folder (git fails at once on any other content)
      const read = readTextFile(marker, 64 * 1024, true);
      if (read.kind !== 'text' || !read.text.startsWith('gitdir: ')) return null;
      const target = gitPath(read.text.slice('gitdir: '.length), dir);
      return typeof target === 'string' ? folderProblem(target, dir) : target.problem;
    }
    if (st && !st.isDirectory()) return `${marker} is not a regular file`;
    const found = (st ? gitFolderAt(marker, dir) : undefined) ?? gitFolderAt(dir, dir);
    if (found !== undefined) return found;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * What git makes of `folder` as a git folder (its is_git_directory: objects/ and refs/ there, and a HEAD it accepts):
 * undefined when it is none and git looks further up, else the problem found in it (reading HEAD is the first wait)
 * or null.
 */
function gitFolderAt(folder: string, top: string): string | null | undefined {
  const isFolder = (name: string) => {
    try {
      return statSync(join(folder, name)).isDirectory();
    } catch {
      return false;
    }
  };
  if (!isFolder('objects') || !isFolder('refs')) return undefined;
  const head = join(folder, 'HEAD');
  const waits = odd(head);
  if (waits) return waits;
  return validHead(head) ? folderProblem(folder, top) : undefined;
}

/** git's validate_headref: a link into refs/, or `ref: refs/…`, or an object id. */
function validHead(head: string): boolean {
  try {
    if (lstatSync(head).isSymbolicLink()) return readlinkSync(head).startsWith('refs/');
  } catch {
    return false;
  }
  const read = readTextFile(head, 64 * 1024, false);
  return read.kind === 'text' && /^(ref:\s*refs\/|[0-9a-f]{40})/.test(read.text);
}

/**
 * The folder a path in one of git's own files names (a `.git` file's `gitdir: `, `commondir`), as git takes it: all of
 * the text but the line ends it ends with (spaces included), relative to `base`, resolved by the kernel (a `..` after a
 * link leaves the link's target). Null problem: nothing there, and git fails at once.
 */
function gitPath(text: string, base: string): string | { problem: string | null } {
  const path = text.replace(/[\r\n]+$/, '');
  if (path.includes('\uFFFD')) return { problem: `${base}: a git folder named in bytes that are not UTF-8; git is not run` };
  try {
    return realpathSync.native(isAbsolute(path) ? path : `${base}/${path}`);
  } catch {
    return { problem: null };
  }
}

/**
 * Folders of a git folder that none of our commands reads: reflogs, hooks (never run), the git folders of submodules
 * (status ignores them) and of the other worktrees, and what tools keep there for themselves (Git LFS and git-annex
 * objects, whose filters are turned off; git-svn's maps). A real repository holds many files, some huge, there.
 */
const unread = new Set(['logs', 'hooks', 'modules', 'worktrees', 'lfs', 'annex', 'svn']);

/** Files looked at per git folder, at most: past it git is not run (`git gc` packs loose objects, the usual bulk). */
export const gitFolderLimits = { entries: 250_000 };

/** `top`: the folder git takes relative paths in its config from (the work tree's, where `.git` is). */
function folderProblem(folder: string, top: string): string | null {
  // a linked worktree's refs, objects and config are in the main repository's folder, which `commondir` names
  const commondir = join(folder, 'commondir');
  const opened = odd(commondir); // never opened when it is a device: opening one can do something
  if (opened) return opened;
  const common = readTextFile(commondir, 64 * 1024, true);
  const main = common.kind === 'text' ? gitPath(common.text, folder) : folder;
  if (typeof main !== 'string') return main.problem;
  const walk = { seen: new Set<string>(), left: gitFolderLimits.entries };
  for (const at of main === folder ? [folder] : [folder, main]) {
    const why = odd(at) ?? treeProblem(at, walk, unread, '') ?? alternatesProblem(join(at, 'objects'), walk, 0);
    if (why) return why;
  }
  for (const config of [join(main, 'config'), join(folder, 'config.worktree')]) {
    const why = configProblem(config, top, 0);
    if (why) return why;
  }
  return null;
}

/** Config keys whose value names a file git opens: include and includeIf paths, core.excludesFile, core.attributesFile. */
const fileKeys = new Set(['path', 'excludesfile', 'attributesfile']);

/**
 * A FIFO or device that a git config names (or a config it includes, ten deep as git goes): git waits on it when it
 * loads the config (includes) or lists and compares files (the excludes and attributes files). Any section's `path`
 * counts: a submodule's path there is a folder, no problem.
 */
function configProblem(config: string, top: string, depth: number): string | null {
  if (depth > 10) return null;
  // the walk refused a FIFO or device named `config`; an include is looked at before it is read
  const read = readTextFile(config, 4 * 1024 * 1024, true);
  if (read.kind !== 'text') return null;
  for (const [key, value] of configValues(read.text, (k) => fileKeys.has(k))) {
    if (value.includes('\uFFFD')) return `${config}: a file named in bytes that are not UTF-8; git is not run`;
    const path = configPath(value, key === 'path' ? dirname(config) : top);
    if (!path) continue;
    const why = odd(path) ?? hugeProblem(path) ?? (key === 'path' ? configProblem(path, top, depth + 1) : null);
    if (why) return `${why} (named in ${config})`;
  }
  return null;
}

/** A path in a git config as git opens it: `~/` is the home folder, a relative one is taken from `base`. */
function configPath(value: string, base: string): string | null {
  if (!value || value.startsWith('%(prefix)/') || /^~[^/]/.test(value)) return null;
  if (value === '~' || value.startsWith('~/')) return homedir() + value.slice(1);
  return isAbsolute(value) ? value : `${base}/${value}`;
}

type Walk = { seen: Set<string>; left: number };

/**
 * The first FIFO or device under `dir` (through links, as git reads them, each linked folder once), leaving out the
 * top-level `skip` folders; a huge sparse file too where `sized` names the folder's path in the git folder (null: not
 * looked at, as in packs and loose objects).
 */
function treeProblem(dir: string | Buffer, walk: Walk, skip?: ReadonlySet<string>, sized: string | null = null): string | null {
  let entries: (Dirent | Dirent<Buffer>)[];
  try {
    entries = typeof dir === 'string' ? readdirSync(dir, { withFileTypes: true }) : [];
    // a name in bytes that are not UTF-8 (git allows them in refs) is read as bytes: its string names no file
    if (typeof dir !== 'string' || entries.some((e) => (e.name as string).includes('\uFFFD'))) entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch {
    return null; // not a folder, or not readable: git says so itself, at once
  }
  walk.left -= entries.length;
  if (walk.left < 0) return `${dir.toString()}: more than ${gitFolderLimits.entries} files in the git folder to look at (run git gc); git is not run`;
  for (const entry of entries) {
    const name = entry.name;
    if (typeof name === 'string' && skip?.has(name)) continue;
    // the bulk (loose objects, packs): a plain file where no size is looked at needs not even its path
    if (sized === null && entry.isFile()) continue;
    const path = typeof name === 'string' && typeof dir === 'string' ? join(dir, name) : Buffer.concat([Buffer.from(dir), Buffer.from('/'), Buffer.from(name)]);
    if (entry.isFIFO() || entry.isBlockDevice() || (entry.isCharacterDevice() && odd(path))) return waits(path);
    if (entry.isSymbolicLink()) {
      const why = odd(path);
      if (why) return why;
      if (!linkedFolderNew(path, walk)) continue;
    } else if (!entry.isDirectory()) {
      const why = sized === null ? null : hugeProblem(path);
      if (why) return why;
      continue;
    }
    // packs and loose objects are big by right (and git reads only what it needs of them); objects/info is read whole
    const inner = treeProblem(path, walk, undefined, sized === null || (sized === 'objects' && name !== 'info') ? null : `${sized}${sized ? '/' : ''}${name.toString()}`);
    if (inner) return inner;
  }
  return null;
}

/**
 * A file git reads through (packed refs, the index, refs) that would keep it busy for minutes: a tarball carries a
 * sparse file of terabytes in a few blocks, and git log parsed 8 GB of packed refs for over 20 s. Real ones are written
 * out in full, and no git metadata outside the objects comes near these sizes.
 */
function hugeProblem(path: string | Buffer): string | null {
  try {
    const st = statSync(path);
    const sparse = st.size > 2 ** 31 && st.blocks * 512 < st.size / 8;
    if (sparse || st.size > 2 ** 36) return `${path.toString()} is a ${sparse ? 'sparse ' : ''}file of ${(st.size / 2 ** 30).toFixed(0)} GB: git would read it for minutes`;
  } catch {
    // vanished: git says so itself, at once
  }
  return null;
}

/** Whether the folder a link names is one the walk has not entered through a link before (a loop ends there). */
function linkedFolderNew(path: string | Buffer, walk: Walk): boolean {
  let real;
  try {
    real = realpathSync(path, { encoding: 'buffer' }).toString('latin1');
  } catch {
    return false;
  }
  if (walk.seen.has(real)) return false;
  walk.seen.add(real);
  return true;
}

/** The object folders `objects/info/alternates` names, and theirs (git follows five levels), looked at like the git folder. */
function alternatesProblem(objects: string, walk: Walk, depth: number): string | null {
  if (depth > 5) return null;
  const read = readTextFile(join(objects, 'info', 'alternates'), 1024 * 1024, true);
  if (read.kind !== 'text') return null;
  let base;
  try {
    base = realpathSync.native(objects); // git's base for a relative entry, which it then normalizes as text
  } catch {
    return null;
  }
  for (const line of read.text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    // git takes the line as it is (no trimming), or C-quoted: an escape in the quotes is not worth reading here
    if (line.includes('\uFFFD') || (line.startsWith('"') && line.includes('\\'))) return `${objects}/info/alternates: an entry git would read otherwise than ado2entra; git is not run`;
    const close = line.startsWith('"') ? line.indexOf('"', 1) : -1;
    const at = resolvePath(base, close > 0 ? line.slice(1, close) : line);
    const why = odd(at) ?? treeProblem(at, walk, undefined, 'objects') ?? alternatesProblem(at, walk, depth + 1);
    if (why) return why;
  }
  return null;
}

/**
 * Why git reading `path` (through links, as git does) would wait or read for ever; null for a file, a folder, /dev/null
 * or nothing there. A socket is no problem: opening one fails at once (git's fsmonitor daemon keeps one in the git folder).
 */
function odd(path: string | Buffer): string | null {
  try {
    const st = statSync(path);
    if (st.isFIFO() || st.isBlockDevice() || (st.isCharacterDevice() && st.rdev !== devNull())) return waits(path);
  } catch {
    // missing, a loop, no permission: git says so itself, at once
  }
  return null;
}

/** /dev/null's device number: a link to it reads as an empty file (a user's way to blank a file git reads), no wait. */
function devNull(): number | null {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return null;
  }
}

function waits(path: string | Buffer): string {
  return `${path.toString()} is a FIFO or a device, not a file: git would wait on it`;
}

