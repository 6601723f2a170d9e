import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/temp.js';
import { describe, expect, it } from 'vitest';
import { missing } from '../support/skip.js';
import { RollupResult } from '../../src/model/rollup.js';
import { repoRoot } from '../support/golden.js';
import { syntheticOrg, type RepoKind } from '../support/org.js';

// 300 tiny repositories scanned for real by one `scan PATH...` (one process, one reader pool), then `rollup`.
// Tiny trees (3 files each) rather than 300 full scans in 300 processes: the counts are what is tested, and the
// per-repository CI path (git identity, artifacts, latest commit wins) is tested in identity/ci-org/rollup tests.
const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });

const kindOf = (i: number): RepoKind => {
  const slot = i % 10;
  if (slot <= 5) return 'clean';
  if (slot === 6) return 'legacy';
  if (slot === 7) return i % 20 === 7 ? 'legacy-secret' : 'legacy-base-url';
  return slot === 8 ? 'migrated' : 'broken';
};

describe('an organisation of 300 repositories', () => {
  const org = syntheticOrg(300, kindOf);
  const count = (k: RepoKind) => org.repos.filter((r) => r.kind === k).length;
  let html = '';

  it('scan PATH... then rollup: every count exact', () => {
    expect([count('clean'), count('legacy'), count('legacy-secret'), count('legacy-base-url'), count('migrated'), count('broken')]).toEqual([180, 30, 15, 15, 30, 30]);
    const scan = run(org.dir, 'scan', ...org.repos.map((r) => r.path), '--json', '--out', 'org.json');
    expect(scan.status, scan.stderr).toBe(0);
    const r = run(org.dir, 'rollup', 'org.json', '--json');
    expect(r.status, r.stderr).toBe(0);
    const rollup = RollupResult.parse(JSON.parse(r.stdout));
    expect(rollup.skipped).toEqual([]);
    expect(rollup.totals).toEqual({
      repositories: 300, withLegacy: 60, apps: 120,
      byStatus: { legacy: 60, dualRun: 0, migrated: 30, broken: 30 },
      blockers: { msaUsers: 0, committedSecrets: 15, baseUrls: 15 },
    });
    expect(rollup.repositories.filter((x) => x.apps.length === 0)).toHaveLength(180);
    expect(rollup.permissions.map((p) => [p.value, p.apps, p.repositories, p.adminConsent])).toEqual([
      ['vso.code', 45, 45, false], ['vso.work', 45, 45, false], ['vso.code_full', 15, 15, true],
    ]);
    // each repository's apps are its own: repo-006 is legacy, repo-008 migrated, repo-009 broken
    const of = (n: string) => rollup.repositories.find((x) => x.key.endsWith(`repo-${n}#.`))!.apps.map((a) => a.status);
    expect([of('000'), of('006'), of('008'), of('009')]).toEqual([[], ['legacy'], ['migrated'], ['broken']]);
    html = run(org.dir, 'rollup', 'org.json', '--format', 'html').stdout;
    expect(html).toContain('<b class="legacy">60</b>');
  }, 180_000);

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  it.skipIf(missing(!chromium && !process.env.CI, 'no Chromium (/usr/bin/chromium): the HTML inventory is not rendered; `apt-get install chromium` to run it (CI always does)'))('its HTML inventory renders in a real headless Chromium', () => {
    expect(html).not.toBe('');
    const dir = tempDir('rollup-html');
    const shoot = (page: string, name: string) => {
      writeFileSync(join(dir, `${name}.html`), page);
      const png = join(dir, `${name}.png`);
      const r = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1280,1600', `--screenshot=${png}`, `file://${join(dir, `${name}.html`)}`], { encoding: 'utf8', timeout: 60_000 });
      expect(existsSync(png), r.stderr).toBe(true);
      return readFileSync(png);
    };
    const inventory = shoot(html, 'inventory');
    const blank = shoot('<!doctype html><html><body></body></html>', 'blank');
    expect(inventory.subarray(1, 4).toString()).toBe('PNG');
    // a white page compresses to almost nothing; cards, tables and the chart do not
    expect(inventory.length).toBeGreaterThan(blank.length * 10);
    expect(statSync(join(dir, 'inventory.png')).size).toBeGreaterThan(30_000);
  }, 90_000);
});
