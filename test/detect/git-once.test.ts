// A scan runs seven git commands in one repository, and the look at its git folder before each (every file of it, for
// FIFOs and devices) is done once per scan: inside `onceForGitFolders` the first answer stands, outside it each git
// command looks again.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gitSync, onceForGitFolders, onceForGitFoldersAsync } from '../../src/detect/git.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';

/** A folder with a git folder of its own, and a `git` first on PATH that notes each command and fails. */
function fakeRepository(): { dir: string; runs: () => string[]; plantFifo: () => void; withFakeGit: <T>(work: () => T) => T } {
  const dir = tempDir('once');
  // objects/, refs/ and a HEAD: a folder git takes for its git folder (without objects/ git looks further up)
  mkdirSync(join(dir, '.git', 'refs'), { recursive: true });
  mkdirSync(join(dir, '.git', 'objects'));
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'app.env'), 'LOG_LEVEL=info\n');
  const bin = tempDir('fake-git');
  const log = join(bin, 'log');
  writeFileSync(log, '');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexit 1\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return {
    dir,
    runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    plantFifo: () => execFileSync('mkfifo', [join(dir, '.git', 'packed-refs')]),
    withFakeGit: (work) => {
      const { PATH } = process.env;
      process.env.PATH = `${bin}:${PATH}`;
      try {
        return work();
      } finally {
        process.env.PATH = PATH;
      }
    },
  };
}

describe.skipIf(missing(process.platform === 'win32', 'Windows has no FIFOs and no sh: the once-per-scan look is not checked'))('the git folder is looked at once per scan', () => {
  it('inside onceForGitFolders the first answer stands; outside, each git command looks again', () => {
    const repo = fakeRepository();
    repo.withFakeGit(() => {
      onceForGitFolders(() => {
        gitSync(repo.dir, 'ls-files');
        repo.plantFifo();
        gitSync(repo.dir, 'ls-files'); // the folder was fine when this scan looked at it
      });
      gitSync(repo.dir, 'ls-files'); // a new look finds the FIFO: git does not run
    });
    expect(repo.runs()).toHaveLength(2);
  });

  it('the async form too, and nested scopes share the outer answers', async () => {
    const repo = fakeRepository();
    // every git command below runs before the first await, while the fake git is first on PATH
    await repo.withFakeGit(async () => {
      await onceForGitFoldersAsync(async () => {
        gitSync(repo.dir, 'ls-files');
        repo.plantFifo();
        onceForGitFolders(() => gitSync(repo.dir, 'ls-files'));
      });
    });
    repo.withFakeGit(() => gitSync(repo.dir, 'ls-files'));
    expect(repo.runs()).toHaveLength(2);
  });

  it('a scan is one scope: its git commands run on the answer its first one got', () => {
    const repo = fakeRepository();
    const result = repo.withFakeGit(() => scanWithEvidence(repo.dir).result);
    expect(result.stats.files).toBe(1);
    expect(repo.runs().length).toBeGreaterThan(0);
    repo.plantFifo();
    const before = repo.runs().length;
    repo.withFakeGit(() => scanWithEvidence(repo.dir));
    expect(repo.runs()).toHaveLength(before); // the new scan looked, found the FIFO, and ran no git
  });
});
