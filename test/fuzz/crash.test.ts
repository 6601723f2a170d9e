// Crash safety under load: apply is killed (SIGKILL) after a random number of files; rollback must restore every
// file byte for byte. `npm test`: 60 files, 3 kills. `npm run fuzz`: 1,000 files, 50 kills.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { repoRoot } from '../support/golden.js';
import { planFor, treeHashes } from '../support/plan-helpers.js';

const long = Number(process.env.FUZZ_RUNS ?? 0) >= 10_000;
const files = long ? 1000 : 60;
const kills = Number(process.env.CRASH_KILLS ?? (long ? 50 : 3));
const cli = join(repoRoot, 'dist', 'cli', 'index.js');

function rng(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return 1 + (s % n);
  };
}

describe(`apply across ${files} files, SIGKILLed ${kills} times at random points`, () => {
  it('rollback restores every file; a completed apply is not repeated', () => {
    const dir = tempDir('crash');
    for (let i = 0; i < files; i++) {
      mkdirSync(join(dir, `svc-${i}`));
      writeFileSync(join(dir, `svc-${i}`, '.env'), `# service ${i}\nVSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=${String(i).padStart(8, '0')}-1111-4222-8333-444444444444\r\nVSTS_SCOPES="vso.code vso.work"\n`);
    }
    const original = treeHashes(dir);
    const plan = planFor(dir);
    expect(plan.edits.length).toBe(files);
    const planFile = join(tempDir('plan'), 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [cli, ...args, '--quiet'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000, maxBuffer: 1 << 28 });
    const next = rng(20261123);
    for (let k = 0; k < kills; k++) {
      const after = next(files);
      const killed = run(['apply', planFile], { ADO2ENTRA_FAULT: `kill-after-write:${after}` });
      expect(killed.signal, `kill after ${after}`).toBe('SIGKILL');
      const now = treeHashes(dir);
      expect(Object.keys(now).filter((f) => now[f] !== original[f])).toHaveLength(after);
      const restored = run(['rollback']);
      expect(restored.status, `${restored.signal} ${restored.error?.message ?? ''} ${restored.stderr}`).toBe(0);
      expect(treeHashes(dir), `restored after a kill at ${after}`).toEqual(original);
    }
    expect(run(['apply', planFile]).status).toBe(0);
    const applied = treeHashes(dir);
    const again = run(['apply', planFile, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: [], alreadyApplied: expect.any(Array) });
    expect(treeHashes(dir)).toEqual(applied);
  }, 900_000);
});
