import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '@inquirer/testing';
import { input } from '@inquirer/prompts';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { inputProblems } from '../../src/mapper/entra.js';
import type { Choice, Prompter } from '../../src/wizard/prompter.js';
import { runWizard } from '../../src/wizard/run.js';
import { server } from '../setup/network.js';
import { repoRoot } from '../support/golden.js';
import { clientId, configHashes, copyFixture, treeHashes } from '../support/plan-helpers.js';

const network = { use: (...h: Parameters<typeof server.use>) => server.use(...h), reset: () => server.resetHandlers() };

/** A person, scripted: answers by matching the question, and a log of everything asked and shown. */
function scripted(answers: [RegExp, unknown][]): Prompter & { asked: string[]; shown: string[] } {
  const asked: string[] = [];
  const shown: string[] = [];
  const answer = (message: string) => {
    asked.push(message);
    const i = answers.findIndex(([re]) => re.test(message));
    if (i < 0) throw new Error(`unexpected question: ${message}`);
    const [, value] = answers.splice(i, 1)[0]!;
    if (value instanceof Error) throw value;
    return value;
  };
  return {
    asked, shown,
    input: async (m, o) => {
      const v = answer(m) as string;
      const ok = o.validate?.(v) ?? true;
      if (ok !== true) throw new Error(`rejected: ${ok}`);
      return v;
    },
    select: async <T extends string>(m: string, _c: Choice<T>[]) => answer(m) as T,
    checkbox: async <T extends string>(m: string, _c: Choice<T>[]) => answer(m) as T[],
    confirm: async (m) => answer(m) as boolean,
    say: (t) => shown.push(t),
  };
}

const base: [RegExp, unknown][] = [
  [/tenant/, '72f988bf-0000-4000-8000-000000000000'], [/Client id/, clientId], [/prove its identity/, 'secret'],
  [/refer to the new secret/, 'env:ENTRA_CLIENT_SECRET'], [/Scopes: the minimal set is vso\.build vso\.code vso\.release\. Request/, 'default'],
  [/personal Microsoft account/, false], [/dual run/, false],
];
const ctx = (target: string, prompter: Prompter, yes = false) => ({ target, given: {}, yes, allowDirty: false, prompter, network, version: 'test' });
const abort = () => Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });

