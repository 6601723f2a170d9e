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
});
