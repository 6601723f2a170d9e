import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { repoRoot } from '../support/golden.js';
import { missing } from '../support/skip.js';
import { clientId, copyFixture } from '../support/plan-helpers.js';

const hasTmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;

/** Waits until the pane shows `text` (the prompt is on screen), polling; fails with the screen after `ms`. */
function waitFor(session: string, text: RegExp, ms = 60_000): string {
  const until = Date.now() + ms;
  for (;;) {
    const r = spawnSync('tmux', ['capture-pane', '-p', '-J', '-S', '-200', '-t', session], { encoding: 'utf8' });
    if (r.status === 0 && text.test(r.stdout)) return r.stdout;
    if (Date.now() > until) throw new Error(`timed out waiting for ${text}; screen:\n${r.stdout}${r.stderr}`);
    spawnSync('sleep', ['0.1']);
  }
}

const keys = (session: string, ...k: string[]) => execFileSync('tmux', ['send-keys', '-t', session, ...k]);

// The built CLI in a real pseudo-terminal: a person answering each prompt with the keyboard.
describe.skipIf(missing(!hasTmux && !process.env.CI, 'no tmux: the wizard is not driven through a real terminal; `apt-get install tmux` to run it (CI always does)'))('migrate in a real terminal (tmux)', () => {
  it('answers every prompt, applies, verifies and leaves the edited file and the report', () => {
    const dir = copyFixture('node-express');
    const session = `a2e-${process.pid}`;
    const exitFile = join(tempDir('tty'), `${session}.exit`);
    const cli = join(repoRoot, 'dist', 'cli', 'index.js');
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '50', `NO_COLOR=1 node ${cli} migrate ${dir}; echo $? > ${exitFile}; sleep 30`]);
    try {
      waitFor(session, /Entra tenant/);
      keys(session, '72f988bf-0000-4000-8000-000000000000', 'Enter');
      waitFor(session, /Client id of the new Entra app/);
      keys(session, clientId, 'Enter');
      waitFor(session, /prove its identity/);
      keys(session, 'Enter');
      waitFor(session, /refer to the new secret/);
      keys(session, 'Enter');
      waitFor(session, /Request them how/);
      keys(session, 'Down', 'Enter');
      waitFor(session, /personal Microsoft account/);
      keys(session, 'Enter');
      waitFor(session, /dual run/);
      keys(session, 'Enter');
      waitFor(session, /\.env\.example: apply this change/);
      keys(session, 'Enter');
      waitFor(session, /Apply 1 file/);
      keys(session, 'Enter');
      const screen = waitFor(session, /Report written to/, 90_000);
      expect(screen).toContain('verify: the Entra flow gives the legacy access');
      for (let i = 0; i < 600 && !existsSync(exitFile); i++) spawnSync('sleep', ['0.1']);
      expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
      const env = readFileSync(join(dir, '.env.example'), 'utf8');
      expect(env).toContain('VSTS_SCOPES=499b84ac-1321-427f-aa17-267ca6975798/vso.build');
      expect(env).toContain(`VSTS_CLIENT_ID="${clientId}"`);
      expect(readFileSync(join(dir, 'ado2entra-migration.md'), 'utf8')).toContain('## App env-example--vsts');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }, 240_000);

  it('Ctrl-C at a prompt: exit 130 and nothing written', () => {
    const dir = copyFixture('node-express');
    const before = readFileSync(join(dir, '.env.example'));
    const session = `a2e-c-${process.pid}`;
    const exitFile = join(tempDir('tty'), `${session}.exit`);
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '50', `node ${join(repoRoot, 'dist', 'cli', 'index.js')} migrate ${dir}; echo $? > ${exitFile}; sleep 30`]);
    try {
      waitFor(session, /Entra tenant/);
      keys(session, 'C-c');
      for (let i = 0; i < 600 && !existsSync(exitFile); i++) spawnSync('sleep', ['0.1']);
      expect(readFileSync(exitFile, 'utf8').trim()).toBe('130');
      expect(readFileSync(join(dir, '.env.example'))).toEqual(before);
      expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }, 120_000);
});

