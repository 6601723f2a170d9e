import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missing } from '../support/skip.js';
import { ripgrepBinary, ripgrepMatches, ripgrepMatchesAsync } from '../../src/detect/ripgrep.js';
import { scanManyWithEvidenceAsync, scanWithEvidence, type ScanOptions, type ScanPhase } from '../../src/detect/scan.js';
import type { ScanResult } from '../../src/model/scan.js';
import { repoRoot } from '../support/golden.js';
import { tempDir } from '../support/temp.js';
import { tree } from '../support/tree.js';

const rg = ripgrepBinary();
const fixtures = join(repoRoot, 'fixtures');
const viaRipgrep: ScanOptions = { parallelMin: 1 };
const inProcess: ScanOptions = { ripgrep: false, parallelMin: Number.POSITIVE_INFINITY };
// What both paths must agree on. stats.bytes and `skipped` may differ: ripgrep never hands over a file without a
// literal, so a binary or oversize file that cannot hold a signal is not listed as skipped on that path.
const findings = (r: ScanResult) => ({ apps: r.apps, entraApps: r.entraApps, findings: r.findings, diagnostics: r.diagnostics, files: r.stats.files, candidates: r.stats.candidates });

describe('ripgrep comes from the npm registry as a per-platform optional package', () => {
  it('is found here (linux x64 CI) unless turned off', () => {
    if (process.platform === 'linux' && process.arch === 'x64') expect(rg).toMatch(/ripgrep-linux-x64\/bin\/rg$/);
    expect(ripgrepBinary({ ADO2ENTRA_RIPGREP: '0' })).toBeNull();
  });
});