describe('the wizard, branch by branch', () => {
  it('apply: edits the file with a backup, verifies, writes the report; never asks for a secret value', async () => {
    const dir = copyFixture('node-express');
    const p = scripted([...base, [/\.env\.example: apply/, 'apply'], [/Apply 1 file/, true]]);
    const outcome = await runWizard(ctx(dir, p));
    expect(outcome).toMatchObject({ applied: ['.env.example'], verifyOk: true });
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toContain(`VSTS_CLIENT_ID="${clientId}"`);
    expect(readFileSync(outcome.reportFile!, 'utf8')).toContain('# Azure DevOps OAuth → Microsoft Entra ID');
    expect(existsSync(join(dir, '.ado2entra', 'backups', outcome.backupId!))).toBe(true);
    expect(p.asked.filter((q) => /secret/i.test(q))).toEqual(['How should config refer to the new secret?']);
    expect(p.shown.join('\n')).not.toContain('not-the-real-one-ask-ops');
  });

  it('show more, then skip: the file stays as it was', async () => {
    const dir = copyFixture('node-express');
    const before = treeHashes(dir);
    const p = scripted([...base, [/\.env\.example: apply/, 'more'], [/\.env\.example: apply/, 'skip']]);
    const outcome = await runWizard(ctx(dir, p));
    expect(outcome).toMatchObject({ applied: [], skipped: ['.env.example'] });
    expect(p.shown.some((s) => s.startsWith('Why: '))).toBe(true);
    expect(configHashes(dir)).toEqual(before);
  });

  it('declining the final confirmation writes no config file', async () => {
    const dir = copyFixture('node-express');
    const before = treeHashes(dir);
    await runWizard(ctx(dir, scripted([...base, [/\.env\.example: apply/, 'apply'], [/Apply 1 file/, false]])));
    expect(configHashes(dir)).toEqual(before);
  });

  it('Ctrl-C at any question before the confirmation leaves every file untouched', async () => {
    for (let at = 0; at <= base.length; at++) {
      const dir = copyFixture('node-express');
      const before = treeHashes(dir);
      const answers: [RegExp, unknown][] = [...base, [/\.env\.example: apply/, 'apply']];
      answers[at] = [answers[at]![0], abort()];
      await expect(runWizard(ctx(dir, scripted(answers)))).rejects.toMatchObject({ name: 'ExitPromptError' });
      expect(treeHashes(dir)).toEqual(before);
    }
  });

  it('a personal-account answer is reported as the blocker; several apps are offered as a checklist', async () => {
    const dir = copyFixture('ruby-toml-tool');
    const p = scripted([[/Which apps/, ['legacy-ini--vsts']], ...base.map(([re, v]): [RegExp, unknown] => (/minimal set/.test(re.source) ? [/Scopes:/, 'default'] : /personal/.test(re.source) ? [re, true] : [re, v])), [/legacy\.ini: apply/, 'apply'], [/Apply 1 file/, true]]);
    const outcome = await runWizard(ctx(dir, p));
    expect(p.shown.join('\n')).toMatch(/Entra apps do not natively support MSA users for Azure DevOps[\s\S]*https:\/\/learn\.microsoft\.com\/[\s\S]*dual run/);
    expect(readFileSync(outcome.reportFile!, 'utf8')).toMatch(/### Personal Microsoft accounts\n\n- \*\*A2E301\*\* legacy-ini--vsts: personal Microsoft accounts/);
  });
});

describe('the tenant question on a real prompt (@inquirer/testing)', () => {
  it('refuses a malformed tenant with the reason, then accepts a domain', async () => {
    const { answer, events, getScreen } = await render(input, { message: 'Entra tenant:', validate: (v: string) => inputProblems({ tenant: v })[0] ?? true });
    events.type('not a tenant');
    events.keypress('enter');
    await new Promise((r) => setTimeout(r, 20));
    expect(getScreen()).toContain('--tenant must be a tenant id');
    events.keypress({ name: 'backspace', ctrl: false });
    for (let i = 0; i < 12; i++) events.keypress('backspace');
    events.type('contoso.onmicrosoft.com');
    events.keypress('enter');
    await expect(answer).resolves.toBe('contoso.onmicrosoft.com');
  });
});

describe('migrate command', () => {
  const cli = join(repoRoot, 'dist', 'cli', 'index.js');
  it('without a terminal it exits 2 at once, naming the flag and answers key for each question', () => {
    const r = spawnSync(process.execPath, [cli, 'migrate', copyFixture('node-express')], { encoding: 'utf8', input: '', timeout: 60_000 });
    expect(r.status).toBe(2);
    for (const [flag, key] of [['--tenant', 'tenant'], ['--client-id', 'clientId'], ['--scope-style', 'scopeStyle'], ['--msa-users', 'msaUsers'], ['--yes', '(confirm)']] as [string, string][]) {
      expect(r.stderr).toMatch(new RegExp(`${flag.replace(/[-]/g, '\\-')}.*answers key ${key.replace(/[()]/g, '\\$&')}`));
    }
  });

  it('--answers YAML and --yes: unattended, files edited with backups, report written', () => {
    const dir = copyFixture('node-express');
    writeFileSync(join(dir, 'answers.yaml'), `tenant: 72f988bf-0000-4000-8000-000000000000\nclientId: ${clientId}\nscopeStyle: explicit\nmsaUsers: false\n`);
    const r = spawnSync(process.execPath, [cli, 'migrate', dir, '--answers', join(dir, 'answers.yaml'), '--yes'], { encoding: 'utf8', input: '' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toContain('VSTS_SCOPES=499b84ac-1321-427f-aa17-267ca6975798/vso.build');
    expect(existsSync(join(dir, 'ado2entra-migration.md'))).toBe(true);
  });

  it('Ctrl-C while files are being replaced: every file is put back, exit 130', () => {
    const dir = copyFixture('ruby-toml-tool');
    const before = treeHashes(dir);
    const answers = join(tempDir('answers'), 'answers-sigint.yaml');
    writeFileSync(answers, `tenant: organizations\nclientId: ${clientId}\n`);
    const r = spawnSync(process.execPath, [cli, 'migrate', dir, '--answers', answers, '--yes'], { encoding: 'utf8', input: '', env: { ...process.env, ADO2ENTRA_FAULT: 'sigint-after-write:1' } });
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toContain('every file was restored');
    expect(treeHashes(dir)).toEqual(before);
  });

  it('a malformed answers file is a clear input error', () => {
    const dir = copyFixture('node-express');
    writeFileSync(join(dir, 'answers.yaml'), 'tenant: [unclosed\n');
    const r = spawnSync(process.execPath, [cli, 'migrate', dir, '--answers', join(dir, 'answers.yaml'), '--yes'], { encoding: 'utf8', input: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('answers.yaml');
  });
});

describe('the wizard shows repository strings escaped (#13.6)', () => {
  it('a file name with ANSI escapes and CI commands reaches no prompt or text raw', async () => {
    const dir = tempDir('wizard-hostile');
    const name = 'x\u001b[2J\n##vso[task.setvariable variable=INJECTED]pwned\n::error::spoofed.env';
    writeFileSync(join(dir, name), 'VSTS_CLIENT_ID=6b1d3f5a-2c4e-4a8b-9d0f-1e3a5c7b9d2f\nVSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_SCOPE=vso.code\u001b]0;title\u0007\n');
    const p = scripted([
      [/tenant/, '72f988bf-0000-4000-8000-000000000000'], [/Client id/, clientId], [/prove its identity/, 'secret'],
      [/refer to the new secret/, 'env:ENTRA_CLIENT_SECRET'], [/Scopes/, 'default'], [/personal Microsoft account/, false], [/dual run/, false],
      [/apply this change/, 'more'], [/apply this change/, 'skip'],
    ]);
    await runWizard(ctx(dir, p));
    const everything = [...p.asked, ...p.shown].join('\n');
    expect(everything).toContain('INJECTED'); // the file was shown, escaped
    expect(everything).not.toContain('\u001b');
    expect(everything).not.toContain('\u0007');
    for (const line of everything.split('\n')) {
      expect(line).not.toMatch(/##vso\[/i);
      expect(line).not.toMatch(/^\s*::/);
    }
  });
});
