// One private temp directory per test run, for the tests and every CLI they start (TMPDIR is inherited):
// the run fails if anything is left in it, so a test that forgets to clean up is caught where it is written.
// The per-user state apply keeps (ADO2ENTRA_STATE_DIR) lives beside it for the run, never in ~.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const saved = { TMPDIR: process.env.TMPDIR, ADO2ENTRA_STATE_DIR: process.env.ADO2ENTRA_STATE_DIR };
  const root = mkdtempSync(join(tmpdir(), 'a2e-run-'));
  const temp = join(root, 'tmp');
  mkdirSync(temp);
  process.env.TMPDIR = temp;
  process.env.ADO2ENTRA_STATE_DIR = join(root, 'state');
  return () => {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    const left = readdirSync(temp);
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    if (left.length === 0) return;
    // A throw here is only logged by vitest: set the exit code so the run fails.
    process.stderr.write(`\nFAIL: the tests left ${left.length} entries in the temp directory (make them with tempDir() from test/support/temp.ts): ${left.slice(0, 20).join(', ')}\n`);
    process.exitCode = 1;
  };
}
