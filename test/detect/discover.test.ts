// #16 A: the git listing reads what each tracked entry is from the index (no lstat per file); these are the cases
// where that could go wrong: links in the index, a file swapped for a link in the work tree, hostile names.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { discoverFiles, listingLimits, mergeSorted, startDiscovery, startDiscoveryAsync } from '../../src/detect/discover.js';
import { ripgrepBinary } from '../../src/detect/ripgrep.js';
import { scanManyWithEvidenceAsync, scanWithEvidence } from '../../src/detect/scan.js';
import { repoRoot } from '../support/golden.js';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';
import { tree } from '../support/tree.js';

const legacy = 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n';
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'core.autocrlf=false', ...args], { cwd, stdio: 'pipe' }).toString();

// every listing here asks git diff-files, as a large repository's does (a small one's index is below the size for it)
const { vouchFromIndexBytes } = listingLimits;
beforeAll(() => (listingLimits.vouchFromIndexBytes = 0));
afterAll(() => (listingLimits.vouchFromIndexBytes = vouchFromIndexBytes));

/** A committed work tree, plus a secret outside it that no link may lead the scan to. */
function repo(files: Record<string, string>): { dir: string; secret: string } {
  const outside = tempDir('outside');
  const secret = join(outside, 'id_rsa.env');
  writeFileSync(secret, 'AZURE_DEVOPS_CLIENT_SECRET=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzZWNyZXQiOiJzd2FwcGVkIn0.planted\n');
  const dir = tree(files);
  git(dir, 'init', '-q');
  return { dir, secret };
}

