// #15.16: help that lists what each command takes, examples at the top level, the scopes table its help promises,
// rollback's exit code, and shell completion checked in the real shells.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliBin } from '../support/cli.js';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';

const planOnly = ['--keep-legacy', '--secret-ref', '--msa-users'];
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

describe('help', () => {
  it('verify and validate list only their own flags; plan, report and migrate keep the plan flags', async () => {
    for (const cmd of ['verify', 'validate']) {
      const help = (await cli([cmd, '--help'])).stdout;
      for (const flag of planOnly) expect(help, `${cmd} --help`).not.toContain(flag);
      expect(help).toContain('--tenant');
      expect((await cli([cmd, '.', '--keep-legacy'])).status).toBe(2);
    }
    for (const cmd of ['plan', 'report', 'migrate']) {
      const help = (await cli([cmd, '--help'])).stdout;
      for (const flag of planOnly) expect(help, `${cmd} --help`).toContain(flag);
    }
  });

  it('the top-level help has an example for each step of the pipeline', async () => {
    const help = (await cli(['--help'])).stdout;
    const examples = help.slice(help.indexOf('Examples:'));
    for (const cmd of ['scan', 'plan', 'apply', 'verify', 'validate', 'migrate', 'completion']) expect(examples).toContain(`$ ado2entra ${cmd} `);
  });

  it('scopes prints the Entra form and explains hp', async () => {
    const r = await cli(['scopes', 'vso.code', 'vso.agentpools_manage']);
    expect(r.status).toBe(0);
    const [header, code, pools] = r.stdout.split('\n');
    expect(header).toMatch(/^scope\s+Entra form\s+Entra permission id\s+hp\s+includes$/);
    expect(code).toMatch(/^vso\.code\s+499b84ac-1321-427f-aa17-267ca6975798\/vso\.code\s+[0-9a-f-]{36}\s+no\s/);
    expect(pools).toMatch(/\/vso\.agentpools_manage\s+[0-9a-f-]{36}\s+yes\s/);
    expect(r.stdout).toMatch(/^hp: high privilege/m);
  });

  it('rollback with nothing to roll back is exit 1, said on stderr even with --quiet', async () => {
    const r = await cli(['rollback', '--root', tempDir('empty'), '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nothing to roll back/);
    expect(r.stdout).toBe('');
  });

  it('a reader that closes the pipe early is not an error', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; NO_COLOR=1 "${process.execPath}" "${cliBin}" scopes | head -n 1`], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toMatch(/^scope\s/);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('completion', () => {
  const script = async (shell: string) => {
    const r = await cli(['completion', shell]);
    expect(r.status).toBe(0);
    const file = join(tempDir('completion'), `ado2entra.${shell}`);
    writeFileSync(file, r.stdout);
    return file;
  };

  it('an unknown shell is a usage error', async () => expect((await cli(['completion', 'tcsh'])).status).toBe(2));

  it('bash: commands, a command\'s own flags, and a flag\'s choices', async () => {
    const file = await script('bash');
    const complete = (...words: string[]) => spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ado2entra; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(complete('ado2entra', 'va').stdout.split('\n')).toContain('validate');
    const flags = complete('ado2entra', 'verify', '--').stdout.split('\n');
    expect(flags).toEqual(expect.arrayContaining(['--tenant', '--flow', '--json']));
    expect(flags).not.toContain('--keep-legacy');
    expect(complete('ado2entra', 'validate', '--fail-on', '').stdout.split('\n').filter(Boolean)).toEqual(['error', 'warning', 'note']);
  });

  it.skipIf(missing(!has('fish') && !process.env.CI, 'no fish: its completion script is not run; `apt-get install fish` to run it (CI always does)'))('fish: the same, through fish\'s own completer', async () => {
    const file = await script('fish');
    const complete = (line: string) => spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split('\t')[0]);
    expect(complete('ado2entra va')).toContain('validate');
    expect(complete('ado2entra verify --')).toEqual(expect.arrayContaining(['--tenant', '--flow']));
    expect(complete('ado2entra verify --')).not.toContain('--keep-legacy');
  });

  it.skipIf(missing(!has('zsh') && !process.env.CI, 'no zsh: its completion script is not run; `apt-get install zsh` to run it (CI always does)'))('zsh: it loads through compinit and registers the completer', async () => {
    const file = await script('zsh');
    const r = spawnSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D && source '${file}' && print -r -- \${_comps[ado2entra]} && typeset -f _ado2entra`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('_ado2entra');
    expect(r.stdout).toContain("'--flow:which flows to run'");
  });
});
