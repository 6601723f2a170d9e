// A scan runs seven git commands in one repository, and the look at its git folder before each (every file of it, for
// FIFOs and devices) is done once per scan: inside `onceForGitFolders` the first answer stands, outside it each git
// command looks again.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitSync, onceForGitFolders, onceForGitFoldersAsync } from '../../src/detect/git.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { gitRuns } from '../support/fake-git.js';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';

/** A folder whose git folder git accepts (objects/, refs/, a HEAD), and a way to put a FIFO in it. */
function repository(): { dir: string; plantFifo: () => void } {
  const dir = tempDir('once');
  mkdirSync(join(dir, '.git', 'refs'), { recursive: true });
  mkdirSync(join(dir, '.git', 'objects'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'app.env'), 'LOG_LEVEL=info\n');
  return { dir, plantFifo: () => execFileSync('mkfifo', [join(dir, '.git', 'packed-refs')]) };
}

describe.skipIf(missing(process.platform === 'win32', 'Windows has no FIFOs and no sh: the once-per-scan look is not checked'))('the git folder is looked at once per scan', () => {
  it('inside onceForGitFolders the first answer stands; outside, each git command looks again', async () => {
    const repo = repository();
    const runs = await gitRuns(() => {
      onceForGitFolders(() => {
        gitSync(repo.dir, 'ls-files');
        repo.plantFifo();
        gitSync(repo.dir, 'ls-files'); // the folder was fine when this scan looked at it
      });
      gitSync(repo.dir, 'ls-files'); // a new look finds the FIFO: git does not run
    });
    expect(runs).toHaveLength(2);
  });

  it('the async form too, and nested scopes share the outer answers', async () => {
    const repo = repository();
    const inside = await gitRuns(() =>
      onceForGitFoldersAsync(async () => {
        gitSync(repo.dir, 'ls-files');
        repo.plantFifo();
        onceForGitFolders(() => gitSync(repo.dir, 'ls-files'));
      }),
    );
    expect(inside).toHaveLength(2);
    expect(await gitRuns(() => gitSync(repo.dir, 'ls-files'))).toEqual([]);
  });

  it('a scan is one scope: its git commands run on the answer its first one got', async () => {
    const repo = repository();
    let files = 0;
    expect((await gitRuns(() => (files = scanWithEvidence(repo.dir).result.stats.files))).length).toBeGreaterThan(0);
    expect(files).toBe(1);
    repo.plantFifo();
    expect(await gitRuns(() => scanWithEvidence(repo.dir))).toEqual([]); // the new scan looked, found the FIFO, and ran no git
  });
});
