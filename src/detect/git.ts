// git obeys the repository's own .git/config, and a repository that arrives with its .git folder (an extracted
// tarball, a CI cache) is as hostile as its files: settings there make even read-only commands run programs.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { gitFolderProblem as folderProblemNow } from './git-folder.js';

export { gitFolderLimits } from './git-folder.js';

/** Each folder's answer while a scan runs (`onceForGitFolders`), else null: every git command looks again. */
let looked: Map<string, string | null> | null = null;

/**
 * Runs `work` (a scan) with the git folder of each place git runs looked at once, not before each of its git commands:
 * the look reads every folder of it (5–15 ms for this repository's own clone, 2,300 entries; more where many objects
 * are loose), and a scan runs seven git commands in one repository.
 */
export function onceForGitFolders<T>(work: () => T): T {
  const outer = looked;
  looked ??= new Map();
  try {
    return work();
  } finally {
    looked = outer;
  }
}

/** `onceForGitFolders` for work that waits (another scan of the same process may run meanwhile, and share the answers). */
export async function onceForGitFoldersAsync<T>(work: () => Promise<T>): Promise<T> {
  const outer = looked;
  const mine = (looked ??= new Map());
  try {
    return await work();
  } finally {
    if (looked === mine) looked = outer;
  }
}

/**
 * Why git must not run in `cwd` (null: it may): a FIFO or device where git would wait (see git-folder.ts), looked at
 * once per folder inside `onceForGitFolders`. Every public command here asks it once before it runs anything.
 */
export function gitFolderProblem(cwd: string): string | null {
  if (!looked) return folderProblemNow(cwd);
  if (!looked.has(cwd)) looked.set(cwd, folderProblemNow(cwd));
  return looked.get(cwd)!;
}

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
  return gitFolderProblem(cwd) ? null : runSync(cwd, gitArgs(...args));
}

/** `gitSync` as a child process that runs while this thread goes on. */
export function gitAsync(cwd: string, ...args: string[]): Promise<Buffer | null> {
  return gitFolderProblem(cwd) ? Promise.resolve(null) : runAsync(cwd, gitArgs(...args));
}

/** `quiet`: a word on stderr fails the command too (git diff-files says only there that it could not lstat a file). */
function runSync(cwd: string, args: string[], quiet = false, timeout = gitLimits.timeoutMs): Buffer | null {
  try {
    if (!quiet) return execFileSync('git', args, { ...runOptions, cwd, env: gitEnv(), timeout });
    const r = spawnSync('git', args, { ...runOptions, stdio: ['ignore', 'pipe', 'pipe'], cwd, env: gitEnv(), timeout });
    return r.error || r.status !== 0 || r.stderr.length > 0 ? null : r.stdout;
  } catch {
    return null;
  }
}

function runAsync(cwd: string, args: string[], quiet = false, timeout = gitLimits.timeoutMs): Promise<Buffer | null> {
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
  if (gitFolderProblem(cwd)) return null;
  const within = Math.min(gitLimits.sparingMs, gitLimits.timeoutMs);
  const full = withoutFiltersWithin(cwd, within, args);
  return full && runSync(cwd, full, true, within);
}

/** `gitSyncWithoutFilters` as a child process that runs while this thread goes on (the filter drivers are asked for first: ~3 ms). */
export function gitAsyncWithoutFilters(cwd: string, ...args: string[]): Promise<Buffer | null> {
  if (gitFolderProblem(cwd)) return Promise.resolve(null);
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
  return gitFolderProblem(cwd) ? null : withoutFiltersWithin(cwd, gitLimits.timeoutMs, args);
}

/** The filter-driver query and the arguments it makes; the caller has looked at the git folder. */
function withoutFiltersWithin(cwd: string, timeout: number, args: readonly string[]): string[] | null {
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
