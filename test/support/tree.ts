import { tempDir } from './temp.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A throwaway folder holding exactly these files. */
export function tree(files: Record<string, string>): string {
  const dir = join(tempDir('tree'), 'tree');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