// #15.1, 2, 3, 5 on a real terminal: flags checked as plan checks them, a partial answers file honoured, prompts
// on the terminal while stdout goes to a file, and Esc for the previous question.
describe.skipIf(missing(!hasTmux && !process.env.CI, 'no tmux: the wizard is not driven through a real terminal; `apt-get install tmux` to run it (CI always does)'))('migrate in a real terminal: #15', () => {
  const cli = join(repoRoot, 'dist', 'cli', 'index.js');
  let n = 0;
  /** Starts `migrate ARGS` in a tmux pane; stdout may be redirected by `redirect`. */
  function start(args: string, redirect = '') {
    const session = `a2e-15-${process.pid}-${n++}`;
    const exitFile = join(tempDir('tty'), 'exit');
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '50', `NO_COLOR=1 node ${cli} migrate ${args} ${redirect}; echo $? > ${exitFile}; sleep 30`]);
    const exit = () => {
      for (let i = 0; i < 600 && !existsSync(exitFile); i++) spawnSync('sleep', ['0.1']);
      return readFileSync(exitFile, 'utf8').trim();
    };
    return { session, exit, stop: () => spawnSync('tmux', ['kill-session', '-t', session]) };
  }

  it('flags given on a terminal are checked before any question: exit 2', () => {
    const dir = copyFixture('node-express');
    const t = start(`${dir} --tenant 'bogus!' --client-id nope`);
    try {
      expect(t.exit()).toBe('2');
      const screen = waitFor(t.session, /--client-id must be/);
      expect(screen).toContain('--tenant must be a tenant id');
      expect(screen).not.toContain('Entra tenant (');
      expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
    } finally {
      t.stop();
    }
  }, 120_000);

  it('a partial answers file: only the rest is asked; prompts and diffs on the terminal, nothing on stdout', () => {
    const dir = copyFixture('node-express');
    const answers = join(tempDir('answers'), 'answers.yaml');
    writeFileSync(answers, `tenant: organizations\nclientId: ${clientId}\ncredential: secret\nsecretRef: env:ENTRA_CLIENT_SECRET\nmsaUsers: false\n`);
    const out = join(tempDir('stdout'), 'out.log');
    const t = start(`${dir} --answers ${answers}`, `> ${out}`);
    try {
      waitFor(t.session, /Request them how/);
      keys(t.session, 'Enter');
      waitFor(t.session, /dual run/);
      keys(t.session, 'Enter');
      const review = waitFor(t.session, /\.env\.example: apply this change/);
      expect(review).toContain('+export VSTS_CLIENT_ID=');
      keys(t.session, 'Enter');
      waitFor(t.session, /Apply 1 file/);
      keys(t.session, 'Enter');
      const screen = waitFor(t.session, /Report written to/, 90_000);
      expect(t.exit()).toBe('0');
      expect(screen).not.toMatch(/Entra tenant \(|Client id of the new|prove its identity|personal Microsoft account/);
      expect(screen).toMatch(/Manual steps left \(\d+\):\n\s+1\. /);
      expect(readFileSync(out, 'utf8')).toBe('');
      expect(readFileSync(join(dir, '.env.example'), 'utf8')).toContain(`VSTS_CLIENT_ID="${clientId}"`);
    } finally {
      t.stop();
    }
  }, 240_000);

  it('Esc goes back to the previous question', () => {
    const dir = copyFixture('node-express');
    const t = start(dir);
    try {
      waitFor(t.session, /Entra tenant/);
      keys(t.session, 'organizations', 'Enter');
      waitFor(t.session, /Client id of the new Entra app/);
      keys(t.session, clientId, 'Enter');
      waitFor(t.session, /prove its identity/);
      keys(t.session, 'Escape');
      const screen = waitFor(t.session, /(Client id of the new Entra app[\s\S]*){2}/);
      expect(screen.split('Client id of the new Entra app').length).toBe(3);
      keys(t.session, 'C-c');
      expect(t.exit()).toBe('130');
      expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
    } finally {
      t.stop();
    }
  }, 120_000);
});
