// #15.18: a skipped test must say why. Every conditional skip goes through missing() (test/support/skip.ts),
// which prints the reason and how to run it; a bare .skip would hide a test for good.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/golden.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? testFiles(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('skips say why', () => {
  it('every skipIf goes through missing(reason); no bare .skip or .todo', () => {
    const silent: string[] = [];
    for (const file of testFiles(join(repoRoot, 'test'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\.(skipIf|runIf)\(([^\n]{0,40})|\b(?:it|describe|test)\.(skip|todo)\(/g)) {
        if (m[1] === 'skipIf' && m[2]!.startsWith('missing(')) continue;
        silent.push(`${relative(repoRoot, file)}: ${m[0]}`);
      }
    }
    expect(silent).toEqual([]);
  });
});
