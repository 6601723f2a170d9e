// #13.8: a plan, baseline or answers file that is not what it should be is named in the error, never quoted:
// a file passed by mistake (a key file, a .env) must not reach a CI log through a parser's error message.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/golden.js';
import { tempDir } from '../support/temp.js';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const secret = 'ZQTH3XG4OS-planted-input-secret-9f';
const ids = ['--tenant', '72f988bf-0000-4000-8000-000000000000', '--client-id', '11111111-2222-3333-4444-555555555555'];

/** Every shape of wrong file: secret first, secret then a syntax error, valid JSON of the wrong shape, not even text. */
const bodies: Record<string, string> = {
  'bare-secret': `${secret}\n`,
  'secret-then-error': `{"clientSecret": "${secret}" "x": 1}`,
  'truncated': `{"clientSecret": "${secret}`,
  'wrong-shape': JSON.stringify({ schemaVersion: 1, [secret]: secret, fingerprints: [{ ruleId: secret }], root: secret, edits: secret }),
  'yaml-answers': `tenant: [${secret}\n  - : :\n`,
};

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args, '--verbose'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { status: r.status, text: `${r.stdout}\n${r.stderr}` };
}

describe('input files are named in errors, never echoed', () => {
  const dir = tempDir('input-files');
  for (const [name, body] of Object.entries(bodies)) writeFileSync(join(dir, `${name}.json`), body);
  writeFileSync(join(dir, 'answers.yaml'), bodies['yaml-answers']!);
  writeFileSync(join(dir, 'unreadable.json'), `${secret}\n`);
  chmodSync(join(dir, 'unreadable.json'), 0o000);

  it.each(Object.keys(bodies).concat('unreadable'))('%s: apply, validate --baseline and report --plan exit 2 without the content', (name) => {
    const file = `${name}.json`;
    for (const args of [['apply', file], ['validate', '.', '--baseline', file], ['report', '.', '--plan', file]]) {
      const r = run(dir, args);
      expect(r.status, `${args.join(' ')}: ${r.text}`).toBe(2);
      expect(r.text).toContain(file);
      expect(r.text, args.join(' ')).not.toContain(secret.slice(0, 10));
    }
  }, 120_000);

  it('answers files: YAML and JSON syntax errors give a position, not the text', () => {
    for (const file of ['answers.yaml', 'secret-then-error.json', 'bare-secret.json']) {
      const r = run(dir, ['plan', '.', '--answers', file]);
      expect(r.status).toBe(2);
      expect(r.text).toMatch(/not a JSON\/YAML object \((syntax error|the file ends)/);
      expect(r.text).not.toContain(secret.slice(0, 10));
    }
    const ok = run(dir, ['plan', '.', ...ids]);
    expect(ok.status).toBe(0);
  }, 120_000);
});
