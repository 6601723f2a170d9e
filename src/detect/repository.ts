// Which repository, commit and branch a scanned folder belongs to: what lets rollup merge the results of many CI jobs.
import { execFileSync } from 'node:child_process';
import type { Repository } from '../model/scan.js';

/** The git identity of `dir`, or null outside a work tree (or without git). */
export function repositoryOf(dir: string, env: NodeJS.ProcessEnv = process.env): Repository | null {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
  let prefix: string;
  let branch: string | null = null;
  let born = true;
  try {
    const [p = '', ref = ''] = git('rev-parse', '--show-prefix', '--symbolic-full-name', 'HEAD').split('\n');
    prefix = p;
    branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null; // `HEAD`: detached, as CI checks out
  } catch {
    try {
      prefix = git('rev-parse', '--show-prefix').split('\n')[0]!; // a repository without commits yet
      born = false;
    } catch {
      return null;
    }
  }
  let commit: string | null = null;
  let committedAt: string | null = null;
  if (born) [commit = null, committedAt = null] = git('log', '-1', '--format=%H%n%cI').split('\n').map((l) => l.trim() || null);
  let remote: string | null = null;
  try {
    const remotes = git('config', '--get-regexp', '^remote\\..*\\.url$').split('\n').filter(Boolean).map((l) => l.split(' '));
    const chosen = remotes.find(([k]) => k === 'remote.origin.url') ?? remotes[0];
    remote = chosen?.[1] ? stripCredentials(chosen[1]) : null;
  } catch {
    // no remote
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
