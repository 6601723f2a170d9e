// A repository that arrives with its .git folder (an extracted tarball, a CI cache, a shared workspace) brings its own
// .git/config, and git obeys it: `core.fsmonitor` runs a program on `git ls-files` and `git status`,
// `log.showSignature` runs `gpg.program` on `git log`, a clean filter runs on `git status`. Every git command
// ado2entra runs must run none of them.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discoverFiles, listingLimits, startDiscovery, startDiscoveryAsync } from '../../src/detect/discover.js';
import { gitFolderLimits, gitLimits } from '../../src/detect/git.js';
import { repositoryOf, repositoryOfAsync } from '../../src/detect/repository.js';
import { scanManyWithEvidenceAsync, scanWithEvidence } from '../../src/detect/scan.js';
import { untrustedBecause } from '../../src/plan/backups.js';
import { dirtyFiles, gitDirsOf, Refusal } from '../../src/plan/safety.js';
import { gitRuns } from '../support/fake-git.js';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';
import { tree } from '../support/tree.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'core.autocrlf=false', ...args], { cwd, stdio: 'pipe' }).toString();

// every listing here asks git diff-files, as a large repository's does (a small one's index is below the size for it)
const { vouchFromIndexBytes } = listingLimits;
beforeAll(() => (listingLimits.vouchFromIndexBytes = 0));
afterAll(() => (listingLimits.vouchFromIndexBytes = vouchFromIndexBytes));

