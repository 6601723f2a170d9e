// #13.10: validate is a CI gate, so a file it could not check is a finding (A2E090, error by default), never a
// stderr warning that a green build hides.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missing } from '../support/skip.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { validate } from '../../src/rules/run.js';
import { parseIgnoreFile } from '../../src/rules/suppress.js';
import { tempDir } from '../support/temp.js';
import { tree } from '../support/tree.js';

const legacy = 'https://app.vssps.visualstudio.com/oauth2/authorize';
const options = { failOn: 'error' as const, ignore: [] as string[], ignoreFile: null, baseline: null };
const notChecked = (dir: string, opts: Partial<typeof options> = {}) => {
  const result = validate(scanWithEvidence(dir), { ...options, ...opts });
  return { result, unchecked: result.findings.filter((f) => f.ruleId === 'A2E090').map((f) => [f.file, f.severity, f.message]) };
};

describe('files that could not be checked fail validate', () => {
  it('a Web.config with an internal DTD entity: entities are never expanded, the file is not checked', () => {
    const dir = tree({ 'Web.config': `<?xml version="1.0"?>\n<!DOCTYPE configuration [<!ENTITY company "Fabrikam">]>\n<configuration>\n  <appSettings>\n    <add key="AuthUrl" value="${legacy}" />\n    <add key="Owner" value="&company;" />\n  </appSettings>\n</configuration>\n` });
    const { result, unchecked } = notChecked(dir);
    expect(unchecked).toEqual([['Web.config', 'error', expect.stringMatching(/^not checked: invalid XML: undefined entity/)]]);
    expect(result.ok).toBe(false);
  });

  it('a legacy appsettings.json padded past --max-file-size; an oversize file without legacy literals stays a skip', () => {
    const pad = 'x'.repeat(2 * 1024 * 1024);
    const dir = tree({ 'appsettings.json': JSON.stringify({ pad, AzureDevOps: { AuthUrl: legacy } }), 'big.json': JSON.stringify({ pad }) });
    const { result, unchecked } = notChecked(dir);
    expect(unchecked).toEqual([['appsettings.json', 'error', expect.stringMatching(/larger than --max-file-size .*may hold legacy OAuth/)]]);
    expect(result.ok).toBe(false);
  });

  it('a config that does not parse, and a document over the per-file limits', () => {
    const dir = tree({
      'broken.json': `{"AuthUrl": "${legacy}",, }`,
      'huge.json': JSON.stringify({ AuthUrl: legacy, list: Array.from({ length: 55_000 }, (_, i) => `v${i}`) }),
      'huge.yaml': `authUrl: ${legacy}\nlist:\n${Array.from({ length: 55_000 }, (_, i) => `  - v${i}\n`).join('')}`,
    });
    const { unchecked } = notChecked(dir);
    expect(unchecked).toEqual([
      ['broken.json', 'error', expect.stringMatching(/invalid JSON/)],
      ['huge.json', 'error', expect.stringMatching(/more than 50,000 values/)],
      ['huge.yaml', 'error', expect.stringMatching(/more than 50,000 values/)],
    ]);
  });

  it('a git submodule is not scanned, and says so', () => {
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'protocol.file.allow=always', ...args], { cwd, stdio: 'pipe' });
    const sub = tempDir('submodule');
    git(sub, 'init', '-q');
    writeFileSync(join(sub, '.env'), `VSTS_AUTH_URL=${legacy}\n`);
    git(sub, 'add', '.');
    git(sub, 'commit', '-qm', 'legacy');
    const dir = tree({ 'README.md': 'app\n' });
    git(dir, 'init', '-q');
    git(dir, 'submodule', 'add', '-q', sub, 'vendor/auth');
    const { unchecked } = notChecked(dir);
    expect(unchecked).toEqual([['vendor/auth', 'error', 'not checked: git submodule: not scanned (run ado2entra in it)']]);
  });

  it('--ignore A2E090 and an `A2E090 path` line accept it like any other rule', () => {
    const dir = tree({ 'broken.json': `{"AuthUrl": "${legacy}",, }` });
    expect(notChecked(dir, { ignore: ['A2E090'] }).result.ok).toBe(true);
    expect(notChecked(dir, { ignoreFile: parseIgnoreFile('A2E090 broken.json\n') } as never).result).toMatchObject({ ok: true, suppressed: { ignoreFile: 1 } });
  });
});

describe.skipIf(missing(process.getuid?.() === 0, 'running as root, who reads any folder: the unreadable-folder test needs an ordinary user'))('an unreadable folder', () => {
  it('is a finding, not a silent skip', async () => {
    const { chmodSync, mkdirSync } = await import('node:fs');
    const dir = tree({ 'a.env': 'X=1\n' });
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', '.env'), `VSTS_AUTH_URL=${legacy}\n`);
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      expect(notChecked(dir).unchecked).toEqual([['locked', 'error', expect.stringMatching(/folder not readable \(EACCES\)/)]]);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });
});
