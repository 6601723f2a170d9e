// git obeys the repository's own .git/config, and a repository that arrives with its .git folder (an extracted
// tarball, a CI cache) is as hostile as its files: settings there make even read-only commands run programs.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { readTextFile } from './read.js';

/** Overrides that keep every git command ado2entra runs from running a program the repository names. */
const overrides = [
  '-c', 'core.fsmonitor=false', // a hook program on ls-files and status
  '-c', 'log.showSignature=false', // gpg.program on log
  '-c', 'log.mailmap=false', // git log reads .mailmap and mailmap.file (a FIFO waits for ever, /dev/zero fills the memory)
];

/**
 * How long a git command may run. The repository's config can make git wait forever (an `include.path`, an excludes
 * file or a .gitignore that is a FIFO): past this, the command counts as failed and each caller fails closed (the
 * listing walks the folder instead, apply refuses). Generous, because the cold listing of a monorepo of a million
 * files on a CI runner takes tens of seconds and must not be cut short; all that matters is that it ends.
 * `git status` gets six times as long. `sparingMs`: a command whose answer only spares work (git diff-files, whose
 * word spares the listing a look of its own at most files) gives up sooner, as that look takes about as long as the
 * command in a healthy repository: a `.gitattributes` that is a FIFO makes it wait on the first racily clean file, and
 * its repository's config query too on an include that is one. Tests lower both.
 */
export const gitLimits = { timeoutMs: 120_000, sparingMs: 10_000 };

/** The arguments of a git command, with the repository's program-running settings turned off. */
export function gitArgs(...args: string[]): string[] {
  return [...overrides, ...args];
}

/**
 * The environment of every git command. A partial clone fetches an object it left out when a command needs one (git
 * diff-files hashing a racily clean link, git status, git log), and its config names the program that fetch runs
 * (`remote.<name>.uploadpack`, `core.sshCommand`, an `ext::` URL it allows): no transport is allowed here ("/" names
 * none), and git 2.45 and later do not even try. The commands ado2entra runs never need the network. Nor do they
 * write: git status wrote back the index it refreshed (an "optional lock").
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_ALLOW_PROTOCOL: '/', GIT_NO_LAZY_FETCH: '1', GIT_OPTIONAL_LOCKS: '0' };
}

const runOptions = { stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024, windowsHide: true };

/** A git command in `cwd` with `gitArgs`, within the time limit: its output, or null when it failed or ran too long. */
export function gitSync(cwd: string, ...args: string[]): Buffer | null {
  return runSync(cwd, gitArgs(...args));
}

/** `gitSync` as a child process that runs while this thread goes on. */
export function gitAsync(cwd: string, ...args: string[]): Promise<Buffer | null> {
  return runAsync(cwd, gitArgs(...args));
}

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
  if (named) return folderProblem(resolvePath(cwd, named));
  let real;
  try {
    real = realpathSync(cwd); // git looks up from the real folder, as getcwd() names it
  } catch {
    return null;
  }
  for (let dir = real; ; dir = dirname(dir)) {
    const marker = join(dir, '.git');
    let st;
    try {
      st = lstatSync(marker);
    } catch {
      if (dirname(dir) === dir) return null;
      continue;
    }
    if (st.isDirectory()) return folderProblem(marker);
    if (st.isSymbolicLink()) return odd(marker) ?? folderProblem(marker);
    if (!st.isFile()) return `${marker} is not a regular file`;
    // a worktree or submodule: "gitdir: PATH", its git folder (git fails at once on any other content)
    const read = readTextFile(marker, 64 * 1024, false);
    if (read.kind !== 'text' || !read.text.startsWith('gitdir: ')) return null;
    const target = gitPath(read.text.slice('gitdir: '.length), dir);
    return typeof target === 'string' ? folderProblem(target) : target.problem;
  }
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
 * (status ignores them) and of the other worktrees. A real repository holds many files there.
 */
const unread = new Set(['logs', 'hooks', 'modules', 'worktrees']);

/** Files looked at per git folder, at most: past it git is not run (`git gc` packs loose objects, the usual bulk). */
export const gitFolderLimits = { entries: 250_000 };

function folderProblem(folder: string): string | null {
  // a linked worktree's refs, objects and config are in the main repository's folder, which `commondir` names
  const commondir = join(folder, 'commondir');
  const opened = odd(commondir); // never opened when it is a device: opening one can do something
  if (opened) return opened;
  const common = readTextFile(commondir, 64 * 1024, true);
  const main = common.kind === 'text' ? gitPath(common.text, folder) : folder;
  if (typeof main !== 'string') return main.problem;
  const walk = { seen: new Set<string>(), left: gitFolderLimits.entries };
  for (const at of main === folder ? [folder] : [folder, main]) {
    const why = odd(at) ?? treeProblem(at, walk, unread) ?? alternatesProblem(join(at, 'objects'), walk, 0);
    if (why) return why;
  }
  return null;
}

type Walk = { seen: Set<string>; left: number };

