// The bin is an esbuild bundle of the CLI and its light dependencies (#16 A, scripts/bundle.mjs): the same results
// as the library, lazy chunks per command, no auth library inside, and the licence of every package it holds.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import type { BuildOptions, Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { bin, runTraced } from '../support/bundle.js';
import { repoRoot } from '../support/golden.js';
import { tempDir } from '../support/temp.js';

interface BundleScript {
  options: BuildOptions;
  external: string[];
  bundle: (extra?: BuildOptions) => Promise<{ metafile: Metafile }>;
  bundledPackages: (metafile: Metafile) => Map<string, string>;
}

describe('the bundled bin', () => {
  it('scan --json gives what the library gives on every fixture (stats.ms aside): the bundled parsers read alike', () => {
    const dirs = readdirSync(join(repoRoot, 'fixtures')).sort().map((name) => join(repoRoot, 'fixtures', name));
    const r = spawnSync(process.execPath, [bin, 'scan', ...dirs, '--json'], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(0);
    const fromBin = (JSON.parse(r.stdout) as { scans: { stats: { ms?: number } }[] }).scans;
    const fromLibrary = dirs.map((dir) => JSON.parse(JSON.stringify(scan(dir, { identify: true }))) as { stats: { ms?: number } });
    for (const result of [...fromBin, ...fromLibrary]) delete result.stats.ms;
    expect(fromBin).toHaveLength(dirs.length);
    expect(fromBin).toEqual(fromLibrary);
  }, 60_000);

  it('--version and --help run commander alone: every command keeps its modules in chunks of its own', () => {
    for (const args of [['--version'], ['--help'], ['scan', '--help']]) {
      const run = runTraced(args);
      expect(run.status, run.stderr).toBe(0);
      expect(run.modules.filter((m) => m.startsWith('node_modules/') && !m.startsWith('node_modules/commander/'))).toEqual([]);
      expect(run.modules.filter((m) => m.startsWith('src/') && m !== 'src/cli/index.ts')).toEqual([]);
    }
    const scanned = runTraced(['scan', join(repoRoot, 'fixtures', 'sample-app'), '--json']);
    expect(scanned.modules).toEqual(expect.arrayContaining(['src/cli/scan.ts', 'node_modules/yaml/dist/index.js']));
    expect(scanned.modules.filter((m) => /msw|jose|verifier/.test(m))).toEqual([]);
  }, 60_000);

  it('a CommonJS package loaded with await import() keeps its named exports (yaml for an answers file)', () => {
    const answers = join(tempDir('answers'), 'answers.yaml');
    writeFileSync(answers, 'tenant: contoso.onmicrosoft.com\nclientId: 11111111-2222-3333-4444-555555555555\n');
    const r = spawnSync(process.execPath, [bin, 'plan', join(repoRoot, 'fixtures', 'sample-app'), '--answers', answers, '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inputs).toMatchObject({ tenant: 'contoso.onmicrosoft.com' });
  }, 60_000);

  it('holds no auth library, imports only Node built-ins and its externals, and ships every bundled licence', async () => {
    const script = (await import(join(repoRoot, 'scripts', 'bundle.mjs'))) as BundleScript;
    const { metafile } = await script.bundle({ write: false, logLevel: 'silent' });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((i) => /node_modules\/(@azure|@inquirer|selfsigned|@vscode|graphql)\//.test(i))).toEqual([]);
    const imported = new Set(Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
    const builtin = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect([...imported].filter((i) => !builtin.has(i) && !script.external.includes(i))).toEqual([]);
    expect([...imported]).toEqual(expect.arrayContaining(['@azure/msal-node', '@azure/identity']));

    const notices = readFileSync(join(repoRoot, 'dist', 'cli', 'THIRD-PARTY-NOTICES'), 'utf8');
    const packages = [...script.bundledPackages(metafile).keys()];
    expect(packages.map((id) => id.slice(0, id.lastIndexOf('@')))).toEqual(expect.arrayContaining(['commander', 'msw', 'saxes', 'zod']));
    const named = [...notices.matchAll(/^(\S+@[\d.]+) \(/gm)].map((m) => m[1]);
    expect(named).toEqual(packages);
    expect(notices).toContain('Copyright (c) Louis-Dominique Dubeau'); // saxes ships no licence file: the ISC text stands in
  }, 60_000);
});
