import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogEntries } from '../../src/model/scope-catalog.data.js';
import {
  catalog, closure, impliedBy, isHighPrivilege, minimize, normalizeScope, splitScopes, suggestScope,
} from '../../src/mapper/catalog.js';
import { describeScopes } from '../../src/mapper/scopes-query.js';
import { sharedDir } from '../support/golden.js';
import { missing } from '../support/skip.js';

const tsv = join(sharedDir, 'reference', 'azure-devops-scopes.tsv');
const values = catalog().map((e) => e.value);
const scopeSet = fc.uniqueArray(fc.constantFrom(...values), { maxLength: 12 });

describe('scope catalog data', () => {
  it.skipIf(missing(!existsSync(tsv), `${tsv} not found: the catalog-vs-reference test needs ../shared beside the clone (or ADO2ENTRA_SHARED=/path/to/shared)`))('matches reference/azure-devops-scopes.tsv exactly (run `npm run catalog` after a change)', async () => {
    // @ts-expect-error plain JS module shared with the generator
    const { parseScopeTable } = await import('../../scripts/generate-catalog.mjs');
    expect(catalogEntries).toEqual(parseScopeTable(readFileSync(tsv, 'utf8')));
  });

  it('has every scope named in an includes column, and no scope includes itself', () => {
    for (const e of catalog()) {
      for (const inc of e.includes) expect(values, `${e.value} includes ${inc}`).toContain(inc);
      expect(impliedBy(e.value).has(e.value)).toBe(false);
    }
  });

  it('knows the documented hierarchy and permission ids', () => {
    expect([...impliedBy('vso.code_full')]).toEqual(expect.arrayContaining(['vso.code_manage', 'vso.code_write', 'vso.code']));
    expect(catalog().find((e) => e.value === 'vso.code')?.permissionId).toBe('b325850d-aa53-41ed-b77a-c5036b2f39fa');
    expect(isHighPrivilege('vso.code_write')).toBe(true);
    expect(isHighPrivilege('vso.work_full')).toBe(false);
  });
});

describe('scope algebra (properties)', () => {
  it('minimize is idempotent', () => {
    fc.assert(fc.property(scopeSet, (s) => { expect(minimize(minimize(s))).toEqual(minimize(s)); }));
  });
  it('minimize never loses a permission', () => {
    fc.assert(fc.property(scopeSet, (s) => { expect([...closure(minimize(s))].sort()).toEqual([...closure(s)].sort()); }));
  });
  it('no member of a minimal set is included by another member', () => {
    fc.assert(fc.property(scopeSet, (s) => {
      const m = minimize(s);
      for (const a of m) for (const b of m) if (a !== b) expect(impliedBy(b).has(a)).toBe(false);
    }));
  });
  it('minimize only returns scopes it was given', () => {
    fc.assert(fc.property(scopeSet, (s) => { expect(minimize(s).every((x) => s.includes(x))).toBe(true); }));
  });
  it('every spelling of a list splits to the same scopes', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 6 }), (s) => {
      const spellings = [s.join(' '), s.join('%20'), s.join('+'), s.join(','), JSON.stringify(s), s.map((x) => x.toUpperCase()).join(' '),
        s.map((x) => `499b84ac-1321-427f-aa17-267ca6975798/${x}`).join(' ')];
      for (const w of spellings) expect(splitScopes(w)).toEqual(s);
    }));
  });
});

describe('scope queries', () => {
  it('normalizes resource prefixes and case', () => {
    expect(normalizeScope('https://app.vssps.visualstudio.com/VSO.Code')).toBe('vso.code');
    expect(normalizeScope('499b84ac-1321-427f-aa17-267ca6975798/vso.work')).toBe('vso.work');
  });
  it('suggests the nearest scope for typos and retired scopes', () => {
    expect(suggestScope('vso.code_read')).toBe('vso.code');
    expect(suggestScope('vso.wrok')).toBe('vso.work');
    expect(suggestScope('vso.workitemsearch')).toBe('vso.work');
    expect(suggestScope('vso.chat_manage')).toBeNull();
    expect(suggestScope('totally-unrelated-thing')).toBeNull();
  });
  it('describes the issue example: code_full + profile + release minimizes to code_full + release', () => {
    const r = describeScopes(['vso.code_full', 'vso.profile', 'vso.release'], true);
    expect(r.minimal).toEqual(['vso.code_full', 'vso.release']);
    expect(r.unknown).toEqual([]);
    expect(r.scopes[0]).toMatchObject({ value: 'vso.code_full', entra: '499b84ac-1321-427f-aa17-267ca6975798/vso.code_full', highPrivilege: true, retired: false });
  });
  it('reports retired and unknown scopes with a reason and a suggestion, never throws', () => {
    const r = describeScopes(['preview_api_all vso.bogus_scope'], false);
    expect(r.unknown).toEqual([
      { value: 'preview_api_all', suggestion: 'user_impersonation', reason: 'retired' },
      { value: 'vso.bogus_scope', suggestion: null, reason: 'unknown' },
    ]);
  });
});
