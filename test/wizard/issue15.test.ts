// #15.1–6: the wizard validates like plan, honours partial answers, keeps stdout for data, says what a late Ctrl-C
// did, goes back, colours its diffs, lists the steps left, and writes no report when nothing was applied.
// The logic branch by branch with a scripted person; the terminal parts in tty.test.ts (tmux) and prompts.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '@inquirer/testing';
import { input } from '@inquirer/prompts';
import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { inputProblems } from '../../src/mapper/entra.js';
import { BACK, type Choice, type Prompter } from '../../src/wizard/prompter.js';
import { runWizard } from '../../src/wizard/run.js';
import { server } from '../setup/network.js';
import { cli, cliBin } from '../support/cli.js';
import { clientId, copyFixture, treeHashes } from '../support/plan-helpers.js';
import { tempDir } from '../support/temp.js';

const network = { use: (...h: Parameters<typeof server.use>) => server.use(...h), reset: () => server.resetHandlers() };
const tenant = '72f988bf-0000-4000-8000-000000000000';

/** A scripted person: answers questions in order (each matched by a pattern); logs what was asked and shown. */
function person(answers: [RegExp, unknown][]): Prompter & { asked: string[]; shown: string[] } {
  const asked: string[] = [];
  const shown: string[] = [];
  const next = (message: string, back?: boolean) => {
    asked.push(message);
    const [re, value] = answers.shift() ?? [/$^/, undefined];
    if (!re.test(message)) throw new Error(`expected a question matching ${re}, got: ${message}`);
    if (value === BACK && !back) throw new Error(`no way back from: ${message}`);
    return value;
  };
  return {
    asked, shown,
    input: async (m, o) => {
      const v = next(m, o.back) as string;
      if (v === BACK) return v;
      const ok = o.validate?.(v) ?? true;
      if (ok !== true) throw new Error(`rejected: ${ok}`);
      return v;
    },
    select: async <T extends string>(m: string, _c: Choice<T>[], _i?: T, back?: boolean) => next(m, back) as T,
    checkbox: async <T extends string>(m: string) => next(m) as T[],
    confirm: async (m, _i, back) => next(m, back) as boolean,
    say: (t) => shown.push(t),
  };
}
const ctx = (target: string, prompter: Prompter, extra = {}) => ({ target, given: {}, yes: false, allowDirty: false, prompter, network, version: 'test', ...extra });

describe('#15.1 one validation for flags, answers files and typed answers', () => {
  it('an empty tenant or client id is refused at the prompt, with plan\'s message', () => {
    expect(inputProblems({ tenant: '' })).toEqual([expect.stringMatching(/^--tenant must be/)]);
    expect(inputProblems({ clientId: '' })).toEqual([expect.stringMatching(/^--client-id must be/)]);
  });

  it('the real prompt does not take Enter on an empty tenant', async () => {
    const { answer, events, getScreen } = await render(input, { message: 'Entra tenant:', validate: (v: string) => inputProblems({ tenant: v })[0] ?? true });
    events.keypress('enter');
    await new Promise((r) => setTimeout(r, 20));
    expect(getScreen()).toContain('--tenant must be a tenant id');
    events.type('organizations');
    events.keypress('enter');
    await expect(answer).resolves.toBe('organizations');
  });

  it('plan refuses an empty --tenant as it refuses a malformed one', async () => {
    expect((await cli(['plan', 'fixtures/sample-app', '--tenant', '', '--client-id', clientId])).stderr).toContain('--tenant must be');
    expect((await cli(['plan', 'fixtures/sample-app', '--tenant', 'bogus!', '--client-id', clientId])).stderr).toContain('--tenant must be');
  });
});

