// #16 A: the git listing reads what each tracked entry is from the index (no lstat per file); these are the cases
// where that could go wrong: links in the index, a file swapped for a link in the work tree, hostile names.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/detect/discover.js';
import { ripgrepBinary } from '../../src/detect/ripgrep.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';
import { tree } from '../support/tree.js';

const legacy = 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n';
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'core.autocrlf=false', ...args], { cwd, stdio: 'pipe' }).toString();

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
    const { files, unchecked } = discoverFiles(dir);
    expect(files).toEqual(['gone.env', 'was-file.env']);
    expect(unchecked).toEqual([]);
    const result = scanWithEvidence(dir, { ripgrep: false }).result;
    expect(result.diagnostics).toEqual([{ file: 'gone.env', line: null, message: expect.stringMatching(/^cannot read: file vanished/) }]);
    expect(result.skipped).toContainEqual({ file: 'was-file.env', reason: 'not a regular file' });
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
