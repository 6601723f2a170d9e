import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { RollupResult } from '../../src/model/rollup.js';
import type { Repository } from '../../src/model/scan.js';
import { buildRollup, type RollupInput } from '../../src/report/rollup.js';
import { burndownSvg } from '../../src/report/rollup-html.js';
import { renderRollupCsv } from '../../src/report/rollup-text.js';
import { validate } from '../../src/rules/run.js';
import { repoRoot } from '../support/golden.js';
import { repoFiles, type RepoKind } from '../support/org.js';
import { tree } from '../support/tree.js';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1796083200' } }); // 2026-12-01

/** What `scan --json` and `validate --json` print for a tiny repository of this kind, as one CI job would. */
function results(kind: RepoKind, i: number, repository: Repository | null) {
  const evidence = scanWithEvidence(tree(repoFiles(kind, i)));
  const checked = validate(evidence, { failOn: 'error', ignore: [], ignoreFile: null, baseline: null });
  return {
    scan: { ...evidence.result, repository, entraApps: checked.entraApps },
    validate: { ...checked, repository },
  };
}
const repo = (name: string, commit: string, day: string): Repository => ({ remote: `https://dev.azure.com/fabrikam/${name}/_git/${name}`, commit, branch: 'main', path: '.', committedAt: `${day}T12:00:00+01:00` });
const input = (source: string, value: unknown): RollupInput => ({ source, folder: source.split('/')[0]!, value });