describe('#15.2 answers files: unknown keys', () => {
  it.each([['client-id'], ['client_id'], ['clientid'], ['clientID'], ['cleintId']])('"%s" is refused with "did you mean clientId"', async (key) => {
    const dir = tempDir('answers');
    writeFileSync(join(dir, 'a.yaml'), `tenant: organizations\n${key}: ${clientId}\n`);
    const r = await cli(['plan', 'fixtures/sample-app', '--answers', join(dir, 'a.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`unknown key "${key}" (did you mean clientId?)`);
  });

  it('a key that is no near miss is counted, never echoed (it may be a secret)', async () => {
    const dir = tempDir('answers');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ tenant: 'organizations', clientId, 'Zq9-planted-secret-value': 1 }));
    const r = await cli(['plan', 'fixtures/sample-app', '--answers', join(dir, 'a.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('1 unknown key(s), not shown');
    expect(r.stderr).not.toContain('planted');
  });
});

describe('#15.4 Ctrl-C once the files are written', () => {
  const answers = () => {
    const file = join(tempDir('answers'), 'answers.yaml');
    writeFileSync(file, `tenant: organizations\nclientId: ${clientId}\n`);
    return file;
  };

  it('after the writes: the wizard finishes, keeps the files, writes the report, says so with the rollback command; exit 130', () => {
    const dir = copyFixture('node-express');
    const before = readFileSync(join(dir, '.env.example'), 'utf8');
    const r = spawnSync(process.execPath, [cliBin, 'migrate', dir, '--answers', answers(), '--yes'], { encoding: 'utf8', input: '', timeout: 120_000, env: { ...process.env, ADO2ENTRA_FAULT: 'sigint-after-apply' } });
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted after the files were written: they are kept and the report is written; undo with: ado2entra rollback \S+ --root /);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).not.toBe(before);
    expect(existsSync(join(dir, 'ado2entra-migration.md'))).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('during the writes: every file is put back, and it says it rolled back; exit 130', () => {
    const dir = copyFixture('ruby-toml-tool');
    const before = treeHashes(dir);
    const r = spawnSync(process.execPath, [cliBin, 'migrate', dir, '--answers', answers(), '--yes'], { encoding: 'utf8', input: '', timeout: 120_000, env: { ...process.env, ADO2ENTRA_FAULT: 'sigint-after-write:1' } });
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/every file was restored from backup \S+ \(rolled back: nothing is changed\)/);
    expect(treeHashes(dir)).toEqual(before);
  });
});

const upToScopes: [RegExp, unknown][] = [[/tenant/, tenant], [/Client id/, clientId], [/prove its identity/, 'secret'], [/refer to the new secret/, 'env:ENTRA_CLIENT_SECRET'], [/Request them how/, 'default']];

describe('#15.5 back, colour, and the end of the run', () => {
  it('back returns to the previous question asked, and its answer can change', async () => {
    const dir = copyFixture('node-express');
    const p = person([
      [/tenant/, 'organizations'], [/Client id/, BACK], [/tenant/, tenant], [/Client id/, clientId],
      [/prove its identity/, 'certificate'], [/Request them how/, BACK], [/prove its identity/, 'secret'], [/refer to the new secret/, 'env:X'],
      [/Request them how/, 'explicit'], [/personal Microsoft account/, false], [/dual run/, BACK], [/personal Microsoft account/, false], [/dual run/, false],
      [/apply this change/, 'apply'], [/Apply 1 file/, true],
    ]);
    const outcome = await runWizard(ctx(dir, p));
    expect(outcome.applied).toEqual(['.env.example']);
    const env = readFileSync(join(dir, '.env.example'), 'utf8');
    expect(env).toContain(`VSTS_TENANT_ID="${tenant}"`);
    expect(env).toContain('VSTS_SCOPES=499b84ac-1321-427f-aa17-267ca6975798/vso.build');
  });

  it('the first question has no way back; given answers are skipped going back', async () => {
    const p = person([[/Client id/, BACK]]);
    await expect(runWizard({ ...ctx(copyFixture('node-express'), p), given: { tenant } })).rejects.toThrow(/no way back from: Client id/);
  });

  it('diffs are coloured as plan colours them; the end lists every manual step and says to keep .ado2entra/ out of git', async () => {
    const dir = copyFixture('node-express');
    const p = person([...upToScopes, [/personal/, false], [/dual run/, false], [/apply this change/, 'apply'], [/Apply 1 file/, true]]);
    const outcome = await runWizard(ctx(dir, p, { style: createColors(true) }));
    const shown = p.shown.join('\n');
    expect(shown).toMatch(/\x1b\[32m\+export VSTS_CLIENT_ID=/);
    expect(shown).toMatch(/\x1b\[31m-export VSTS_CLIENT_ID=/);
    expect(outcome.manualSteps.length).toBeGreaterThan(0);
    expect(shown).toContain(`Manual steps left (${outcome.manualSteps.length}):\n  1. ${outcome.manualSteps[0]}`);
    expect(shown).toContain('add `.ado2entra/` to .gitignore');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n.ado2entra/\n');
    const again = person([...upToScopes.map(([re, v]): [RegExp, unknown] => [re, v]), [/personal/, false], [/dual run/, true], [/apply this change/, 'apply'], [/Apply 1 file/, true]]);
    await runWizard(ctx(copyFixtureWithIgnore(), again));
    expect(again.shown.join('\n')).not.toContain('add `.ado2entra/`');
  });
});

function copyFixtureWithIgnore(): string {
  const dir = copyFixture('node-express');
  writeFileSync(join(dir, '.gitignore'), '.ado2entra/\n');
  return dir;
}

describe('#15.6 nothing applied', () => {
  it.each([['every diff skipped', [[/apply this change/, 'skip']]], ['the confirmation declined', [[/apply this change/, 'apply'], [/Apply 1 file/, false]]]] as const)('%s: says so, and writes no report', async (_name, end) => {
    const dir = copyFixture('node-express');
    const before = treeHashes(dir);
    const p = person([...upToScopes, [/personal/, false], [/dual run/, false], ...end.map(([re, v]): [RegExp, unknown] => [re, v])]);
    const outcome = await runWizard(ctx(dir, p));
    expect(outcome).toMatchObject({ applied: [], reportFile: null, backupId: null });
    expect(p.shown.join('\n')).toContain('Nothing applied: no file was changed, so no migration report was written');
    expect(treeHashes(dir)).toEqual(before);
    expect(existsSync(join(dir, 'ado2entra-migration.md'))).toBe(false);
  });
});
