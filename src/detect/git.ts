// git obeys the repository's own .git/config, and a repository that arrives with its .git folder (an extracted
// tarball, a CI cache) is as hostile as its files: settings there make even read-only commands run programs.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, realpathSync, statSync } from 'node:fs';
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
 * Files of the git folder that git reads before it answers (any command: HEAD, config; most: the index, packed refs,
 * the shallow list; ls-files: info/exclude), and the loose ref of the branch HEAD names. A repository that arrives with its .git folder can hold a FIFO or a link
 * to a device there: git then waits, or reads /dev/zero, until the time limit (two minutes; twelve for apply's status).
 */
const gitFolderFiles = ['HEAD', 'config', 'index', 'packed-refs', 'commondir', 'shallow', 'info/exclude', 'info/attributes', 'info/sparse-checkout', 'objects/info/alternates'];

/**
 * Why git would wait on the repository at `cwd` (null: nothing found): a FIFO, device or socket among the git folder's
 * files, or as the `.git` file of a worktree. Every git command then fails at once, and each caller fails closed as on
 * a timeout (the listing walks the folder, apply refuses). Where the environment names the repository (GIT_DIR), that
 * is the folder checked.
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
    // a worktree or submodule: "gitdir: PATH", its git folder
    const read = readTextFile(marker, 64 * 1024, false);
    const target = read.kind === 'text' ? /^gitdir: (.+)$/m.exec(read.text)?.[1]?.trim() : undefined;
    return target ? folderProblem(isAbsolute(target) ? target : resolvePath(dir, target)) : null;
  }
}

function folderProblem(folder: string): string | null {
  // a linked worktree's refs and config are in the main repository's folder, which `commondir` names
  const common = readTextFile(join(folder, 'commondir'), 64 * 1024, true);
  const main = common.kind === 'text' && common.text.trim() ? resolvePath(folder, common.text.trim()) : folder;
  // the branch HEAD names is read too (git log, git status): a loose ref file, here or in the main folder
  const head = readTextFile(join(folder, 'HEAD'), 64 * 1024, true);
  const branch = head.kind === 'text' ? /^ref: (refs\/\S+)/.exec(head.text)?.[1] : undefined;
  const files = [...gitFolderFiles, ...(branch ? [branch] : [])];
  const folders = main === folder ? [folder] : [folder, main];
  for (const at of folders) {
    for (const name of files) {
      const why = odd(join(at, name));
      if (why) return why;
    }
  }
  return null;
}

/** Why git reading `path` (through links, as git does) would wait or read for ever; null for a file or nothing there. */
function odd(path: string): string | null {
  try {
    const st = statSync(path);
    if (st.isFIFO() || st.isCharacterDevice() || st.isBlockDevice() || st.isSocket()) return `${path} is a FIFO, device or socket, not a file: git would wait on it`;
  } catch {
    // missing, a loop, no permission: git says so itself, at once
  }
  return null;
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