/** The first FIFO or device under `dir` (through links, as git reads them, each linked folder once), leaving out the top-level `skip` folders. */
function treeProblem(dir: string, walk: Walk, skip?: ReadonlySet<string>): string | null {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null; // not a folder, or not readable: git says so itself, at once
  }
  walk.left -= entries.length;
  if (walk.left < 0) return `${dir}: more than ${gitFolderLimits.entries} files in the git folder to look at (run git gc); git is not run`;
  for (const entry of entries) {
    if (skip?.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice()) return waits(path);
    if (entry.isSymbolicLink()) {
      const why = odd(path);
      if (why) return why;
      if (!linkedFolderNew(path, walk)) continue;
    } else if (!entry.isDirectory()) continue;
    const inner = treeProblem(path, walk);
    if (inner) return inner;
  }
  return null;
}

/** Whether the folder a link names is one the walk has not entered through a link before (a loop ends there). */
function linkedFolderNew(path: string, walk: Walk): boolean {
  let real;
  try {
    real = realpathSync(path);
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
    const why = odd(at) ?? treeProblem(at, walk) ?? alternatesProblem(at, walk, depth + 1);
    if (why) return why;
  }
  return null;
}

/**
 * Why git reading `path` (through links, as git does) would wait or read for ever; null for a file, a folder or nothing
 * there. A socket is no problem: opening one fails at once (git's fsmonitor daemon keeps one in the git folder).
 */
function odd(path: string): string | null {
  try {
    const st = statSync(path);
    if (st.isFIFO() || st.isCharacterDevice() || st.isBlockDevice()) return waits(path);
  } catch {
    // missing, a loop, no permission: git says so itself, at once
  }
  return null;
}

function waits(path: string): string {
  return `${path} is a FIFO or a device, not a file: git would wait on it`;
}

/** `quiet`: a word on stderr fails the command too (git diff-files says only there that it could not lstat a file). */
function runSync(cwd: string, args: string[], quiet = false, timeout = gitLimits.timeoutMs): Buffer | null {
  if (gitFolderProblem(cwd)) return null;
  try {
    if (!quiet) return execFileSync('git', args, { ...runOptions, cwd, env: gitEnv(), timeout });
    const r = spawnSync('git', args, { ...runOptions, stdio: ['ignore', 'pipe', 'pipe'], cwd, env: gitEnv(), timeout });
    return r.error || r.status !== 0 || r.stderr.length > 0 ? null : r.stdout;
  } catch {
    return null;
  }
}

function runAsync(cwd: string, args: string[], quiet = false, timeout = gitLimits.timeoutMs): Promise<Buffer | null> {
  if (gitFolderProblem(cwd)) return Promise.resolve(null);
  return new Promise((resolve) => {
    try {
      const options = { ...runOptions, stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'ignore'], cwd, env: gitEnv(), encoding: 'buffer' as const, timeout };
      execFile('git', args, options, (err, stdout, stderr) => resolve(err || (quiet && stderr.length > 0) ? null : stdout));
    } catch {
      resolve(null);
    }
  });
}

/**
 * `gitSync` for a command that may read file content through the repository's filters (`gitArgsWithoutFilters`);
 * null also when it wrote anything on stderr (git diff-files leaves out, and names only there, a file whose `lstat`
 * failed: a path too long for it, a folder it may not enter).
 */
export function gitSyncWithoutFilters(cwd: string, ...args: string[]): Buffer | null {
  const within = Math.min(gitLimits.sparingMs, gitLimits.timeoutMs);
  const full = withoutFiltersWithin(cwd, within, args);
  return full && runSync(cwd, full, true, within);
}

/** `gitSyncWithoutFilters` as a child process that runs while this thread goes on (the filter drivers are asked for first: ~3 ms). */
export function gitAsyncWithoutFilters(cwd: string, ...args: string[]): Promise<Buffer | null> {
  const within = Math.min(gitLimits.sparingMs, gitLimits.timeoutMs);
  const full = withoutFiltersWithin(cwd, within, args);
  return full ? runAsync(cwd, full, true, within) : Promise.resolve(null);
}

/**
 * `gitArgs` for commands that read file content through the repository's filters (`git status` hashes a file whose
 * stat data changed): every filter driver its config defines gets no program. A driver marked `required` then fails
 * the command, and the caller fails closed.
 */
export function gitArgsWithoutFilters(cwd: string, ...args: string[]): string[] | null {
  return withoutFiltersWithin(cwd, gitLimits.timeoutMs, args);
}

function withoutFiltersWithin(cwd: string, timeout: number, args: readonly string[]): string[] | null {
  if (gitFolderProblem(cwd)) return null;
  const r = spawnSync('git', gitArgs(...filterDriversArgs), { cwd, env: gitEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout });
  // no answer (timed out, failed): the status that follows fails too, or has no filter to run
  if (r.error) return null;
  return withoutFilters(r.stdout ?? '', args);
}

// exit 1 (no filter defined) is an answer: the empty list
const filterDriversArgs = ['config', '--name-only', '-z', '--get-regexp', '^filter\\.'];

/** `args` with every filter driver named in `git config --name-only -z` output given no program; null when one cannot be. */
function withoutFilters(configNames: string, args: readonly string[]): string[] | null {
  const drivers = new Set(configNames.split('\0').map((k) => /^filter\.(.*)\.[^.]+$/s.exec(k)?.[1]).filter((d): d is string => d !== undefined));
  // `-c` splits at the first `=`: a driver named with one cannot be overridden
  if ([...drivers].some((d) => d.includes('='))) return null;
  return gitArgs(...[...drivers].flatMap((d) => ['-c', `filter.${d}.clean=`, '-c', `filter.${d}.smudge=`, '-c', `filter.${d}.process=`]), ...args);
}
