import { describe, expect, it } from 'vitest';
import { source } from '../../src/parsers/source.js';

// A minified bundle is one line holding thousands of literals. Finding each literal's key used to walk back to
// the start of its line for each literal: quadratic, 8.9 s for a 1.99 MB file (the look-back is bounded now). No
// timing here: the test pins the behaviour, keys found anywhere on a long line.
function minified(literals: number): string {
  const parts: string[] = [];
  for (let i = 0; i < literals; i++) parts.push(i % 3 === 0 ? `var o${i}={key${i}:"val${i}",n:${i}}` : i % 3 === 1 ? `c${i}="lit${i}"` : `f(a,"k${i}","v${i}")`);
  parts.splice(literals - 5, 0, 'authUrl="https://app.vssps.visualstudio.com/oauth2/authorize"');
  return parts.join(';');
}

describe('source parser on one long minified line', () => {
  it('binds every literal to its key, however far along the line', () => {
    const text = minified(20_000);
    const settings = source.parse(text, 'bundle.min.js').settings;
    expect(settings.find((s) => s.value.includes('app.vssps'))).toMatchObject({ key: 'authUrl', line: 1 });
    expect(settings.find((s) => s.value === 'val19998')).toMatchObject({ key: 'key19998' });
    expect(settings.find((s) => s.value === 'lit19999')).toMatchObject({ key: 'c19999' });
    expect(settings.find((s) => s.value === 'v19997')).toMatchObject({ key: 'k19997' });
  });

  it('a name longer than the window is cut, never wrong about which literal it binds', () => {
    const long = `x${'a'.repeat(400)}`;
    const s = source.parse(`const ${long} = "https://app.vssps.visualstudio.com/oauth2/token";\n`, 'a.ts').settings[0]!;
    expect(long.endsWith(s.key!)).toBe(true);
  });
});