describe('rollup merges per-repository results', () => {
  it('a scan and a validate of one commit are one entry; the latest commit wins; the rest is reported, never a crash', () => {
    const oldApi = results('legacy-secret', 1, repo('api', 'a'.repeat(40), '2026-11-01'));
    const newApi = results('migrated', 1, repo('api', 'b'.repeat(40), '2026-11-20'));
    const web = results('legacy-base-url', 2, repo('web', 'c'.repeat(40), '2026-11-05'));
    const broken = results('broken', 3, repo('bot', 'd'.repeat(40), '2026-11-06'));
    const local = results('legacy', 4, null);
    const r = buildRollup([
      input('api-old/scan.json', oldApi.scan), input('api-old/validate.json', oldApi.validate),
      input('api-new/scan.json', newApi.scan), input('api-new/validate.json', newApi.validate),
      input('web/scan.json', web.scan), input('web/validate.json', web.validate),
      input('bot/validate.json', broken.validate),
      input('local/scan.json', local.scan),
      input('junk/package.json', { name: 'x', version: '1.0.0' }),
      input('junk/future.json', { ...web.scan, schemaVersion: 2 }),
      input('junk/array.json', [1, 2]),
      input('junk/plan.json', { schemaVersion: 1, root: '.', apps: [], edits: [], manualSteps: [], risks: [] }),
      input('junk/bad-scan.json', { schemaVersion: 1, root: '.', apps: 'nope', findings: [], stats: {} }),
      { source: 'junk/text.json', folder: 'junk', value: null, error: 'not JSON (Unexpected token)' },
    ], [], '2026-12-01T00:00:00.000Z');
    RollupResult.parse(r);
    expect(r.repositories.map((x) => [x.remote ?? x.key, x.commit?.[0] ?? null, x.sources])).toEqual([
      ['https://dev.azure.com/fabrikam/api/_git/api', 'b', ['api-new/scan.json', 'api-new/validate.json']],
      ['https://dev.azure.com/fabrikam/bot/_git/bot', 'd', ['bot/validate.json']],
      ['https://dev.azure.com/fabrikam/web/_git/web', 'c', ['web/scan.json', 'web/validate.json']],
      ['local:' + local.scan.root + '#.', null, ['local/scan.json']],
    ]);
    expect(r.totals).toEqual({
      repositories: 4, withLegacy: 2, apps: 4,
      byStatus: { legacy: 2, dualRun: 0, migrated: 1, broken: 1 },
      blockers: { msaUsers: 0, committedSecrets: 0, baseUrls: 1 },
    });
    expect(r.skipped.map((s) => s.input)).toEqual([
      'junk/package.json', 'junk/future.json', 'junk/array.json', 'junk/plan.json', 'junk/bad-scan.json', 'junk/text.json',
      'api-old/scan.json', 'api-old/validate.json',
    ]);
    expect(r.skipped.find((s) => s.input === 'junk/future.json')?.reason).toMatch(/schemaVersion 2 is newer/);
    expect(r.skipped.find((s) => s.input === 'api-old/scan.json')?.reason).toMatch(/older commit .*aaaaaaaaaaaa; kept bbbbbbbbbbbb/);
    expect(r.permissions.map((p) => [p.value, p.adminConsent, p.apps, p.repositories])).toEqual([
      ['vso.code', false, 1, 1], ['vso.code_full', true, 1, 1], ['vso.work', false, 1, 1],
    ]);
  });

  it('blockers: committed secrets (once per secret), base URLs, personal-account authorities', () => {
    const secret = results('legacy-secret', 5, repo('s', 'e'.repeat(40), '2026-11-01'));
    const msa = tree({ 'appsettings.json': JSON.stringify({ AzureDevOps: { Authority: 'https://login.microsoftonline.com/common', ClientId: '55555555-4444-4555-8666-777777777777', Scopes: '499b84ac-1321-427f-aa17-267ca6975798/.default' } }) });
    const msaValidate = { ...validate(scanWithEvidence(msa), { failOn: 'error', ignore: [], ignoreFile: null, baseline: null }), repository: repo('m', 'f'.repeat(40), '2026-11-01') };
    const r = buildRollup([input('s/scan.json', secret.scan), input('s/validate.json', secret.validate), input('m/validate.json', msaValidate)], [], '2026-12-01T00:00:00.000Z');
    expect(r.blockers.map((b) => [b.kind, b.repository, b.file])).toEqual([
      ['committed-secret', 'https://dev.azure.com/fabrikam/s/_git/s', '.env'],
      ['msa-users', 'https://dev.azure.com/fabrikam/m/_git/m', 'appsettings.json'],
    ]);
    const noValidate = buildRollup([input('s/scan.json', secret.scan)], [], '2026-12-01T00:00:00.000Z');
    expect(noValidate.blockers.map((b) => [b.kind, b.appId, b.file, b.line])).toEqual([['committed-secret', 'env--vsts', '.env', 4]]);
  });

  it('CSV has one row per app and one per clean repository', () => {
    const r = buildRollup([input('a/scan.json', results('legacy', 6, repo('a', '1'.repeat(40), '2026-11-01')).scan), input('b/scan.json', results('clean', 7, repo('b,c', '2'.repeat(40), '2026-11-01')).scan)], [], '2026-12-01T00:00:00.000Z');
    expect(renderRollupCsv(r).split('\r\n')).toEqual([
      'remote,path,branch,commit,app,status,clientId,files,scopes',
      `https://dev.azure.com/fabrikam/a/_git/a,.,main,${'1'.repeat(40)},env--vsts,legacy,00000006-4444-4555-8666-111111111111,.env,vso.code vso.work`,
      `"https://dev.azure.com/fabrikam/b,c/_git/b,c",.,main,${'2'.repeat(40)},,clean,,,`,
      '',
    ]);
  });

  it('the burn-down SVG draws every status at every date, and scales to the largest count', () => {
    const svg = burndownSvg([{ date: '2026-10-01', repositories: 3, legacy: 9, dualRun: 1, migrated: 0, broken: 0 }, { date: '2026-11-01', repositories: 3, legacy: 4, dualRun: 2, migrated: 5, broken: 1 }]);
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg.match(/<circle/g)).toHaveLength(8);
    expect(svg).toContain('>9</text>');
    expect(svg).toContain('>2026-10-01</text>');
  });
});

