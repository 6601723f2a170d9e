// #15.11: a long scan shows a progress line on stderr when a person watches (a terminal), and nothing otherwise.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliBin } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

function bigTree(files: number): string {
  const dir = tempDir('progress');
  writeFileSync(join(dir, '.env'), 'VSTS_CLIENT_ID=0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a\nVSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n');
  mkdirSync(join(dir, 'src'));
  for (let i = 0; i < files; i++) writeFileSync(join(dir, 'src', `m${i}.js`), `export const n${i} = ${i};\n`);
  return dir;
}

describe('scan progress', () => {
  it('stderr a terminal: a line rewritten in place with files read of total and legacy files, erased at the end; stdout untouched', async () => {
    const dir = bigTree(50);
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = true;
    try {
      const r = await cli(['scan', dir, '--json']);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^\r\x1b\[2Kscanning: \d+\/51 files read, [01] with legacy Azure DevOps OAuth/);
      expect(r.stderr).toContain('scanning: 51/51 files read, 1 with legacy Azure DevOps OAuth');
      expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
      expect(JSON.parse(r.stdout).apps).toHaveLength(1);
      expect((await cli(['scan', dir, '--quiet'])).stderr).toBe('');
    } finally {
      process.stderr.isTTY = tty;
    }
  });

  it('stderr not a terminal (a pipe, a CI log): no progress at all', async () => {
    const r = await cli(['scan', bigTree(50)]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('scanning:');
  });

  it('in a real pseudo-terminal, through the worker threads of a 2,100-file tree', () => {
    const dir = bigTree(2100);
    const out = join(tempDir('progress-out'), 'scan.json');
    // script(1) gives the command a pseudo-terminal; stdout goes to a file so only stderr reaches the terminal.
    const r = spawnSync('script', ['-qec', `"${process.execPath}" "${cliBin}" scan "${dir}" --json > "${out}"`, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('scanning: 2101/2101 files read, 1 with legacy Azure DevOps OAuth');
    const piped = spawnSync(process.execPath, [cliBin, 'scan', dir, '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(piped.stderr).toBe('');
  }, 120_000);
});

describe('scan --verbose: where the time went', () => {
  it('one line per step on stderr, in order, with the counts the result has; stdout untouched; nothing without --verbose', async () => {
    const dir = bigTree(50);
    const r = await cli(['scan', dir, '--json', '--verbose']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { apps: unknown[]; entraApps: unknown[]; stats: { files: number } };
    const lines = r.stderr.trim().split('\n');
    expect(lines.map((l) => /^scan: ([a-z ]+?) \d+ ms, /.exec(l)?.[1])).toEqual(['listing', 'config', 'untracked', 'sources', 'grouping', 'entra status']);
    expect(lines[0]).toMatch(new RegExp(`, ${result.stats.files} files$`));
    expect(lines[3]).toMatch(/, 50 files (through ripgrep|read here)$/);
    expect(lines[4]).toMatch(new RegExp(`, ${result.apps.length} apps?$`));
    expect(lines[5]).toMatch(new RegExp(`, ${result.entraApps.length} Entra apps?$`));
    expect((await cli(['scan', dir, '--json'])).stderr).not.toContain('scan: ');
  });
});
