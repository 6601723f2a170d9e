// The package as a user gets it: `npm pack`, unpacked into a fresh project's node_modules the way npm installs it,
// its declared dependencies (and only those) beside it, then imported as a library and run as a bin.
// Unpacked rather than `npm install`ed: no registry (tests never touch the network), same files and layout.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parallelMinFiles } from '../../src/detect/read-pool.js';
import { scan } from '../../src/index.js';
import { repoRoot } from '../support/golden.js';
import { tempDir } from '../support/temp.js';
import { tree } from '../support/tree.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  bin: Record<string, string>; dependencies: Record<string, string>; repository: { url: string }; homepage: string; bugs: { url: string }; keywords: string[]; license: string;
};

describe('the packed package', () => {
  let files: string[] = [];
  let project = '';

  beforeAll(() => {
    const out = tempDir('pack');
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path);
    project = join(out, 'project');
    const modules = join(project, 'node_modules');
    mkdirSync(modules, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', dependencies: { ado2entra: `file:../${packed!.filename}` } }));
    execFileSync('tar', ['-xzf', join(out, packed!.filename), '-C', modules]);
    renameSync(join(modules, 'package'), join(modules, 'ado2entra'));
    for (const dep of Object.keys(pkg.dependencies)) {
      mkdirSync(dirname(join(modules, dep)), { recursive: true });
      symlinkSync(join(repoRoot, 'node_modules', dep), join(modules, dep), 'dir');
    }
    // What npm does for a bin: an executable file, linked from node_modules/.bin.
    mkdirSync(join(modules, '.bin'));
    for (const [name, file] of Object.entries(pkg.bin)) {
      chmodSync(join(modules, 'ado2entra', file), 0o755);
      symlinkSync(join('..', 'ado2entra', file), join(modules, '.bin', name));
    }
  }, 120_000);

  it('ships the build, the rule docs, the CI templates and the licence; no source map without its source', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'MIGRATION.md', 'docs/rules.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/index.js']));
    // the bin is a bundle: its file-reading worker beside it, and the licences of the packages inside it
    expect(files).toEqual(expect.arrayContaining(['dist/cli/read-worker.js', 'dist/cli/THIRD-PARTY-NOTICES']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /^(src|test|fixtures|bench)\//.test(f))).toEqual([]);
  });

  it('package.json names the repository, homepage, issue tracker, keywords and licence', () => {
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/ado2entra\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\//);
    expect(pkg.bugs.url).toMatch(/\/issues$/);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['azure-devops', 'entra-id', 'oauth']));
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toContain(`${pkg.license} License`);
  });

  it('imports as a library: scan, plan, validate, verify and the zod schemas', () => {
    const fixture = join(repoRoot, 'fixtures', 'sample-app');
    writeFileSync(join(project, 'use.mjs'), `
import * as a2e from 'ado2entra';
const inputs = { tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' };
const scanned = a2e.ScanResult.parse(a2e.scan(${JSON.stringify(fixture)}));
const plan = a2e.Plan.parse(a2e.plan(${JSON.stringify(fixture)}, inputs));
const validated = a2e.ValidateResult.parse(await a2e.validate(${JSON.stringify(fixture)}));
const verified = a2e.VerifyResult.parse(await a2e.verify(${JSON.stringify(fixture)}, inputs));
let refused = '';
try { a2e.plan(${JSON.stringify(fixture)}, { tenant: 'bogus!', clientId: 'nope' }); } catch (e) { refused = e.message; }
console.log(JSON.stringify({
  exports: Object.keys(a2e).sort(), apps: scanned.apps.length, edits: plan.edits.length, ok: validated.ok,
  verified: verified.ok, rules: a2e.rules.length, refused, functions: ['scan', 'plan', 'apply', 'rollback', 'validate', 'verify'].map((f) => typeof a2e[f]),
}));
`);
    const r = spawnSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(got).toMatchObject({ apps: 1, ok: false, verified: true, functions: Array(6).fill('function') });
    expect(got.edits).toBeGreaterThan(0);
    expect(got.rules).toBeGreaterThan(10);
    expect(got.refused).toMatch(/--tenant must be[\s\S]*--client-id must be/);
    expect(got.exports).toEqual(expect.arrayContaining(['Plan', 'PlanInputs', 'ScanResult', 'ValidateResult', 'VerifyResult', 'Journal']));
  }, 120_000);

  it('its types check in a TypeScript consumer', () => {
    writeFileSync(join(project, 'use.ts'), `
import { plan, type Plan, type ScanResult, scan } from 'ado2entra';
const s: ScanResult = scan('.');
const p: Plan = plan('.', { tenant: 'organizations', clientId: '11111111-2222-3333-4444-555555555555', scopeStyle: 'explicit' });
// @ts-expect-error clientId is required
plan('.', { tenant: 'organizations' });
export const counts: number[] = [s.apps.length, p.edits.length];
`);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', strict: true, noEmit: true, skipLibCheck: true, types: [], typeRoots: [] }, files: ['use.ts'] }));
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 120_000);

  it('its bin runs from node_modules/.bin', () => {
    const bin = join(project, 'node_modules', '.bin', 'ado2entra');
    const version = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    const scanned = spawnSync(bin, ['scan', join(repoRoot, 'fixtures', 'sample-app'), '--json'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(scanned.status, scanned.stderr).toBe(0);
    expect(JSON.parse(scanned.stdout).apps).toHaveLength(1);
  }, 120_000);

  it('its bin reads a tree over the pool threshold with the worker shipped beside it, and finds what the library finds', () => {
    const legacy = "const tokenUrl = 'https://app.vssps.visualstudio.com/oauth2/token';\n";
    const dir = tree(Object.fromEntries(Array.from({ length: parallelMinFiles + 50 }, (_x, i) => [`src/m${i}.ts`, i % 700 === 5 ? legacy : `export const n${i} = ${i};\n`])));
    const bin = join(project, 'node_modules', '.bin', 'ado2entra');
    const env = { ...process.env, ADO2ENTRA_RIPGREP: '0' };
    const scanned = spawnSync(bin, ['scan', dir, '--json', '--quiet'], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
    expect(scanned.status, scanned.stderr).toBe(0);
    const fromBin = JSON.parse(scanned.stdout);
    const fromLibrary = JSON.parse(JSON.stringify(scan(dir, { ripgrep: false, parallelMin: Number.POSITIVE_INFINITY, identify: true })));
    for (const result of [fromBin, fromLibrary]) delete result.stats.ms;
    expect(fromBin.findings.map((f: { file: string }) => f.file)).toEqual(expect.arrayContaining(['src/m5.ts', 'src/m705.ts', 'src/m1405.ts']));
    expect(fromBin).toEqual(fromLibrary);
    // the worker threads did the reading: without the worker module the same scan fails, and says so
    const worker = join(project, 'node_modules', 'ado2entra', 'dist', 'cli', 'read-worker.js');
    renameSync(worker, `${worker}.away`);
    try {
      const failed = spawnSync(bin, ['scan', dir, '--json', '--quiet'], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
      expect(failed.status).toBe(3);
      expect(failed.stderr).toMatch(/worker thread failed to start: Cannot find module .*read-worker\.js/);
    } finally {
      renameSync(`${worker}.away`, worker);
    }
  }, 120_000);
});