/** A committed repository whose .git/config runs `program` every way git lets it; `ran()` tells whether it ran. */
function booby(): { dir: string; ran: () => boolean; reset: () => void } {
  const marker = join(tempDir('marker'), 'ran');
  const program = join(tempDir('program'), 'evil.sh');
  writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\n`);
  chmodSync(program, 0o755);
  const dir = tree({ 'appsettings.json': '{"Logging":{"LogLevel":"Information"}}\n', 'src/app.ts': 'export const x = 1;\n', '.gitattributes': '* filter=evil\n' });
  // a submodule with a config of its own: git status runs git status in it
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  writeFileSync(join(sub, 'notes.txt'), 'notes\n');
  writeFileSync(join(sub, '.gitattributes'), '* filter=inner\n');
  git(sub, 'init', '-q');
  git(sub, 'add', '-A');
  git(sub, 'commit', '-qm', 'inner');
  git(sub, 'config', 'filter.inner.clean', program);
  utimesSync(join(sub, 'notes.txt'), new Date('2020-01-01'), new Date('2020-01-01'));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'one');
  // a signed-looking commit, so `git log` with log.showSignature calls gpg.program
  const signed = git(dir, 'cat-file', 'commit', 'HEAD').replace(/^(committer .*)$/m, '$1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n -----END PGP SIGNATURE-----');
  const commit = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: dir, input: signed }).toString().trim();
  git(dir, 'update-ref', 'HEAD', commit);
  for (const [key, value] of [['core.fsmonitor', program], ['log.showSignature', 'true'], ['gpg.program', program], ['filter.evil.clean', program], ['filter.evil.process', program]]) {
    git(dir, 'config', key!, value!);
  }
  // stat data that no longer matches the index: git status looks at the content again (through the filter)
  writeFileSync(join(dir, 'appsettings.json'), '{"Logging":{"LogLevel":"Warning"}}\n');
  utimesSync(join(dir, 'src/app.ts'), new Date('2020-01-01'), new Date('2020-01-01'));
  writeFileSync(join(dir, 'untracked.env'), 'LOG_LEVEL=info\n');
  return { dir, ran: () => existsSync(marker), reset: () => rmSync(marker, { force: true }) };
}

describe('a hostile .git/config runs nothing', () => {
  const repo = booby();
  beforeEach(() => repo.reset());

  it('the plain git commands of this test do run it (the trap works)', () => {
    execFileSync('git', ['ls-files', '-z'], { cwd: repo.dir, stdio: 'pipe' });
    expect(repo.ran()).toBe(true);
    repo.reset();
    execFileSync('git', ['log', '-1', '--format=%H'], { cwd: repo.dir, stdio: 'pipe' });
    expect(repo.ran()).toBe(true);
    repo.reset();
    spawnSync('git', ['-c', 'core.fsmonitor=false', 'status', '--porcelain'], { cwd: repo.dir, stdio: 'pipe' }); // fails: the filter speaks no protocol
    expect(repo.ran()).toBe(true);
    repo.reset();
  });

  it('listing the files (tracked, untracked, in the background) and scanning', async () => {
    expect(discoverFiles(repo.dir).files).toEqual(['.gitattributes', 'appsettings.json', 'src/app.ts', 'untracked.env']);
    await startDiscovery(repo.dir, true).restAsync();
    scanWithEvidence(repo.dir, { identify: true });
    await scanManyWithEvidenceAsync([repo.dir], { identify: true });
    expect(repo.ran()).toBe(false);
  });

  it('listing when every tracked file is racily clean (git diff-files hashes each through the filters)', async () => {
    // an index older than the files: git cannot trust their stat data and reads them again
    utimesSync(join(repo.dir, '.git', 'index'), new Date('2000-01-01'), new Date('2000-01-01'));
    spawnSync('git', ['-c', 'core.fsmonitor=false', 'diff-files', '--name-only'], { cwd: repo.dir, stdio: 'pipe' }); // fails: the program speaks no filter protocol
    expect(repo.ran()).toBe(true); // the trap works for diff-files too
    repo.reset();
    utimesSync(join(repo.dir, '.git', 'index'), new Date('2000-01-01'), new Date('2000-01-01'));
    discoverFiles(repo.dir);
    await scanManyWithEvidenceAsync([repo.dir]);
    expect(repo.ran()).toBe(false);
  });

  it('naming the repository (git log, rev-parse, config)', async () => {
    expect(repositoryOf(repo.dir)?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect((await repositoryOfAsync(repo.dir))?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.ran()).toBe(false);
  });

  it("apply's checks: the dirty tree (git status), the git folders, a committed backup set", () => {
    expect(dirtyFiles(repo.dir)).toEqual(['appsettings.json']);
    gitDirsOf(repo.dir);
    const id = '20260101T000000000Z-000001';
    mkdirSync(join(repo.dir, '.ado2entra/backups', id), { recursive: true });
    expect(untrustedBecause(realpathSync(repo.dir), { id, state: 'applying', files: [] } as never)).toMatch(/backup key|integrity/);
    expect(repo.ran()).toBe(false);
  });
});

// A FIFO where git reads its config or ignore rules makes git wait forever (no writer comes): each git command gives up
// after gitLimits.timeoutMs (lowered here) and its caller fails closed.
describe.skipIf(missing(process.platform === 'win32', 'Windows has no FIFOs: git waiting on one is not checked'))('git that would wait forever', () => {
  const { timeoutMs, sparingMs } = gitLimits;
  beforeEach(() => (gitLimits.timeoutMs = 1_000));
  afterEach(() => Object.assign(gitLimits, { timeoutMs, sparingMs }));

  function repo(): string {
    const dir = tree({ 'appsettings.json': '{}\n', 'tracked.env': 'LOG_LEVEL=info\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    writeFileSync(join(dir, 'untracked.env'), 'LOG_LEVEL=debug\n');
    return dir;
  }

  it('a config include that is a FIFO: the listing walks the folder, no identity, apply refuses', async () => {
    const dir = repo();
    const fifo = join(tempDir('fifo'), 'include');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, '.git', 'config'), `[include]\n\tpath = ${fifo}\n`, { flag: 'a' });
    const listed = discoverFiles(dir);
    expect(listed.method).toBe('walk');
    expect(listed.files).toEqual(['appsettings.json', 'tracked.env', 'untracked.env']);
    expect(await startDiscovery(dir, true).restAsync()).toBeNull();
    expect(repositoryOf(dir)).toBeNull();
    expect(await repositoryOfAsync(dir)).toBeNull();
    expect(() => dirtyFiles(dir)).toThrow(Refusal);
  }, 60_000);

  it('a .gitattributes that is a FIFO, every tracked file racily clean: git diff-files gives up sooner, and the listing looks at each file itself', async () => {
    // diff-files hashes a racily clean file through its attributes, and waits on the FIFO; its answer only spares the
    // listing a look of its own, so it gets less time than git's other commands (which must not be cut short)
    Object.assign(gitLimits, { timeoutMs: 120_000, sparingMs: 1_000 });
    const dir = repo();
    execFileSync('mkfifo', [join(dir, '.gitattributes')]);
    rmSync(join(dir, 'tracked.env'));
    symlinkSync('/dev/zero', join(dir, 'tracked.env'));
    utimesSync(join(dir, '.git', 'index'), new Date('2000-01-01'), new Date('2000-01-01'));
    const listed = discoverFiles(dir);
    expect(listed.files).toEqual(['appsettings.json', 'tracked.env', 'untracked.env']);
    expect([...listed.special]).toEqual(['tracked.env']);
    expect([...(await startDiscoveryAsync(dir)).first.special]).toEqual(['tracked.env']);
  }, 60_000);

  it('a .mailmap that is a FIFO (git log reads it by default): the repository is still named, with its commit', async () => {
    // no git command here may wait (log.mailmap=false): a limit that a loaded machine cannot brush against
    gitLimits.timeoutMs = 10_000;
    const dir = repo();
    execFileSync('mkfifo', [join(dir, '.mailmap')]);
    expect(repositoryOf(dir)?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect((await repositoryOfAsync(dir))?.commit).toMatch(/^[0-9a-f]{40}$/);
  }, 60_000);

  it('a .gitignore that is a FIFO: the untracked files come from the walk, which reads no FIFO either', async () => {
    // git ls-files --cached must answer within the limit while --others waits it out: more room than 1 s on a busy machine
    gitLimits.timeoutMs = 3_000;
    const dir = repo();
    execFileSync('mkfifo', [join(dir, '.gitignore')]);
    const discovery = startDiscovery(dir, true);
    expect(discovery.first.files).toEqual(['appsettings.json', 'tracked.env']);
    expect((await discovery.restAsync())?.files).toEqual(['untracked.env']);
    expect(discoverFiles(dir).files).toEqual(['appsettings.json', 'tracked.env', 'untracked.env']);
    rmSync(join(dir, '.git'), { recursive: true });
    expect(discoverFiles(dir)).toMatchObject({ method: 'walk', files: ['appsettings.json', 'tracked.env', 'untracked.env'] });
  }, 60_000);
});

// git reads HEAD, its config, the index and the packed refs before it answers: a FIFO or a device there made every git
// command wait out its time limit (two minutes; twelve for apply's status). The git folder is looked at first, and git
// is not run: the same answers as a timeout, at once. No limit is lowered here: a git that waits fails the test.
describe.skipIf(missing(process.platform === 'win32', 'Windows has no FIFOs: git waiting on one is not checked'))('a git folder file that is a FIFO or a device', () => {
  /** No git command runs on `dir`: listing (both forms), naming the repository (both forms), apply's check (refused). */
  async function noGitRuns(dir: string, refusal: RegExp | typeof Refusal): Promise<void> {
    expect(await gitRuns(async () => {
      discoverFiles(dir);
      await startDiscoveryAsync(dir);
      repositoryOf(dir);
      await repositoryOfAsync(dir);
      expect(() => dirtyFiles(dir)).toThrow(refusal);
    })).toEqual([]);
  }

  function repo(): string {
    const dir = tree({ 'appsettings.json': '{}\n', 'tracked.env': 'LOG_LEVEL=info\n' });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    git(dir, 'pack-refs', '--all');
    return dir;
  }

  it.each([
    ['HEAD', 'a FIFO'], ['index', 'a FIFO'], ['packed-refs', 'a FIFO'], ['config', 'a FIFO'], ['info/exclude', 'a FIFO'],
    ['index', 'a link to /dev/zero'], ['packed-refs', 'a link to /dev/zero'], ['refs/heads/main', 'a FIFO'],
  ])('.git/%s as %s: the listing walks the folder, no identity, apply refuses', async (name, what) => {
    const dir = repo();
    const path = join(dir, '.git', name);
    rmSync(path, { force: true });
    mkdirSync(join(path, '..'), { recursive: true });
    if (what === 'a FIFO') execFileSync('mkfifo', [path]);
    else symlinkSync('/dev/zero', path);
    // first with a git that only says it ran: were git run, the real one below would wait out its time limit
    await noGitRuns(dir, Refusal);
    expect(discoverFiles(dir)).toMatchObject({ method: 'walk', files: ['appsettings.json', 'tracked.env'] });
    expect((await startDiscoveryAsync(dir)).first.method).toBe('walk');
    expect(repositoryOf(dir)).toBeNull();
    expect(await repositoryOfAsync(dir)).toBeNull();
    expect(() => dirtyFiles(dir)).toThrow(/FIFO or a device/);
  }, 30_000);

  // which files git reads depends on the command and the repository's state: a list of names missed each of these
  const commit = (dir: string) => git(dir, 'rev-parse', 'HEAD').trim();
  const loose = (dir: string, id: string) => join('objects', id.slice(0, 2), id.slice(2));
  it.each<[string, (dir: string) => string]>([
    ['the loose object of the HEAD commit (git log)', (dir) => loose(dir, commit(dir))],
    ['the loose object of its tree (git status)', (dir) => loose(dir, git(dir, 'rev-parse', 'HEAD^{tree}').trim())],
    ['a pack index', (dir) => (git(dir, 'gc', '-q'), join('objects/pack', readdirSync(join(dir, '.git/objects/pack')).find((f) => f.endsWith('.idx'))!))],
    ['the multi-pack index', () => 'objects/pack/multi-pack-index'],
    ['the commit-graph', () => 'objects/info/commit-graph'],
    ['a commit-graph chain', () => 'objects/info/commit-graphs/commit-graph-chain'],
    ['the grafts file', () => 'info/grafts'],
    ['a replace ref', (dir) => `refs/replace/${commit(dir)}`],
    ['the branch a symbolic branch names', (dir) => (writeFileSync(join(dir, '.git/refs/heads/main'), 'ref: refs/heads/other\n'), 'refs/heads/other')],
    ['config.worktree (extensions.worktreeConfig)', (dir) => (git(dir, 'config', 'core.repositoryFormatVersion', '1'), git(dir, 'config', 'extensions.worktreeConfig', 'true'), 'config.worktree')],
    ["a split index's shared index", (dir) => (git(dir, 'update-index', '--split-index'), readdirSync(join(dir, '.git')).find((f) => f.startsWith('sharedindex.'))!)],
    ["an interrupted rebase's head-name (git status)", () => 'rebase-merge/head-name'],
    ['a bisect in progress (git status)', () => 'BISECT_START'],
    ["a cherry-pick's todo list (git status)", (dir) => (writeFileSync(join(dir, '.git/CHERRY_PICK_HEAD'), `${commit(dir)}\n`), 'sequencer/todo')],
    ['the alternates of an alternate object folder', (dir) => {
      const other = tempDir('alternate');
      writeFileSync(join(dir, '.git/objects/info/alternates'), `${other}\n`);
      return join(other, 'info/alternates');
    }],
  ])('%s as a FIFO: git is not run', async (_what, place) => {
    const dir = tree({ 'appsettings.json': '{}\n', 'tracked.env': 'LOG_LEVEL=info\n' });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    const name = place(dir);
    const path = name.startsWith('/') ? name : join(dir, '.git', name);
    rmSync(path, { force: true });
    mkdirSync(join(path, '..'), { recursive: true });
    execFileSync('mkfifo', [path]);
    await noGitRuns(dir, /FIFO/);
    expect(discoverFiles(dir)).toMatchObject({ method: 'walk', files: ['appsettings.json', 'tracked.env'] });
  }, 30_000);

  it('every ordinary layout still runs git: worktrees, a submodule, a separate git folder, a shared clone, a socket, a link loop, a link to /dev/null and Git LFS objects in .git', async () => {
    const main = repo();
    const linked = join(tempDir('linked'), 'wt');
    git(main, 'worktree', 'add', '-q', linked);
    const sub = repo();
    git(main, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub');
    const separate = join(tempDir('separate'), 'work');
    git(tempDir('any'), 'init', '-q', '--separate-git-dir', join(tempDir('gitdirs'), 'repo.git'), separate);
    writeFileSync(join(separate, 'a.env'), 'LOG_LEVEL=info\n');
    const shared = join(tempDir('shared'), 'clone');
    git(tempDir('any'), 'clone', '-q', '--shared', main, shared);
    symlinkSync('.', join(main, '.git', 'refs', 'loop'));
    // Git LFS keeps its objects in the git folder, big and many; git never reads them
    mkdirSync(join(main, '.git', 'lfs', 'objects'), { recursive: true });
    writeFileSync(join(main, '.git', 'lfs', 'objects', 'big'), '');
    truncateSync(join(main, '.git', 'lfs', 'objects', 'big'), 2 ** 36);
    // a file blanked by a link to /dev/null reads as empty: git does not wait on it
    rmSync(join(main, '.git', 'info', 'exclude'), { force: true });
    symlinkSync('/dev/null', join(main, '.git', 'info', 'exclude'));
    // git's fsmonitor daemon keeps a socket in the git folder: opening one fails at once, git never waits on it
    const server = createServer().listen(join(main, '.git', 'fsmonitor--daemon.ipc'));
    await new Promise((done) => server.once('listening', done));
    try {
      for (const dir of [main, linked, join(main, 'sub'), separate, shared]) expect(discoverFiles(dir).method).toBe('git');
      expect(dirtyFiles(main)).toEqual(['.gitmodules']); // staged by submodule add: git status ran
      expect(repositoryOf(join(main, 'sub'))?.commit).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      server.close();
    }
  }, 30_000);

  it.each(['packed-refs', 'objects/info/alternates', 'a config include'])('%s as a sparse file of 64 GB (a tarball carries one in a few blocks): git is not run', async (name) => {
    const dir = repo();
    const path = name === 'a config include' ? join(tempDir('include'), 'huge.cfg') : join(dir, '.git', name);
    if (name === 'a config include') writeFileSync(join(dir, '.git', 'config'), `[include]\n\tpath = ${path}\n`, { flag: 'a' });
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    truncateSync(path, 2 ** 36);
    expect(await gitRuns(async () => void discoverFiles(dir))).toEqual([]);
    expect(() => dirtyFiles(dir)).toThrow(/sparse file of 64 GB/);
  });

  it('a git folder with more files than are looked at: git is not run', async () => {
    const { entries } = gitFolderLimits;
    gitFolderLimits.entries = 20;
    try {
      const dir = repo();
      expect(await gitRuns(async () => void discoverFiles(dir))).toEqual([]);
      expect(() => dirtyFiles(dir)).toThrow(/more than 20 files in the git folder/);
    } finally {
      gitFolderLimits.entries = entries;
    }
  });

  // the folder checked must be the one git reads: a .git file's path keeps its spaces, a `..` after a link leaves its target
  it.each<[string, (dir: string) => [cwd: string, fifo: string]]>([
    ['a .git file whose git folder ends in a space', (dir) => {
      const home = tempDir('gitdirs');
      renameSync(join(dir, '.git'), join(home, 'repo.git '));
      mkdirSync(join(home, 'repo.git'));
      writeFileSync(join(dir, '.git'), `gitdir: ${home}/repo.git \n`);
      return [dir, join(home, 'repo.git ', 'HEAD')];
    }],
    ["a worktree's commondir that goes up out of a link", (dir) => {
      const linked = join(tempDir('linked'), 'wt');
      git(dir, 'worktree', 'add', '-q', linked);
      const own = join(dir, '.git', 'worktrees', 'wt');
      // git takes link/.. where the link points, the main folder; read as text it is the worktree's own folder
      symlinkSync(join(dir, '.git', 'refs'), join(own, 'link'));
      writeFileSync(join(own, 'commondir'), 'link/..\n');
      return [linked, join(dir, '.git', 'packed-refs')];
    }],
    ['a .git folder git does not accept in the folder scanned (git goes on up, to the repository above)', (dir) => {
      mkdirSync(join(dir, 'sub', '.git'), { recursive: true });
      writeFileSync(join(dir, 'sub', 'a.env'), 'LOG_LEVEL=info\n');
      return [join(dir, 'sub'), join(dir, '.git', 'packed-refs')];
    }],
    ['a folder scanned that git takes for a bare repository (objects/, refs/ and HEAD in it)', (dir) => {
      mkdirSync(join(dir, 'bare', 'objects'), { recursive: true });
      mkdirSync(join(dir, 'bare', 'refs'));
      return [join(dir, 'bare'), join(dir, 'bare', 'HEAD')];
    }],
    ['a branch named in bytes that are not UTF-8, a link to a FIFO', (dir) => {
      const fifo = join(tempDir('fifo'), 'branch');
      symlinkSync(fifo, Buffer.concat([Buffer.from(join(dir, '.git/refs/heads/')), Buffer.from([0xff])]));
      writeFileSync(join(dir, '.git/HEAD'), Buffer.concat([Buffer.from('ref: refs/heads/'), Buffer.from([0xff, 0x0a])]));
      return [dir, fifo];
    }],
    ['an alternate object folder that ends in a space', (dir) => {
      const other = join(tempDir('alternate'), 'objects');
      mkdirSync(`${other} `, { recursive: true });
      mkdirSync(other);
      writeFileSync(join(dir, '.git/objects/info/alternates'), `${other} \n`);
      return [dir, join(`${other} `, 'info/alternates')];
    }],
  ])('%s, with a FIFO in it: git is not run', async (_what, place) => {
    const [cwd, fifo] = place(repo());
    rmSync(fifo, { force: true });
    mkdirSync(join(fifo, '..'), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    await noGitRuns(cwd, /FIFO/);
  }, 30_000);

  // git waits on a FIFO its config names as it loads the config (an include) or lists files (excludes, attributes): the
  // values are read as git reads them, so quoting, a continued line or a chain of includes hides none
  it.each<[string, (fifo: string, dir: string) => string]>([
    ['an include path', (fifo) => `[include]\n\tpath = ${fifo}\n`],
    ['an includeIf path, quoted in two pieces', (fifo) => `[includeIf "gitdir:/"]\n\tpath = "${fifo.slice(0, -2)}""${fifo.slice(-2)}" ; a comment\n`],
    ['core.excludesFile right after its section header', (fifo) => `[core] excludesFile = ${fifo}\n`],
    ['core.attributesFile relative to the work tree, on a continued line', (fifo, dir) => `[core]\n\tattributesFile = ${relative(dir, fifo).slice(0, 3)}\\\n${relative(dir, fifo).slice(3)}\n`],
    ['an include of an include', (fifo, dir) => (writeFileSync(join(dir, '.git', 'more.cfg'), `[include]\n\tpath = ${fifo}\n`), '[include]\n\tpath = more.cfg\n')],
  ])('a FIFO named by %s in .git/config: git is not run', async (_what, config) => {
    const dir = repo();
    const fifo = join(tempDir('named'), 'fifo');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, '.git', 'config'), config(fifo, dir), { flag: 'a' });
    await noGitRuns(dir, /FIFO/);
    expect(discoverFiles(dir)).toMatchObject({ method: 'walk', files: ['appsettings.json', 'tracked.env'] });
  }, 30_000);

  it("a linked worktree (a .git file naming its git folder) whose main repository's packed refs are a FIFO", async () => {
    const main = repo();
    const linked = join(tempDir('linked'), 'wt');
    git(main, 'worktree', 'add', '-q', linked);
    expect(discoverFiles(linked).method).toBe('git');
    rmSync(join(main, '.git', 'packed-refs'));
    execFileSync('mkfifo', [join(main, '.git', 'packed-refs')]);
    expect(await gitRuns(async () => void discoverFiles(linked))).toEqual([]);
    expect(discoverFiles(linked).method).toBe('walk');
    expect(() => dirtyFiles(linked)).toThrow(/packed-refs is a FIFO/);
  }, 30_000);
});

// core.worktree in a hostile .git/config moves git's work tree away from the folder that holds .git: the listing then
// named another folder's files (read in the root: "vanished") or none at all, and validate passed a folder it never read.
describe('core.worktree set to another folder', () => {
  it.each([['/'], ['another folder']])('to %s: the listing is still the folder that holds .git', (where) => {
    const dir = tree({ 'app/.env': 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    writeFileSync(join(dir, 'untracked.env'), 'LOG_LEVEL=info\n');
    const elsewhere = tree({ 'decoy.env': 'LOG_LEVEL=info\n' });
    git(dir, 'config', 'core.worktree', where === '/' ? '/' : elsewhere);
    expect(discoverFiles(dir)).toMatchObject({ method: 'git', files: ['app/.env', 'untracked.env'], unchecked: [] });
    expect(discoverFiles(join(dir, 'app')).files).toEqual(['.env']);
    expect(scanWithEvidence(dir).result.findings.map((f) => f.file)).toEqual(['app/.env']);
  });
});

// A partial clone fetches an object it left out when a command needs one (git diff-files hashing a racily clean link,
// git status and git log reading HEAD), and its .git/config names the program that fetch runs: the promisor remote's
// upload-pack here (core.sshCommand and an allowed ext:: URL work alike).
describe('a partial clone whose promisor remote names a program', () => {
  function lazy(): { dir: string; ran: () => boolean; reset: () => void } {
    const marker = join(tempDir('marker'), 'ran');
    const program = join(tempDir('program'), 'upload-pack.sh');
    writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(program, 0o755);
    const dir = tree({ 'app.env': 'LOG_LEVEL=info\n' });
    symlinkSync('app.env', join(dir, 'link.env'));
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    // every object "left out": the blobs, the tree, the commit
    rmSync(join(dir, '.git', 'objects'), { recursive: true });
    mkdirSync(join(dir, '.git', 'objects', 'pack'), { recursive: true });
    for (const [key, value] of [['core.repositoryFormatVersion', '1'], ['extensions.partialClone', 'origin'], ['remote.origin.url', tempDir('remote')], ['remote.origin.promisor', 'true'], ['remote.origin.uploadpack', program]]) {
      git(dir, 'config', key!, value!);
    }
    const racy = () => utimesSync(join(dir, '.git', 'index'), new Date('2000-01-01'), new Date('2000-01-01'));
    racy();
    return { dir, ran: () => existsSync(marker), reset: () => (rmSync(marker, { force: true }), racy()) };
  }

  it.skipIf(missing(process.platform === 'win32', 'no sh scripts as programs on Windows: the promisor remote is not checked'))('listing, scanning, naming the repository and apply\'s checks fetch nothing (the trap works for plain git)', async () => {
    const repo = lazy();
    spawnSync('git', ['-c', 'core.fsmonitor=false', 'diff-files', '--name-only'], { cwd: repo.dir, stdio: 'pipe' });
    expect(repo.ran()).toBe(true);
    repo.reset();
    expect(discoverFiles(repo.dir).files).toEqual(['app.env', 'link.env']);
    await startDiscoveryAsync(repo.dir);
    scanWithEvidence(repo.dir, { identify: true });
    await scanManyWithEvidenceAsync([repo.dir], { identify: true });
    expect(repositoryOf(repo.dir)?.commit).toBeNull();
    await repositoryOfAsync(repo.dir);
    expect(() => dirtyFiles(repo.dir)).toThrow(Refusal);
    expect(repo.ran()).toBe(false);
  }, 60_000);
});

// core.ignorecase=true in a hostile .git/config, on a file system that tells case apart: git took an untracked
// `cfg/APP.env` for the tracked `cfg/app.env` and left it out of the listing, and validate passed a legacy file unread.
describe('core.ignorecase set on a file system that tells case apart', () => {
  const caseBlind = (() => {
    const dir = tempDir('case');
    writeFileSync(join(dir, 'a'), '');
    return existsSync(join(dir, 'A'));
  })();

  it.skipIf(missing(caseBlind, 'the temp folder ignores case: core.ignorecase on a case-sensitive file system is not checked'))('an untracked file whose name differs from a tracked one only in case is listed and scanned', async () => {
    const legacy = 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n';
    const dir = tree({ 'cfg/app.env': 'LOG_LEVEL=info\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    writeFileSync(join(dir, 'cfg/APP.env'), legacy);
    git(dir, 'config', 'core.ignorecase', 'true');
    expect(git(dir, 'ls-files', '--others', '--exclude-standard')).toBe(''); // git itself no longer sees it
    expect(discoverFiles(dir).files).toEqual(['cfg/APP.env', 'cfg/app.env']);
    expect((await (await startDiscoveryAsync(dir)).restAsync())?.files).toEqual(['cfg/APP.env']);
    expect(discoverFiles(join(dir, 'cfg')).files).toEqual(['APP.env', 'app.env']);
    expect(scanWithEvidence(dir).result.findings.map((f) => f.file)).toEqual(['cfg/APP.env']);
    // a gitfile `.git` with a hard link `.GIT` to it (a tarball holds hard links): one file by both names, all the same
    const moved = join(tempDir('gitdir'), 'repo.git');
    renameSync(join(dir, '.git'), moved);
    writeFileSync(join(dir, '.git'), `gitdir: ${moved}\n`);
    linkSync(join(dir, '.git'), join(dir, '.GIT'));
    expect(discoverFiles(dir).files).toEqual(['.GIT', 'cfg/APP.env', 'cfg/app.env']);
  });
});

// git status refreshes the index it read and writes it back when it can (an "optional lock"): apply's dirty check
// rewrote .git/index, under the feet of the user's own git. No git command of ours writes.
describe('git writes nothing', () => {
  it('listing, scanning, naming the repository and apply\'s dirty check leave .git/index as it was', async () => {
    const dir = tree({ 'app.env': 'LOG_LEVEL=info\n', 'src/a.ts': 'export {};\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    const index = join(dir, '.git', 'index');
    utimesSync(index, new Date('2000-01-01'), new Date('2000-01-01')); // racily clean: status would refresh it
    discoverFiles(dir);
    await startDiscoveryAsync(dir);
    scanWithEvidence(dir, { identify: true });
    await scanManyWithEvidenceAsync([dir], { identify: true });
    repositoryOf(dir);
    expect(dirtyFiles(dir)).toEqual([]);
    expect(statSync(index).mtime.getTime()).toBe(new Date('2000-01-01').getTime());
  });
});
