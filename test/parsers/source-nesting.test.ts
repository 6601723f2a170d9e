import { describe, expect, it } from 'vitest';
import { source } from '../../src/parsers/source.js';
import { fileLimits } from '../../src/parsers/types.js';

// Issue 13 item 12: each literal of a source file carries the blocks open around it. `${\`` repeated opens one more
// block per literal, so the copies grew quadratically: 200,000 repeats (600 KB) ran past 60 s at 3.5 GB. No timing
// here: the work is capped like the other parsers' key paths, and the cap is a diagnostic.
describe('source parser on ever deeper blocks', () => {
  it('stops at the key-path cell cap with a diagnostic; what it kept stays within the cap', () => {
    const text = `const authUrl = 'https://app.vssps.visualstudio.com/oauth2/authorize';\nconst t = \`${'${`'.repeat(20_000)}\n`;
    const result = source.parse(text, 'app.js');
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/too deeply nested/) })]);
    expect(result.settings[0]).toMatchObject({ key: 'authUrl' });
    const cells = result.settings.reduce((n, s) => n + (s.scope?.length ?? 0), 0);
    expect(cells).toBeLessThanOrEqual(fileLimits.keyPathCells);
  });

  it('ordinary nesting is untouched: no diagnostic', () => {
    const text = `class A {\n  f() {\n    const o = { authUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize' };\n  }\n}\n`;
    const result = source.parse(text, 'app.ts');
    expect(result.diagnostics).toEqual([]);
    expect(result.settings[0]!.scope).toHaveLength(3);
  });

  // process.env.NAME reads are settings too, each with its blocks: 60,000 of them inside 1,000,000 open braces (2 MB)
  // took 4 GB and crashed the scan; 130,000 at the top level threw a RangeError (a spread past the argument limit)
  it('process.env reads inside deep blocks count toward the same cap', () => {
    const text = `const authUrl = 'https://app.vssps.visualstudio.com/oauth2/authorize';\n${'{'.repeat(5_000)}\n${'x: process.env.A,\n'.repeat(1_000)}`;
    const result = source.parse(text, 'app.js');
    // the first 200 reads fit (5,000 cells each); the 201st, on line 203, does not
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 203, message: expect.stringMatching(/too deeply nested/) })]);
    const cells = result.settings.reduce((n, s) => n + (s.scope?.length ?? 0), 0);
    expect(cells).toBeLessThanOrEqual(fileLimits.keyPathCells);
    expect(result.settings.filter((s) => s.key === 'x')).toHaveLength(200);
  });

  it('more process.env reads than values per file: a diagnostic, no throw', () => {
    const text = `const authUrl = 'https://app.vssps.visualstudio.com/oauth2/authorize';\n${'x:process.env.A,'.repeat(130_000)}\n`;
    const result = source.parse(text, 'app.js');
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 2 })]);
    expect(result.settings.length).toBeLessThanOrEqual(fileLimits.settings);
  });
});