describe.skipIf(missing(!rg, 'no ripgrep (rg): the ripgrep scan path is not compared with the in-process one; `apt-get install ripgrep` to run it'))('the ripgrep path and the in-process path give the same findings', () => {
  it.each([...readdirSync(fixtures).sort(), '.'])('fixtures/%s', (name) => {
    const dir = join(fixtures, name);
    expect(findings(scanWithEvidence(dir, viaRipgrep).result)).toEqual(findings(scanWithEvidence(dir, inProcess).result));
  });

  it('on a bench tree (the generator of npm run bench, 1,150 files)', async () => {
    const { generate } = (await import(join(repoRoot, 'bench', 'generate.mjs'))) as { generate: (root: string, files: number) => string };
    const dir = generate(join(tree({}), 'bench'), 1_000);
    const fast = scanWithEvidence(dir, viaRipgrep).result;
    expect(findings(fast)).toEqual(findings(scanWithEvidence(dir, inProcess).result));
    expect(fast.apps).toHaveLength(50);
  }, 120_000);

  it('code that reads a config setting by name, UTF-16 files, unreadable files and names with regex characters', () => {
    const dir = tree({
      'appsettings.json': JSON.stringify({ 'Vsts.OAuth(Client)Id': '0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a', VstsOAuthAuthorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize' }),
      ...Object.fromEntries(Array.from({ length: 30 }, (_x, i) => [`src/m${i}.ts`, i === 4 ? "const id = config['VstsOAuthAuthorizeUrl'];\n" : `export const n${i} = ${i};\n`])),
      'src/dash-file.js': "const x = 'https://app.vssps.visualstudio.com/oauth2/token';\n",
    });
    spawnSync('sh', ['-c', `printf '\\377\\376' > "${dir}/src/wide.cs" && printf 'var t = "https://app.vssps.visualstudio.com/oauth2/token";' | iconv -f utf-8 -t utf-16le >> "${dir}/src/wide.cs"`]);
    const a = scanWithEvidence(dir, viaRipgrep).result;
    expect(findings(a)).toEqual(findings(scanWithEvidence(dir, inProcess).result));
    expect(a.findings.map((f) => f.file)).toEqual(expect.arrayContaining(['src/m4.ts', 'src/dash-file.js']));
  });

  it('a ripgrep that cannot run is no result, and the scan falls back to the in-process path', () => {
    expect(ripgrepMatches('/nonexistent/rg', fixtures, ['sample-app/OAuth.config'], [])).toBeNull();
    expect(ripgrepMatches(rg!, join(fixtures, 'sample-app'), ['OAuth.config', 'nope.js'], [])?.files).toEqual(new Set(['OAuth.config', 'nope.js']));
  });

  // a setting's name is searched for in code: the repository writes it, so it must not break ripgrep's command line
  it.each([['a line break', '\n'], ['a carriage return', '\r'], ['a NUL', '\u0000']])('a config key with %s hides no code finding and crashes nothing', (_what, char) => {
    const key = `AzureDevOps${char}AuthorizeUrl`;
    const dir = tree({
      'appsettings.json': JSON.stringify({ [key]: 'https://app.vssps.visualstudio.com/oauth2/authorize' }),
      'src/token.ts': "export const tokenUrl = 'https://app.vssps.visualstudio.com/oauth2/token';\n",
      'src/other.ts': 'export const n = 1;\n',
    });
    const fast = scanWithEvidence(dir, viaRipgrep).result;
    expect(fast.findings.map((f) => f.file)).toContain('src/token.ts');
    expect(findings(fast)).toEqual(findings(scanWithEvidence(dir, inProcess).result));
  });

  it('exit 2 counts as "some files unreadable" only when ripgrep names those files; any other error is no result', () => {
    const dir = tree({ 'a.ts': 'x\n', 'b.ts': 'y\n' });
    const stub = (stderr: string) => {
      const path = join(tempDir('rg'), 'rg');
      writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' '${stderr}' >&2\nexit 2\n`);
      chmodSync(path, 0o755);
      return path;
    };
    expect(ripgrepMatches(stub('rg: a.ts: Permission denied (os error 13)'), dir, ['a.ts', 'b.ts'], [])?.files).toEqual(new Set(['a.ts']));
    expect(ripgrepMatches(stub('rg: regex parse error'), dir, ['a.ts', 'b.ts'], [])).toBeNull();
    // a name holding ": " (the separator of ripgrep's message): every file of the batch the line may name is read here
    expect(ripgrepMatches(stub('rg: a: b.ts: No such file or directory (os error 2)'), dir, ['a', 'a: b.ts', 'b.ts'], [])?.files).toEqual(new Set(['a', 'a: b.ts']));
  });

  it('two processes at once, each on its share, find what one process finds; a failed share fails the whole answer', async () => {
    const files = Object.fromEntries(Array.from({ length: 2_400 }, (_x, i) => [`src/m${i}.ts`, i % 600 === 7 ? "const u = 'https://app.vssps.visualstudio.com/oauth2/token';\n" : i % 500 === 3 ? "cfg['AzureDevOps:ClientId'];\n" : `export const n${i} = ${i};\n`]));
    const dir = tree(files);
    const names = Object.keys(files);
    const one = ripgrepMatches(rg!, dir, names, ['azuredevops:clientid']);
    const two = await ripgrepMatchesAsync(rg!, dir, names, ['azuredevops:clientid']);
    expect(one?.files.size).toBe(9);
    expect(two).toEqual(one);
    // a share that ripgrep cannot read (it names no file of its own): no answer, so the caller reads everything itself
    const stub = join(tempDir('rg'), 'rg');
    writeFileSync(stub, `#!/bin/sh\ncase "$*" in *src/m2399.ts*) echo 'rg: something else went wrong' >&2; exit 2;; esac\nexec '${rg}' "$@"\n`);
    chmodSync(stub, 0o755);
    expect(await ripgrepMatchesAsync(stub, dir, names, [])).toBeNull();
    expect(await ripgrepMatchesAsync('/nonexistent/rg', dir, names, [])).toBeNull();
  }, 60_000);

  it('the async scan (the CLI\'s) gives the same result as the sync one (the library\'s) through ripgrep', async () => {
    for (const name of ['.', 'sample-app']) {
      const dir = join(fixtures, name);
      const [viaAsync] = await scanManyWithEvidenceAsync([dir], viaRipgrep);
      const { ms: _a, ...statsA } = viaAsync!.result.stats;
      const sync = scanWithEvidence(dir, viaRipgrep).result;
      const { ms: _b, ...statsB } = sync.stats;
      expect({ ...viaAsync!.result, stats: statsA }).toEqual({ ...sync, stats: statsB });
    }
  }, 60_000);

  it('onPhase: each step once, in order, on both paths and both ways of running, with the counts of the result', async () => {
    const dir = join(fixtures, 'sample-app');
    for (const options of [viaRipgrep, inProcess]) {
      const phases: ScanPhase[] = [];
      const sync = scanWithEvidence(dir, { ...options, onPhase: (p) => phases.push(p) }).result;
      const [viaAsync] = await scanManyWithEvidenceAsync([dir], { ...options, onPhase: (p) => phases.push(p) });
      expect(phases.map((p) => p.name)).toEqual(['listing', 'config', 'untracked', 'sources', 'grouping', 'listing', 'config', 'untracked', 'sources', 'grouping']);
      expect(phases.every((p) => Number.isInteger(p.ms) && p.ms >= 0)).toBe(true);
      for (const [at, result] of [[0, sync], [5, viaAsync!.result]] as const) {
        expect(phases[at]!.count).toBe(result.stats.files);
        expect(phases[at + 4]!.count).toBe(result.apps.length);
        expect(phases[at + 3]!.ripgrep).toBe(options === viaRipgrep);
      }
    }
  }, 60_000);
});
