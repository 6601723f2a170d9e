import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

const goldenDir = join(import.meta.dirname, '..', 'golden');

/** Compares with test/golden/NAME; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
export function expectGolden(name: string, actual: unknown): void {
  const path = join(goldenDir, name);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) throw new Error(`golden file missing: ${name}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/** Byte-exact golden (rewrites and diffs): CRLF and BOM are part of what is compared. */
export function expectGoldenBytes(name: string, actual: Buffer | string): void {
  const path = join(goldenDir, name);
  const bytes = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : actual;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) throw new Error(`golden file missing: ${name}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  const expected = readFileSync(path);
  if (!expected.equals(bytes)) expect(bytes.toString('utf8')).toBe(expected.toString('utf8'));
  expect(expected.equals(bytes)).toBe(true);
}

export const repoRoot = join(import.meta.dirname, '..', '..');
/** The project's shared reference and corpus: ../shared beside the clone, or ADO2ENTRA_SHARED. */
export const sharedDir = process.env.ADO2ENTRA_SHARED ?? join(repoRoot, '..', 'shared');
