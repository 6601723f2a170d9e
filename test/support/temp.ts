import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made = new Set<string>();
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  made.clear();
});

/**
 * A fresh folder in the temp directory, removed when the test file ends (test/setup/global.ts fails the run if
 * anything is left). Everything a test writes outside a fixture copy goes in one of these.
 */
export function tempDir(label = 'tmp'): string {
  const dir = mkdtempSync(join(tmpdir(), `a2e-${label}-`));
  made.add(dir);
  return dir;
}