describe('the git listing', () => {
  it('judges links the index records: one to a file inside is read, one to outside the root is skipped', () => {
    const { dir, secret } = repo({ 'config/.env': legacy });
    symlinkSync('config/.env', join(dir, 'inside.env'));
    symlinkSync(secret, join(dir, 'outside.env'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'links');
    const listed = discoverFiles(dir);
    expect(listed.method).toBe('git');
    expect(listed.files).toEqual(['config/.env', 'inside.env']);
    expect([...listed.links]).toEqual(['inside.env']);
    expect(listed.skipped).toEqual([{ file: 'outside.env', reason: 'symlink to outside the scanned folder' }]);
  });

  it('a tracked file swapped for a link in the work tree is not followed: a diagnostic, and nothing of its target', () => {
    const { dir, secret } = repo({ 'app/.env': legacy, 'app/settings.env': 'LOG_LEVEL=info\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    rmSync(join(dir, 'app/settings.env'));
    symlinkSync(secret, join(dir, 'app/settings.env'));
    for (const ripgrep of [false, true]) {
      const result = scanWithEvidence(dir, { ripgrep, parallelMin: ripgrep ? 1 : Number.POSITIVE_INFINITY }).result;
      expect(result.diagnostics).toEqual([{ file: 'app/settings.env', line: null, message: 'cannot read: a symlink where the file listing has a file (not followed)' }]);
      expect(JSON.stringify(result)).not.toContain('swapped');
      expect(JSON.stringify(result)).not.toContain('planted');
      expect(result.findings.map((f) => f.file)).toContain('app/.env');
    }
  });

  it('untracked files are listed and looked at; an untracked link to outside is skipped', () => {
    const { dir, secret } = repo({ 'tracked.env': legacy });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    writeFileSync(join(dir, 'new.env'), legacy);
    symlinkSync(secret, join(dir, 'new-link.env'));
    writeFileSync(join(dir, '.gitignore'), 'ignored.env\n');
    writeFileSync(join(dir, 'ignored.env'), legacy);
    const listed = discoverFiles(dir);
    expect(listed.files).toEqual(['.gitignore', 'new.env', 'tracked.env']);
    expect(listed.skipped).toEqual([{ file: 'new-link.env', reason: 'symlink to outside the scanned folder' }]);
  });

  it('names with tabs, newlines, spaces and non-ASCII letters, and an untracked name that mimics a staged entry', () => {
    const names = ['tab\there.env', 'new\nline.env', 'space here.env', 'café/ünïcode.env', '日本/設定.env'];
    const { dir } = repo(Object.fromEntries(names.map((n) => [n, legacy])));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'names');
    const mimic = '120000 0123456789012345678901234567890123456789 0\toutside.env';
    writeFileSync(join(dir, mimic), 'PLAIN=1\n');
    const listed = discoverFiles(dir);
    expect(listed.files).toEqual([...names, mimic].sort());
    expect(listed.links.size).toBe(0);
    expect(scanWithEvidence(dir).result.findings.map((f) => f.file).sort()).toEqual([...names].sort());
  });

  it('a path in a merge conflict (three index stages) is listed once', () => {
    const { dir } = repo({ 'app.env': 'A=1\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'checkout', '-qb', 'other');
    writeFileSync(join(dir, 'app.env'), 'A=2\n');
    git(dir, 'commit', '-qam', 'other');
    git(dir, 'checkout', '-q', '-');
    writeFileSync(join(dir, 'app.env'), 'A=3\n');
    git(dir, 'commit', '-qam', 'main');
    try {
      git(dir, 'merge', '-q', 'other');
    } catch {
      // the conflict is the point
    }
    expect(git(dir, 'ls-files', '--stage', 'app.env').trim().split('\n')).toHaveLength(3);
    expect(discoverFiles(dir).files).toEqual(['app.env']);
  });

  it('a folder where the index has a file, and a deleted tracked file, are reported when read', () => {
    const { dir } = repo({ 'gone.env': legacy, 'was-file.env': legacy });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'two');
    rmSync(join(dir, 'gone.env'));
    rmSync(join(dir, 'was-file.env'));
    mkdirSync(join(dir, 'was-file.env'));
    // ripgrep, given a folder, searches everything under it (a sparse file of terabytes too): the folder is read here
    writeFileSync(join(dir, 'was-file.env', 'inner.ts'), "export const u = 'https://app.vssps.visualstudio.com/oauth2/token';\n");
    const { files, unchecked, special } = discoverFiles(dir);
    expect(files).toEqual(['gone.env', 'was-file.env', 'was-file.env/inner.ts']);
    expect(unchecked).toEqual([]);
    expect([...special]).toEqual(['was-file.env']);
    for (const ripgrep of [false, true]) {
      const result = scanWithEvidence(dir, { ripgrep, parallelMin: ripgrep ? 1 : Number.POSITIVE_INFINITY }).result;
      expect(result.diagnostics).toEqual([{ file: 'gone.env', line: null, message: expect.stringMatching(/^cannot read: file vanished/) }]);
      expect(result.skipped).toContainEqual({ file: 'was-file.env', reason: 'not a regular file' });
    }
  });

  it('a sparse checkout: what it left out is skipped, not "not checked"; a skip-worktree file on disk is read all the same', () => {
    const { dir } = repo({ 'team-a/.env': legacy, 'team-b/.env': legacy, 'team-b/app.env': 'LOG_LEVEL=info\n', 'top.env': 'PORT=1\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'monorepo');
    git(dir, 'sparse-checkout', 'set', 'team-a');
    const listed = discoverFiles(dir);
    expect(listed.files).toEqual(['team-a/.env', 'top.env']);
    expect(listed.skipped).toEqual([
      { file: 'team-b/.env', reason: 'outside the sparse checkout: not in the work tree' },
      { file: 'team-b/app.env', reason: 'outside the sparse checkout: not in the work tree' },
    ]);
    expect(listed.unchecked).toEqual([]);
    const result = scanWithEvidence(dir).result;
    expect(result.diagnostics).toEqual([]);
    expect(result.findings.map((f) => f.file)).toEqual(['team-a/.env']);
    // a forged skip-worktree bit on a file that is on disk hides nothing
    git(dir, 'sparse-checkout', 'disable');
    git(dir, 'update-index', '--skip-worktree', 'team-b/.env');
    expect(discoverFiles(dir).files).toContain('team-b/.env');
    expect(scanWithEvidence(dir).result.findings.map((f) => f.file)).toContain('team-b/.env');
  });
});

describe.skipIf(missing(!ripgrepBinary(), 'no ripgrep (rg): config files through ripgrep are not checked; `apt-get install ripgrep` to run it'))('config files through ripgrep', () => {
  it('reads only the config files that hold a prefilter literal, with the same findings as the in-process path', () => {
    const files: Record<string, string> = { 'apps/legacy/.env': legacy, 'apps/entra/appsettings.json': JSON.stringify({ AzureAd: { Instance: 'https://login.microsoftonline.com/' } }) };
    for (let i = 0; i < 40; i++) files[`svc/s${i}/values.yaml`] = `service: s${i}\nport: ${3000 + i}\n`;
    const dir = tree(files);
    const viaRipgrep = scanWithEvidence(dir, { parallelMin: 1 });
    const inProcess = scanWithEvidence(dir, { ripgrep: false });
    expect(viaRipgrep.files.map((f) => f.file).sort()).toEqual(['apps/entra/appsettings.json', 'apps/legacy/.env']);
    expect(viaRipgrep.result.findings).toEqual(inProcess.result.findings);
    expect(viaRipgrep.result.entraApps).toEqual(inProcess.result.entraApps);
    expect(viaRipgrep.result.stats.bytes).toBe(inProcess.result.stats.bytes);
  });
});

describe('untracked files are listed on another thread while tracked config is read', () => {
  const files = {
    'a-new/.env': legacy.replace('VSTS_AUTH_URL', 'NEW_AUTH_URL'),
    'svc/appsettings.json': JSON.stringify({ AzureDevOps: { ClientId: '0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a', AuthorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize' } }),
    'svc/untracked-reader.ts': "export const authorize = settings['AuthorizeUrl'];\n",
    'svc/tracked-reader.ts': "export const url = settings['AuthorizeUrl'];\n",
    'z-last/web.config': '<?xml version="1.0"?>\n<appSettings>\n  <add key="AuthUrl" value="https://app.vssps.visualstudio.com/oauth2/authorize" />\n</appSettings>\n',
  };

  it('gives what it gives when every file is tracked, in the same order, on both read paths', () => {
    const { dir } = repo(files);
    git(dir, 'add', 'svc/appsettings.json', 'svc/tracked-reader.ts', 'z-last/web.config');
    git(dir, 'commit', '-qm', 'part');
    const discovery = startDiscovery(dir);
    expect(discovery.first.files).toEqual(['svc/appsettings.json', 'svc/tracked-reader.ts', 'z-last/web.config']);
    expect(discovery.rest()?.files).toEqual(['a-new/.env', 'svc/untracked-reader.ts']);
    const partly = [false, true].map((ripgrep) => scanWithEvidence(dir, { ripgrep, parallelMin: ripgrep ? 1 : Number.POSITIVE_INFINITY }));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'all');
    const whole = scanWithEvidence(dir, { ripgrep: false });
    for (const p of partly) {
      expect(p.result.apps).toEqual(whole.result.apps);
      expect(p.result.findings).toEqual(whole.result.findings);
      expect(p.files.map((f) => f.file)).toEqual(whole.files.map((f) => f.file));
      expect(p.result.stats.files).toBe(5);
    }
    expect(whole.result.findings.map((f) => f.file)).toEqual(expect.arrayContaining(['a-new/.env', 'svc/untracked-reader.ts', 'svc/tracked-reader.ts']));
  });

  it('untracked files count toward choosing ripgrep: a repository with nothing committed yet goes through it too', () => {
    // before, the choice was made on the tracked files alone and this tree went to the worker pool (which cannot start
    // under the test runner: its worker is TypeScript there, so the scan threw)
    const { dir } = repo(files);
    const viaRipgrep = scanWithEvidence(dir, { parallelMin: 1 });
    expect(viaRipgrep.result.findings).toEqual(scanWithEvidence(dir, { ripgrep: false }).result.findings);
    expect(viaRipgrep.result.stats.files).toBe(5);
  });

  it('outside a work tree the walk lists everything at once', () => {
    const dir = tree(files);
    const discovery = startDiscovery(dir);
    expect(discovery.first.method).toBe('walk');
    expect(discovery.first.files).toHaveLength(5);
    expect(discovery.rest()).toBeNull();
  });

  it('the CLI waits for the git process it started with the listing, and gets the same listing and result', async () => {
    const { dir } = repo(files);
    git(dir, 'add', 'svc/appsettings.json', 'z-last/web.config');
    git(dir, 'commit', '-qm', 'part');
    expect(await startDiscovery(dir, true).restAsync()).toEqual(startDiscovery(dir).rest());
    expect((await startDiscovery(dir, true).restAsync())?.files).toEqual(['a-new/.env', 'svc/tracked-reader.ts', 'svc/untracked-reader.ts']);
    const [viaAsync] = await scanManyWithEvidenceAsync([dir]);
    const viaSync = scanWithEvidence(dir);
    expect({ ...viaAsync!.result, stats: { ...viaAsync!.result.stats, ms: 0 } }).toEqual({ ...viaSync.result, stats: { ...viaSync.result.stats, ms: 0 } });
    expect(viaAsync!.files.map((f) => f.file)).toEqual(viaSync.files.map((f) => f.file));
  });

  it('when git cannot list the untracked files, the walk finds them: more, never fewer', () => {
    const { dir } = repo(files);
    git(dir, 'add', 'svc/appsettings.json');
    git(dir, 'commit', '-qm', 'part');
    const discovery = startDiscovery(dir);
    expect(discovery.first.files).toEqual(['svc/appsettings.json']);
    // the index turns unreadable after the tracked listing: `git ls-files --others` now fails
    writeFileSync(join(dir, '.git', 'index'), 'not an index');
    expect(() => execFileSync('git', ['ls-files', '--others'], { cwd: dir, stdio: 'pipe' })).toThrow();
    expect(discovery.rest()?.files).toEqual(['a-new/.env', 'svc/tracked-reader.ts', 'svc/untracked-reader.ts', 'z-last/web.config']);
  });
});

/** The built scan in a child process (a reader that blocks cannot then block the tests): its result, or null on timeout. `cli`: the CLI's scan (git and ripgrep processes at once). */
function scanInChild(dir: string, options: object, cli = false, setup = ''): ScanResultLike | null {
  const scanJs = pathToFileURL(join(repoRoot, 'dist', 'detect', 'scan.js')).href;
  const scan = cli ? `(await scanManyWithEvidenceAsync([process.env.A2E_DIR], ${JSON.stringify(options)}))[0]` : `scanWithEvidence(process.env.A2E_DIR, ${JSON.stringify(options)})`;
  const code = `import { scanManyWithEvidenceAsync, scanWithEvidence } from ${JSON.stringify(scanJs)}; ${setup} console.log(JSON.stringify(${scan}.result));`;
  // a file, not `-e`: the reader pool's workers (the fallback when ripgrep fails) start only from a module file
  const script = join(tempDir('child'), 'scan.mjs');
  writeFileSync(script, code);
  // a CPU limit, inherited by ripgrep: one that reads /dev/zero dies with the scan rather than outlive the test
  const r = spawnSync('sh', ['-c', 'ulimit -t 60 && exec "$0" "$@"', process.execPath, script], { env: { ...process.env, A2E_DIR: dir }, encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? (JSON.parse(r.stdout) as ScanResultLike) : null;
}
type ScanResultLike = { diagnostics: unknown[]; skipped: unknown[]; findings: { file: string }[] };

// A work tree that is not what its index says (an extracted tarball with its .git, a build step before the scan): the
// listing trusts the index's modes, so each reader must refuse what the work tree put in a file's place.
describe('a work tree that differs from its index', () => {
  it('a tracked folder swapped for a link is not followed: its files are not read, and the folder is named', () => {
    const { dir } = repo({ 'cfg/app.env': legacy, 'keep/.env': legacy });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'two');
    const outside = tempDir('outside');
    writeFileSync(join(outside, 'app.env'), `${legacy}PLANTED_OUTSIDE=1\n`);
    rmSync(join(dir, 'cfg'), { recursive: true });
    symlinkSync(outside, join(dir, 'cfg'));
    const listed = discoverFiles(dir);
    expect(listed.files).toEqual(['keep/.env']);
    expect(listed.unchecked).toEqual([{ file: 'cfg', reason: 'a symlink where the file listing has a folder (not followed)' }]);
    for (const ripgrep of [false, true]) {
      const result = scanWithEvidence(dir, { ripgrep, parallelMin: ripgrep ? 1 : Number.POSITIVE_INFINITY }).result;
      expect(result.findings.map((f) => f.file)).not.toContain('cfg/app.env');
      expect(JSON.stringify(result)).not.toContain('PLANTED');
      expect(result.diagnostics).toEqual([{ file: 'cfg', line: null, message: 'a symlink where the file listing has a folder (not followed)' }]);
    }
  });

  it.skipIf(missing(!ripgrepBinary() || process.platform === 'win32', 'no ripgrep (rg) or no FIFOs: the ripgrep path is not checked against swapped files'))(
    'a tracked file swapped for a FIFO, a link to /dev/zero or a link to a plain file outside: ripgrep is never handed one, each is reported alike on both paths',
    () => {
      const files: Record<string, string> = { 'app/.env': legacy, 'app/values.yaml': 'port: 80\n', 'app/settings.env': 'LOG_LEVEL=info\n', 'src/zero.ts': 'export {};\n' };
      for (let i = 0; i < 20; i++) files[`src/m${i}.ts`] = `export const n${i} = ${i};\n`;
      const { dir } = repo(files);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'files');
      const outside = tempDir('outside');
      writeFileSync(join(outside, 'hostname'), 'PLANTEDHOST\n'); // no legacy literal: ripgrep would pass it over in silence
      rmSync(join(dir, 'app/values.yaml'));
      execFileSync('mkfifo', [join(dir, 'app/values.yaml')]);
      rmSync(join(dir, 'app/settings.env'));
      symlinkSync(join(outside, 'hostname'), join(dir, 'app/settings.env'));
      rmSync(join(dir, 'src/zero.ts'));
      symlinkSync('/dev/zero', join(dir, 'src/zero.ts'));
      const viaRipgrep = scanInChild(dir, { parallelMin: 1 });
      // a ripgrep still waiting on the FIFO gets its end of file and goes on (to its end, or its CPU limit)
      if (!viaRipgrep) closeSync(openSync(join(dir, 'app/values.yaml'), constants.O_WRONLY | constants.O_NONBLOCK));
      const inProcess = scanInChild(dir, { ripgrep: false, parallelMin: Number.POSITIVE_INFINITY });
      expect(viaRipgrep).not.toBeNull(); // null: the scan did not end within 60 s
      const swapped = 'cannot read: a symlink where the file listing has a file (not followed)';
      expect(viaRipgrep!.diagnostics).toEqual([{ file: 'app/settings.env', line: null, message: swapped }, { file: 'src/zero.ts', line: null, message: swapped }]);
      expect(viaRipgrep!.skipped).toEqual([{ file: 'app/values.yaml', reason: 'not a regular file' }]);
      expect(viaRipgrep!.findings.map((f) => f.file)).toContain('app/.env');
      expect({ diagnostics: viaRipgrep!.diagnostics, skipped: viaRipgrep!.skipped }).toEqual({ diagnostics: inProcess!.diagnostics, skipped: inProcess!.skipped });
    },
    150_000,
  );
});

// A regular file ripgrep would read for hours: a sparse file of terabytes (a tarball carries one in a few bytes).
// ripgrep reads a file its command line names whatever --max-filesize says; the listing does not stat each file.
describe.skipIf(missing(!ripgrepBinary() || process.platform === 'win32', 'no ripgrep (rg), or Windows: a sparse file on the ripgrep path is not checked'))('a sparse file of terabytes', () => {
  it('ripgrep gives up after its time limit, and the in-process path (at most 256 MB of any file) takes over', () => {
    const files: Record<string, string> = { 'app/.env': legacy };
    for (let i = 0; i < 20; i++) files[`src/m${i}.ts`] = `export const n${i} = ${i};\n`;
    const { dir } = repo(files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    writeFileSync(join(dir, 'src/huge.ts'), '');
    try {
      truncateSync(join(dir, 'src/huge.ts'), 2 ** 42); // 4 TB, no block of it on disk
    } catch {
      if (missing(true, 'the temp folder\'s file system has no 4 TB sparse files: a sparse file on the ripgrep path is not checked')) return;
    }
    const limits = pathToFileURL(join(repoRoot, 'dist', 'detect', 'ripgrep.js')).href;
    for (const cli of [false, true]) {
      const result = scanInChild(dir, { parallelMin: 1 }, cli, `(await import(${JSON.stringify(limits)})).ripgrepLimits.timeoutMs = 2000;`);
      expect(result).not.toBeNull(); // null: the scan did not end within 60 s
      expect(result!.findings.map((f) => f.file)).toEqual(['app/.env']);
      expect(result!.diagnostics).toEqual([{ file: 'src/huge.ts', line: null, message: expect.stringMatching(/^larger than --max-file-size \(4398046511104 > \d+ bytes\): not checked, and it may hold legacy OAuth settings/) }]);
    }
  }, 150_000);
});

describe('the files git vouches for', () => {
  // git diff-files (its own lstat of every tracked file, in a process of its own) names each file that changed in the
  // work tree; the others need no look of ours. These are the ways an entry escapes git's lstat, or git cannot answer.
  const swapped = (dir: string) => {
    rmSync(join(dir, 'app/values.yaml'));
    execFileSync('mkfifo', [join(dir, 'app/values.yaml')]);
    rmSync(join(dir, 'app/settings.env'));
    symlinkSync('/dev/zero', join(dir, 'app/settings.env'));
  };
  const files = { 'app/.env': legacy, 'app/values.yaml': 'port: 80\n', 'app/settings.env': 'LOG_LEVEL=info\n', 'src/a.ts': 'export {};\n' };

  it.skipIf(missing(process.platform === 'win32', 'no FIFOs on Windows'))('a file marked assume-unchanged (git skips its lstat) and then swapped is looked at all the same', async () => {
    const { dir } = repo(files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    git(dir, 'update-index', '--assume-unchanged', 'app/values.yaml', 'app/settings.env');
    swapped(dir);
    expect(git(dir, '-c', 'core.fsmonitor=false', 'diff-files', '--name-only')).toBe(''); // git itself no longer sees them
    expect([...discoverFiles(dir).special].sort()).toEqual(['app/settings.env', 'app/values.yaml']);
    expect([...(await startDiscoveryAsync(dir)).first.special].sort()).toEqual(['app/settings.env', 'app/values.yaml']);
  });

  it.skipIf(missing(process.platform === 'win32', 'no FIFOs on Windows'))('when git diff-files cannot run safely (a filter driver named with "="), every file is looked at', () => {
    const { dir } = repo(files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    git(dir, 'config', 'filter.a=b.clean', 'cat');
    swapped(dir);
    expect([...discoverFiles(dir).special].sort()).toEqual(['app/settings.env', 'app/values.yaml']);
  });

  it.skipIf(missing(process.platform !== 'linux', 'file names that are not UTF-8 need Linux: their decoding is not checked'))('a name that is not UTF-8 is not vouched for: another name decodes to the same string', async () => {
    // `d\xff` decodes as `d\uFFFD`, and so does the real name `d\uFFFD` (bytes EF BF BD): git's word on the one said
    // nothing of the other, a link to a folder outside, and the scan read what that folder holds
    const { dir } = repo({ 'keep.env': 'LOG_LEVEL=info\n' });
    const latin1 = Buffer.concat([Buffer.from(`${dir}/d`), Buffer.from([0xff])]);
    mkdirSync(latin1);
    writeFileSync(Buffer.concat([latin1, Buffer.from('/x.env')]), 'LOG_LEVEL=info\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    const outside = tempDir('outside');
    writeFileSync(join(outside, 'x.env'), `${legacy}PLANTED_OUTSIDE=1\n`);
    symlinkSync(outside, join(dir, 'd\uFFFD'));
    for (const listed of [discoverFiles(dir), (await startDiscoveryAsync(dir)).first]) {
      expect(listed.files).toEqual(['keep.env']);
      expect(listed.unchecked).toEqual([{ file: 'd\uFFFD', reason: 'a symlink where the file listing has a folder (not followed)' }]);
    }
    for (const ripgrep of [false, true]) {
      const result = scanWithEvidence(dir, { ripgrep, parallelMin: ripgrep ? 1 : Number.POSITIVE_INFINITY }).result;
      expect(result.findings).toEqual([]);
      expect(JSON.stringify(result)).not.toContain('PLANTED');
    }
  });

  it.skipIf(missing(!ripgrepBinary() || process.platform !== 'linux', 'no ripgrep (rg), or not Linux (a path past PATH_MAX): long paths are not checked'))(
    'a path too long for git\'s lstat or for the folder\'s readdir, where ripgrep\'s shorter one opens a FIFO: never handed to ripgrep',
    () => {
      // the root is a subfolder: git's path is `sub/` longer than ripgrep's, the readdir's is the root's length longer.
      // git's lstat failing (ENAMETOOLONG) left the name out of diff-files (it said so only on stderr) and vouched for
      // it; a readdir failing the same way counted as "no odd entry there"; and ripgrep, given the short path, waited
      // on the FIFO for ever
      const files: Record<string, string> = { 'sub/.env': legacy };
      for (let i = 0; i < 20; i++) files[`sub/m${i}.ts`] = `export const n${i} = ${i};\n`;
      const { dir } = repo(files);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'files');
      const root = join(dir, 'sub');
      const rootLength = Buffer.byteLength(realpathSync(root));
      expect(rootLength).toBeLessThan(190);
      // the folder is within reach of a readdir from the root, the file past git's PATH_MAX from the top
      const gitsOwn = deep('a', 3900, 'f'.repeat(4093 - 3901 - 3) + '.ts');
      // the folder is past PATH_MAX from the root, the file within it relative to the root
      const readdirs = deep('b', 4089, 'x.ts');
      // untracked, git lists it (its path from the top is within reach) and our lstat cannot reach it
      const untracked = deep('c', 4086, 'z.ts');
      try {
        for (const d of [gitsOwn, readdirs]) {
          atDepth(root, d, "require('node:child_process').execFileSync('mkfifo', [name]);");
          git(dir, 'update-index', '--add', '--cacheinfo', `100644,${git(dir, 'hash-object', '-w', 'sub/m0.ts').trim()},sub/${d.path}`);
        }
        atDepth(root, untracked, "fs.symlinkSync('/dev/zero', name);");
        expect(Buffer.byteLength(`sub/${gitsOwn.path}`)).toBeGreaterThanOrEqual(4096);
        expect(rootLength + 1 + Buffer.byteLength(readdirs.folder)).toBeGreaterThanOrEqual(4096);
        expect(rootLength + 1 + Buffer.byteLength(untracked.path)).toBeGreaterThanOrEqual(4096);
        for (const cli of [false, true]) {
          const result = scanInChild(root, { parallelMin: 1 }, cli);
          // a ripgrep still waiting on a FIFO gets its end of file and goes on (one reading /dev/zero meets its CPU limit)
          if (!result) for (const d of [gitsOwn, readdirs]) atDepth(root, d, 'try { fs.closeSync(fs.openSync(name, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)); } catch {}');
          expect(result).not.toBeNull(); // null: the scan did not end within 60 s
          expect(result!.findings.map((f) => f.file)).toEqual(['.env']);
          expect(result!.diagnostics).toHaveLength(3);
          expect(result!.diagnostics).toEqual(expect.arrayContaining([
            { file: gitsOwn.path, line: null, message: 'cannot read: ENAMETOOLONG' },
            { file: readdirs.folder, line: null, message: 'folder not readable (ENAMETOOLONG): not scanned' },
            { file: untracked.path, line: null, message: 'cannot read: ENAMETOOLONG' },
          ]));
        }
      } finally {
        execFileSync('rm', ['-rf', 'a'.repeat(200), 'b'.repeat(200), 'c'.repeat(200)], { cwd: root }); // past PATH_MAX: rmSync cannot
      }
    },
    150_000,
  );

  it.skipIf(missing(process.platform === 'win32', 'no FIFOs on Windows'))('a small repository is looked at without git diff-files (cheaper than starting git), with the same listing', async () => {
    const { dir } = repo(files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    swapped(dir);
    const trace = join(tempDir('trace'), 'git.log');
    const traced = async (bytes: number) => {
      listingLimits.vouchFromIndexBytes = bytes;
      process.env.GIT_TRACE = trace;
      try {
        rmSync(trace, { force: true });
        const listed = [discoverFiles(dir), (await startDiscoveryAsync(dir)).first].map((l) => ({ files: l.files, special: [...l.special].sort() }));
        return { listed, diffFiles: readFileSync(trace, 'utf8').includes('diff-files') };
      } finally {
        delete process.env.GIT_TRACE;
        listingLimits.vouchFromIndexBytes = 0;
      }
    };
    const small = await traced(vouchFromIndexBytes);
    const vouched = await traced(0);
    expect(small.diffFiles).toBe(false);
    expect(vouched.diffFiles).toBe(true);
    expect(small.listed).toEqual(vouched.listed);
    expect(small.listed[0]!.special).toEqual(['app/settings.env', 'app/values.yaml']);
  });

  it('the CLI\'s listing (git at once, off the thread) and the library\'s give the same files, links and special entries', async () => {
    const { dir } = repo({ ...files, 'link.env': '' });
    rmSync(join(dir, 'link.env'));
    symlinkSync('app/.env', join(dir, 'link.env'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    writeFileSync(join(dir, 'new.env'), legacy);
    const sync = startDiscovery(dir, false);
    const viaAsync = await startDiscoveryAsync(dir);
    expect(viaAsync.first).toEqual(sync.first);
    expect(await viaAsync.restAsync()).toEqual(sync.rest());
  });
});

type Deep = { folder: string; name: string; path: string; parts: string[] };

/** A folder path of `length` bytes (parts of at most 200 letters `letter`) with a file `name` in it. */
function deep(letter: string, length: number, name: string): Deep {
  const parts: string[] = [];
  let left = length;
  for (; left > 201; left -= 201) parts.push(letter.repeat(200));
  parts.push(letter.repeat(left));
  const folder = parts.join('/');
  return { folder, name, path: `${folder}/${name}`, parts };
}

/** Runs `code` (CommonJS, `fs` and `name` at hand) in that folder, reached one part at a time (made if need be): no system call takes a path past PATH_MAX, and the shell's `cd` refuses one. */
function atDepth(root: string, d: Deep, code: string): void {
  const script = `const fs = require('node:fs'); const name = ${JSON.stringify(d.name)}; for (const p of ${JSON.stringify(d.parts)}) { fs.mkdirSync(p, { recursive: true }); process.chdir(p); } ${code}`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, stdio: 'pipe', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`at depth: ${String(r.stderr).slice(-300)}`);
}

/** A git index (version 2) with exactly these entries, as a hostile tarball can ship one: git checks names when it adds them, not when it reads an index. */
function forgeIndex(dir: string, entries: { mode: number; object: string; path: string }[]): void {
  const parts = [Buffer.from('DIRC'), Buffer.from([0, 0, 0, 2]), Buffer.alloc(4)];
  parts[2]!.writeUInt32BE(entries.length);
  for (const { mode, object, path } of [...entries].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const name = Buffer.from(path);
    const head = Buffer.alloc(62);
    head.writeUInt32BE(mode, 24);
    Buffer.from(object, 'hex').copy(head, 40);
    head.writeUInt16BE(Math.min(name.length, 0xfff), 60);
    const length = 62 + name.length;
    parts.push(head, name, Buffer.alloc(8 - (length % 8)));
  }
  const body = Buffer.concat(parts);
  writeFileSync(join(dir, '.git', 'index'), Buffer.concat([body, createHash('sha1').update(body).digest()]));
}

describe('a forged index', () => {
  it('names that climb out of the root (.., empty or . parts) are not read, and are named', () => {
    const { dir } = repo({ 'app/.env': 'LOG_LEVEL=info\n' });
    const victim = join(dir, '..', 'victim.env');
    writeFileSync(victim, `${legacy}PLANTED_VICTIM=1\n`);
    const object = git(dir, 'hash-object', '-w', 'app/.env').trim();
    const names = ['app/.env', '../victim.env', 'app/../../victim.env', 'app//.env', './app/.env'];
    forgeIndex(dir, names.map((path) => ({ mode: 0o100644, object, path })));
    expect(git(dir, 'ls-files', '-z').split('\0').filter(Boolean).sort()).toEqual([...names].sort()); // git lists them as they are
    const listed = discoverFiles(dir);
    expect(listed.files).toEqual(['app/.env']);
    expect(listed.unchecked.map((u) => u.file).sort()).toEqual(names.slice(1).sort());
    expect(listed.unchecked[0]!.reason).toBe('a path git would never check out (an empty, . or .. part): not read');
    for (const ripgrep of [false, true]) {
      const result = scanWithEvidence(dir, { ripgrep, parallelMin: ripgrep ? 1 : Number.POSITIVE_INFINITY }).result;
      expect(result.findings).toEqual([]);
      expect(JSON.stringify(result)).not.toContain('PLANTED');
    }
  });
});

describe('links into a folder that is never scanned', () => {
  it('a committed link to .git/config or into .ado2entra/ is not read', () => {
    const { dir } = repo({ 'a.env': 'LOG_LEVEL=info\n', '.ado2entra/backups/x/files/.env': `${legacy}PLANTED_BACKUP=1\n` });
    git(dir, 'config', 'remote.origin.url', 'https://dev.azure.com/org/project/_git/PLANTED_REMOTE');
    symlinkSync('.git/config', join(dir, 'git.ini'));
    symlinkSync('.ado2entra/backups/x/files/.env', join(dir, 'backup.env'));
    git(dir, 'add', 'a.env', 'git.ini', 'backup.env');
    git(dir, 'commit', '-qm', 'links');
    const listed = discoverFiles(dir);
    expect(listed.files).toEqual(['a.env']);
    expect(listed.skipped).toEqual([
      { file: 'backup.env', reason: 'symlink into .git, node_modules or .ado2entra (never scanned)' },
      { file: 'git.ini', reason: 'symlink into .git, node_modules or .ado2entra (never scanned)' },
    ]);
    const result = scanWithEvidence(dir, { ripgrep: false });
    expect(result.files.map((f) => f.file)).toEqual([]);
    expect(JSON.stringify(result.result)).not.toContain('PLANTED');
  });
});

// Read by name, not through the listing: a FIFO there blocked a plain read forever, a link to /dev/zero never ended it.
describe.skipIf(missing(process.platform === 'win32', 'Windows has no FIFOs: reads by a fixed name are not checked against one'))('files read by a fixed name: .ado2entraignore, .gitignore', () => {
  it('a FIFO or a link to /dev/zero is no file: validate runs as without one, and an ordinary one still counts', async () => {
    const { validate } = await import('../../src/index.js');
    const { ignoreFileAt } = await import('../../src/cli/scan.js');
    const dir = tree({ 'app/.env': legacy });
    const ignoreFile = join(dir, '.ado2entraignore');
    execFileSync('mkfifo', [ignoreFile]);
    expect(await ignoreFileAt(dir)).toBeNull();
    const failing = await validate(dir);
    expect(failing.ok).toBe(false);
    rmSync(ignoreFile);
    symlinkSync('/dev/zero', ignoreFile);
    expect(await ignoreFileAt(dir)).toBeNull();
    expect((await validate(dir)).ok).toBe(false);
    rmSync(ignoreFile);
    writeFileSync(ignoreFile, 'app/\n');
    expect((await validate(dir)).ok).toBe(true);
    rmSync(join(dir, 'app'), { recursive: true });
    execFileSync('mkfifo', [join(dir, '.gitignore')]);
    expect(discoverFiles(dir).files).toEqual(['.ado2entraignore']);
  });
});

describe('mergeSorted (untracked files join the tracked listing in one pass)', () => {
  it('gives what sorting both together gives, for any two sorted lists of names', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'B', '/', '.', '-', 'é', '日', '😀'), maxLength: 6 });
    fc.assert(fc.property(fc.array(name), fc.array(name), (x, y) => {
      const a = [...x].sort();
      const b = [...y].sort();
      expect(mergeSorted(a, b, (p, q) => (p < q ? -1 : p > q ? 1 : 0))).toEqual([...a, ...b].sort());
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 1000) });
  });
});
