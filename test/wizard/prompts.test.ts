// The wizard through the real @inquirer/prompts, driven by @inquirer/testing's shared screen: keystrokes in,
// rendered prompts out, for the main branches (the scripted tests in wizard.test.ts cover every branch's logic).
import { screen } from '@inquirer/testing/vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalPrompter } from '../../src/wizard/prompter.js';
import { runWizard } from '../../src/wizard/run.js';
import { server } from '../setup/network.js';
import { clientId, configHashes, copyFixture, treeHashes } from '../support/plan-helpers.js';

const network = { use: (...h: Parameters<typeof server.use>) => server.use(...h), reset: () => server.resetHandlers() };

async function answer(expected: RegExp, ...keys: (string | { type: string })[]): Promise<void> {
  const until = Date.now() + 5000;
  while (!expected.test(screen.getScreen()) && Date.now() < until) await Promise.race([screen.next(), new Promise((r) => setTimeout(r, 200))]);
  expect(screen.getScreen()).toMatch(expected);
  for (const k of keys) (typeof k === 'string' ? screen.keypress(k) : screen.type(k.type));
}

async function start(dir: string) {
  const prompter = { ...(await terminalPrompter()), say: () => {} };
  return runWizard({ target: dir, given: {}, yes: false, allowDirty: false, prompter, network, version: 'test' });
}

describe('the wizard on real prompts', () => {
  it('typing the answers and pressing enter applies the edit', async () => {
    const dir = copyFixture('node-express');
    const done = start(dir);
    await answer(/Entra tenant/, { type: 'contoso.onmicrosoft.com' }, 'enter');
    await answer(/Client id of the new Entra app/, { type: clientId }, 'enter');
    await answer(/prove its identity[\s\S]*❯ client secret/, 'enter');
    await answer(/refer to the new secret/, 'enter');
    await answer(/Request them how\?[\s\S]*❯ \.default/, 'down', 'enter');
    await answer(/personal Microsoft account/, 'enter');
    await answer(/dual run/, 'enter');
    await answer(/\.env\.example: apply this change\?/, 'enter');
    await answer(/Apply 1 file/, 'enter');
    const outcome = await done;
    expect(outcome.applied).toEqual(['.env.example']);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toContain('VSTS_SCOPES=499b84ac-1321-427f-aa17-267ca6975798/vso.build');
  });

  it('a malformed client id is refused on screen; choosing skip leaves the file as it was', async () => {
    const dir = copyFixture('node-express');
    const before = treeHashes(dir);
    const done = start(dir);
    await answer(/Entra tenant/, { type: 'organizations' }, 'enter');
    await answer(/Client id of the new Entra app/, { type: 'not-a-guid' }, 'enter');
    await answer(/--client-id must be the Entra application \(client\) id/);
    for (let i = 0; i < 'not-a-guid'.length; i++) screen.keypress('backspace');
    screen.type(clientId);
    screen.keypress('enter');
    await answer(/prove its identity/, 'enter');
    await answer(/refer to the new secret/, 'enter');
    await answer(/Request them how/, 'enter');
    await answer(/personal Microsoft account/, 'enter');
    await answer(/dual run/, 'enter');
    await answer(/\.env\.example: apply this change\?/, 'down', 'enter');
    const outcome = await done;
    expect(outcome).toMatchObject({ applied: [], skipped: ['.env.example'] });
    expect(configHashes(dir)).toEqual(before);
  });

  it('several apps as a checklist, a personal-account yes, show more, then no at the confirmation', async () => {
    const dir = copyFixture('ruby-toml-tool');
    const before = treeHashes(dir);
    const done = start(dir);
    // every app starts checked: uncheck the first two, keep the third
    await answer(/Which apps do you want to migrate\?/, 'space', 'down', 'space', 'enter');
    await answer(/Entra tenant/, { type: 'contoso.onmicrosoft.com' }, 'enter');
    await answer(/Client id of the new Entra app/, { type: clientId }, 'enter');
    await answer(/prove its identity/, 'down', 'down', 'enter');
    await answer(/Request them how/, 'enter');
    await answer(/personal Microsoft account[\s\S]*❯ no/, 'up', 'enter');
    await answer(/dual run[\s\S]*❯ yes/, 'enter'); // MSA users: the dual run is the default
    await answer(/apply this change\?/, 'down', 'down', 'enter');
    await screen.next(); // show more re-asks the same question: wait for the new prompt
    await answer(/apply this change\?[\s\S]*❯ apply/, 'enter');
    await answer(/Apply 1 file/, { type: 'n' }, 'enter');
    const outcome = await done;
    expect(outcome.applied).toEqual([]);
    expect(treeHashes(dir)).toEqual(before); // #15.6: nothing applied, so no report claiming a migration either
    expect(outcome.reportFile).toBeNull();
  });
});
