// Which repository, commit and branch a scanned folder belongs to: what lets rollup merge the results of many CI jobs.
import type { Repository } from '../model/scan.js';
import { gitAsync, gitSync } from './git.js';

type Git = (...args: string[]) => string | null;

/** The git identity of `dir`, or null outside a work tree (or without git). */
export function repositoryOf(dir: string, env: NodeJS.ProcessEnv = process.env): Repository | null {
  const git: Git = (...args) => gitSync(dir, ...args)?.toString('utf8') ?? null;
  return identity(git('rev-parse', '--show-prefix', '--symbolic-full-name', 'HEAD'), () => git('rev-parse', '--show-prefix'), git('log', '-1', '--format=%H%n%cI'), git(...remotesArgs), env);
}

/** `repositoryOf` with its git calls run at once, while the caller goes on (the CLI's scan). */
export async function repositoryOfAsync(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Repository | null> {
  const git = async (...args: string[]) => (await gitAsync(dir, ...args))?.toString('utf8') ?? null;
  const [head, log, remotes] = await Promise.all([git('rev-parse', '--show-prefix', '--symbolic-full-name', 'HEAD'), git('log', '-1', '--format=%H%n%cI'), git(...remotesArgs)]);
  const unborn = head === null ? await git('rev-parse', '--show-prefix') : null;
  return identity(head, () => unborn, log, remotes, env);
}

const remotesArgs = ['config', '--get-regexp', '^remote\\..*\\.url$'];

/** The identity from git's answers (null: the command failed); `prefixOnly` is asked only when HEAD has no commit yet. */
function identity(head: string | null, prefixOnly: () => string | null, log: string | null, remotes: string | null, env: NodeJS.ProcessEnv): Repository | null {
  let prefix: string;
  let branch: string | null = null;
  let born = true;
  if (head !== null) {
    const [p = '', ref = ''] = head.split('\n');
    prefix = p;
    branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null; // `HEAD`: detached, as CI checks out
  } else {
    const only = prefixOnly(); // a repository without commits yet
    if (only === null) return null;
    prefix = only.split('\n')[0]!;
    born = false;
  }
  let commit: string | null = null;
  let committedAt: string | null = null;
  if (born && log !== null) [commit = null, committedAt = null] = log.split('\n').map((l) => l.trim() || null);
  let remote: string | null = null;
  if (remotes !== null) {
    const pairs = remotes.split('\n').filter(Boolean).map((l) => l.split(' '));
    const chosen = pairs.find(([k]) => k === 'remote.origin.url') ?? pairs[0];
    remote = chosen?.[1] ? stripCredentials(chosen[1]) : null;
  }
  branch ??= ciBranch(env);
  prefix = prefix.trim().replace(/\/$/, '');
  return { remote, commit, branch, path: prefix || '.', committedAt };
}

/** A remote URL without user name, password or token (`https://x-access-token:…@github.com/o/r` → `https://github.com/o/r`). */
export function stripCredentials(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*@)?(.*)$/i.exec(url.trim());
  if (m) return `${m[1]}${m[3]}`;
  // scp-like `git@host:path` names an SSH user, never a secret: kept as written
  return url.trim();
}

/** The branch a detached CI checkout was made from. */
function ciBranch(env: NodeJS.ProcessEnv): string | null {
  const azure = env.BUILD_SOURCEBRANCH?.replace(/^refs\/heads\//, '');
  return env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || azure || null;
}
