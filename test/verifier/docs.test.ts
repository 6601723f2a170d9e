// docs/verify.md names, for each rule, the test that covers it: every name must be a test that exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/golden.js';

const files = { M: 'mocks.test.ts', F: 'faults.test.ts', V: 'verify.test.ts' } as const;

describe('docs/verify.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'verify.md'), 'utf8');
  const rows = doc.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| rule') && !l.startsWith('|---') && l.split('|').length >= 6);

  it('has a rule row with a source and a test for every AADSTS code the mock Entra answers with', () => {
    const handlers = ['entra.ts', 'entra-rules.ts', 'entra-scopes.ts'].map((f) => readFileSync(join(repoRoot, 'src', 'verifier', 'handlers', f), 'utf8')).join('\n');
    const answered = new Set([...handlers.matchAll(/(?:entraError\([^)]*?|code: )(\d{4,7})\b/g)].map((m) => m[1]!));
    expect(answered.size).toBeGreaterThan(15);
    for (const code of answered) expect(rows.some((r) => r.includes(`AADSTS${code}`)), `AADSTS${code} in docs/verify.md`).toBe(true);
  });

  it('names only tests that exist', () => {
    const sources = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readFileSync(join(repoRoot, 'test', 'verifier', f), 'utf8')]));
    const cited = rows.flatMap((r) => [...r.split('|').at(-2)!.matchAll(/\b([MFV]) "([^"]+)"/g)].map((m) => [m[1] as keyof typeof files, m[2]!] as const));
    expect(cited.length).toBeGreaterThan(30);
    for (const [file, name] of cited) expect(sources[file], `${files[file]}: "${name}"`).toContain(name);
  });
});