describe('ado2entra rollup (the command)', () => {
  const artifacts = () => {
    const dir = tempDir('rollup');
    const put = (path: string, value: unknown) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), typeof value === 'string' ? value : JSON.stringify(value));
    };
    const a = results('legacy-secret', 1, repo('api', '1'.repeat(40), '2026-11-20'));
    const b = results('broken', 2, repo('bot', '2'.repeat(40), '2026-11-21'));
    put('artifacts/scan-api/scan.json', a.scan);
    put('artifacts/scan-api/validate.json', a.validate);
    put('artifacts/scan-bot/scan.json', b.scan);
    put('artifacts/notes/readme.txt', 'not json, not read');
    put('artifacts/other/sarif.json', { version: '2.1.0', runs: [] });
    // history: an earlier rollup's JSON, and a dated folder of earlier artifacts
    put('history/2026-10-01.json', { schemaVersion: 1, kind: 'ado2entra-rollup', generatedAt: '2026-10-01T06:00:00.000Z', totals: { repositories: 2, byStatus: { legacy: 5, dualRun: 0, migrated: 0, broken: 0 } } });
    put('history/2026-11-01/api/scan.json', results('legacy', 1, repo('api', '3'.repeat(40), '2026-10-30')).scan);
    put('history/2026-11-01/bot/scan.json', results('legacy', 2, repo('bot', '4'.repeat(40), '2026-10-30')).scan);
    put('history/unrelated.json', { hello: 'world' });
    return dir;
  };

  it('prints markdown, JSON (versioned schema), CSV and HTML; skipped inputs go to stderr', () => {
    const dir = artifacts();
    const json = run(dir, 'rollup', 'artifacts', '--history', 'history', '--json');
    expect(json.status).toBe(0);
    const r = RollupResult.parse(JSON.parse(json.stdout));
    expect(r.schemaVersion).toBe(1);
    expect(r.generatedAt).toBe('2026-12-01T00:00:00.000Z');
    expect(r.totals).toMatchObject({ repositories: 2, withLegacy: 1, apps: 2, byStatus: { legacy: 1, dualRun: 0, migrated: 0, broken: 1 } });
    expect(r.burndown.map((p) => [p.date, p.legacy, p.broken])).toEqual([['2026-10-01', 5, 0], ['2026-11-01', 2, 0], ['2026-12-01', 1, 1]]);
    expect(r.skipped).toEqual([{ input: 'artifacts/other/sarif.json', reason: 'not an ado2entra scan or validate result (no schemaVersion)' }]);
    expect(json.stderr).toContain('skipped artifacts/other/sarif.json');
    expect(json.stderr).toContain('skipped history unrelated.json');

    const md = run(dir, 'rollup', 'artifacts', '--history', 'history').stdout;
    expect(md).toContain('| 2 | 1 | 2 | 1 | 0 | 0 | 1 |');
    expect(md).toContain('### Committed secrets');
    expect(md).toContain('| 2026-11-01 | 2 | 2 | 0 | 0 | 0 |');
    expect(run(dir, 'rollup', 'artifacts', '--format', 'csv').stdout.split('\r\n')[2]).toMatch(/^https:\/\/dev\.azure\.com\/fabrikam\/bot\/_git\/bot,\.,main,2{40},appsettings-json,broken,/);

    const html = run(dir, 'rollup', 'artifacts', '--history', 'history', '--format', 'html').stdout;
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href="?https?:/i);
    for (const planted of ['legacy-secret-1']) expect(json.stdout + md + html).not.toContain(planted);
  }, 90_000);

  it('a missing input is a usage error (exit 2); an input folder of junk gives an empty inventory (exit 0)', () => {
    const dir = artifacts();
    expect(run(dir, 'rollup', 'nope').status).toBe(2);
    expect(run(dir, 'rollup').status).toBe(2);
    const junk = run(dir, 'rollup', 'artifacts/other', '--json');
    expect(junk.status).toBe(0);
    expect(JSON.parse(junk.stdout).totals.repositories).toBe(0);
  }, 60_000);
});

describe('rollup as a library function', () => {
  it('takes parsed results and gives the same inventory as the command', async () => {
    const { rollup } = await import('../../src/index.js');
    const r = await rollup([{ source: 'api/scan.json', value: results('legacy', 1, repo('api', '1'.repeat(40), '2026-11-01')).scan }, { source: 'junk.json', value: {} }], { generatedAt: '2026-12-01T00:00:00.000Z' });
    expect(RollupResult.parse(r).totals).toMatchObject({ repositories: 1, withLegacy: 1, apps: 1 });
    expect(r.skipped.map((s) => s.input)).toEqual(['junk.json']);
  });
});
