import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/mapper/catalog.js';
import { renderScopeTable, scopeTableBegin, scopeTableEnd } from '../../src/report/scope-table.js';
import { repoRoot } from '../support/golden.js';

const guide = readFileSync(join(repoRoot, 'MIGRATION.md'), 'utf8');

describe('MIGRATION.md', () => {
  it('holds the scope table generated from the catalog (run `npm run docs` when this fails)', () => {
    const begin = guide.indexOf(scopeTableBegin);
    const end = guide.indexOf(scopeTableEnd);
    expect(begin).toBeGreaterThan(0);
    expect(guide.slice(begin, end + scopeTableEnd.length)).toBe(renderScopeTable(catalog()));
  });

  it('has every section a user needs, and every troubleshooting code the issue names', () => {
    for (const heading of ['## What changes', '## Steps with ado2entra', '## Code patterns', '## Troubleshooting by error code', '## The CI gate', '## Scope reference']) expect(guide).toContain(heading);
    for (const lib of ['MSAL Node', 'MSAL.NET', 'MSAL Python', 'MSAL4J', 'Go']) expect(guide).toContain(`**${lib}`);
    for (const code of ['AADSTS65001', 'AADSTS70011', 'AADSTS50011', 'AADSTS7000215', 'AADSTS90094', 'AADSTS500200', 'TF400813', 'TF401444']) expect(guide).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
