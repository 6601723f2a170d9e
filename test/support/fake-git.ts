import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.js';

/**
 * The git commands `run` started (their arguments, one line each), with a `git` first on PATH that notes each and
 * fails: a test that git must not run fails at once instead of waiting on what git would wait on.
 */
export async function gitRuns(run: () => unknown): Promise<string[]> {
  const bin = tempDir('fake-git');
  const log = join(bin, 'log');
  writeFileSync(log, '');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexit 1\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const { PATH } = process.env;
  process.env.PATH = `${bin}:${PATH}`;
  try {
    await run();
  } finally {
    process.env.PATH = PATH;
  }
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}
