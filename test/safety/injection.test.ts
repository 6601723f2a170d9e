// #13.6: names and values from a repository reach a terminal or a CI log only escaped. A file name may carry line
// breaks and CI commands, a value ANSI escapes: no output line may start a command we did not write, and no raw
// ESC byte from the repository reaches stdout or stderr.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciSafeLine, mdCode, mdFence, visible } from '../../src/report/escape.js';
import { repoRoot } from '../support/golden.js';
import { tempDir } from '../support/temp.js';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const ids = ['--tenant', '72f988bf-0000-4000-8000-000000000000', '--client-id', '11111111-2222-3333-4444-555555555555'];
const esc = '\u001b';
const hostileName = 'y\n##vso[task.setvariable variable=INJECTED]pwned\n::error file=z::spoofed\n.json';

function hostileRepo(): string {
  const dir = tempDir('injection');
  writeFileSync(join(dir, hostileName), JSON.stringify({
    VstsAuthUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize',
    VstsClientId: '3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93',
    [`Vsts${esc}[2JScope`]: `vso.code${esc}[2J${esc}[H all checks passed\r::error::spoofed`,
  }, null, 2));
  writeFileSync(join(dir, `${esc}[31mred.env`), `VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/token${esc}]0;pwned${esc}\\\nVSTS_CALLBACK_URL=https://app.example/cb${esc}[8mhidden\nVSTS_SCOPE=vso.work ##vso[task.complete result=Succeeded;]done\n`);
  return dir;
}

function run(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', TF_BUILD: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ stdout, stderr, code }));
  });
}

/** Lines that would run as a command: GitHub `::` at the start, Azure `##vso[` anywhere or `##[` at the start. */
function commandLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*::/.test(l) || /##vso\[/i.test(l) || /^\s*##\[/.test(l));
}

const runs: [string, string[]][] = [
  ['scan text', ['scan', '.']], ['scan json', ['scan', '.', '--json']],
  ['plan text', ['plan', '.', ...ids]], ['plan json', ['plan', '.', ...ids, '--json']],
  ['validate text', ['validate', '.', '--fail-on', 'note']], ['validate json', ['validate', '.', '--json']],
  ['validate sarif', ['validate', '.', '--format', 'sarif']], ['validate junit', ['validate', '.', '--format', 'junit']],
  ['validate github', ['validate', '.', '--format', 'github', '--fail-on', 'note']],
  ['validate azure-pipelines', ['validate', '.', '--format', 'azure-pipelines', '--fail-on', 'note']],
  ['report markdown', ['report', '.', ...ids]], ['report html', ['report', '.', ...ids, '--format', 'html']], ['report json', ['report', '.', ...ids, '--json']],
  ['verify text', ['verify', '.', ...ids]], ['verify json', ['verify', '.', ...ids, '--json']],
];

describe('no repository string runs as a terminal sequence or a CI command', () => {
  const dir = hostileRepo();
  it.each(runs)('%s', async (label, args) => {
    const r = await run(dir, [...args, '--verbose']);
    expect(r.code, r.stderr).not.toBe(3);
    if (!label.startsWith('verify')) expect(r.stdout).toContain('INJECTED'); // the hostile file was read and shown, escaped
    for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
      expect(text.includes(esc), `${label} ${stream}: raw ESC`).toBe(false);
      const commands = commandLines(text);
      if (stream === 'stdout' && label === 'validate github') {
        for (const l of commands) expect(l).toMatch(/^::(error|warning|notice) file=[^:,\n]*,line=\d+,col=\d+,title=A2E\d{3} ado2entra::[^\n]*$/);
        expect(commands.length).toBeGreaterThan(0);
      } else if (stream === 'stdout' && label === 'validate azure-pipelines') {
        for (const l of commands) {
          expect(l).toMatch(/^##vso\[task\.(logissue|complete) /);
          expect(l.match(/##vso\[/gi)).toHaveLength(1);
        }
      } else {
        expect(commands, `${label} ${stream}`).toEqual([]);
      }
    }
  }, 120_000);
});

describe('the escaping layer', () => {
  it('shows control characters, bidi overrides and line breaks as escapes', () => {
    expect(visible(`a${esc}[2Jb\r\nc\u202ed\u0007`)).toBe('a\\x1b[2Jb\\r\\nc\\u202ed\\x07');
    // the bidi marks and zero-width characters: a URL or path that reads as another on a terminal or in a ticket
    expect(visible('https://login.contoso.com\u200b.evil.example/cb\u200e\u200f\u061c\u2060\ufeff')).toBe('https://login.contoso.com\\u200b.evil.example/cb\\u200e\\u200f\\u061c\\u2060\\ufeff');
  });
  it('neutralises CI commands; in JSON with an escape that decodes to the same value', () => {
    expect(ciSafeLine('::error file=z::spoofed')).toBe('\\x3a:error file=z::spoofed');
    expect(ciSafeLine('  "file": "a ##vso[task.setvariable x]y"', true)).toBe('  "file": "a ##vso\\u005btask.setvariable x]y"');
    expect(JSON.parse(ciSafeLine('"##VSO[x]"', true))).toBe('##VSO[x]');
    expect(ciSafeLine('##[error]x')).toBe('##\\x5berror]x');
  });
  it('Markdown fences and code spans outlast any backtick run inside', () => {
    expect(mdFence('sh', 'a ```` b')).toBe('`````sh\na ```` b\n`````');
    expect(mdCode('a`b')).toBe('`` a`b ``');
  });
});
