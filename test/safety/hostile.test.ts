import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { ScanResult } from '../../src/model/scan.js';
import { repoRoot } from '../support/golden.js';
import { missing } from '../support/skip.js';
import { hostileTree } from '../support/hostile.js';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');

/** Runs the CLI under /usr/bin/time: exit code, output and peak RSS; a hang fails by the spawn timeout. */
function measured(args: string[], cwd: string) {
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB=%M', process.execPath, cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  const rss = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, rssMb: rss / 1024 };
}

describe('hostile input: every bad file gets a diagnostic, the run finishes, memory stays bounded, nothing crashes', () => {
  const { dir, expect: expected } = hostileTree();

  it('scan reports each file and still finds the legacy settings in the readable ones', () => {
    const r = measured(['scan', '.', '--json'], dir);
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.rssMb).toBeLessThan(300);
    const result = ScanResult.parse(JSON.parse(r.stdout));
    const said = [...result.diagnostics.map((d) => [d.file, d.message]), ...result.skipped.map((s) => [s.file, s.reason])];
    for (const [file, why] of Object.entries(expected)) {
      expect(said.find(([f]) => f === file)?.[1], file).toMatch(why);
    }
    expect(result.apps.map((a) => a.files[0])).toEqual(expect.arrayContaining(['alias-bomb.yaml', 'invalid-utf8.env', 'utf16.env']));
    expect(r.stdout).not.toMatch(/root:x:0:0/); // XXE: /etc/passwd is never read
  });

  it('the 50 MB single-line file is parsed when allowed, within bounds', () => {
    const r = measured(['scan', '.', '--json', '--max-file-size', '64m'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.rssMb).toBeLessThan(300);
    expect(ScanResult.parse(JSON.parse(r.stdout)).apps.some((a) => a.files.includes('single-line-50mb.json'))).toBe(true);
  });

  it.each([['validate', 1], ['plan', 0], ['report', 0]] as const)('%s exits %i, never 3', (command, code) => {
    const extra = command === 'plan' ? ['--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555'] : [];
    const r = measured([command, '.', ...extra], dir);
    expect(r.status, r.stderr).toBe(code);
    expect(r.rssMb).toBeLessThan(300);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe.skipIf(missing(process.getuid?.() === 0, 'running as root, who reads any file: the permission-denied test needs an ordinary user'))('an unreadable file', () => {
  it('gets a permission-denied diagnostic and the run goes on', async () => {
    const { chmodSync, writeFileSync } = await import('node:fs');
    const dir = tempDir('unreadable');
    writeFileSync(join(dir, 'secret.env'), 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n');
    chmodSync(join(dir, 'secret.env'), 0o000);
    const r = measured(['scan', '.', '--json'], dir);
    expect(r.status).toBe(0);
    expect(ScanResult.parse(JSON.parse(r.stdout)).diagnostics).toEqual([{ file: 'secret.env', line: null, message: 'cannot read: permission denied' }]);
  });
});
