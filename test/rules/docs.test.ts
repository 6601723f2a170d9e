import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc } from '../../src/report/rules-doc.js';
import { rules } from '../../src/rules/index.js';
import { repoRoot } from '../support/golden.js';

describe('docs/rules.md', () => {
  it('is generated from the rule modules (run `npm run docs` when this fails)', () => {
    expect(readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8')).toBe(renderRulesDoc(rules));
  });
  it('every rule has a unique id, a name, a title and help with the fix', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) expect(r.title.length * r.help.length * r.name.length).toBeGreaterThan(0);
  });
});
