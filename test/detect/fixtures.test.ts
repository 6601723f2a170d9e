import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan, scanWithEvidence } from '../../src/detect/scan.js';
import { ScanResult } from '../../src/model/scan.js';
import { buildPlan } from '../../src/plan/build.js';
import { PlanInputs, Plan } from '../../src/model/plan.js';
import { expectGolden, repoRoot } from '../support/golden.js';

const fixtures = join(repoRoot, 'fixtures');
const legacy = readdirSync(fixtures).filter((d) => !/^(migrated|decoy)-/.test(d)).sort();
const migrated = readdirSync(fixtures).filter((d) => /^(migrated|decoy)-/.test(d)).sort();

function stable(result: ReturnType<typeof scan>) {
  return { ...result, root: '<root>', stats: { ...result.stats, ms: 0 } };
}

describe('golden scans of the legacy fixtures', () => {
  it('has at least eight legacy samples', () => expect(legacy.length).toBeGreaterThanOrEqual(8));
  it.each(legacy)('%s', (name) => {
    const result = scan(join(fixtures, name));
    ScanResult.parse(result);
    expect(result.apps.length).toBeGreaterThan(0);
    expect(result.diagnostics).toEqual([]);
    expectGolden(`scan/${name}.json`, stable(result));
  });
});

describe('already-migrated samples and decoys produce no legacy findings', () => {
  it.each(migrated)('%s', (name) => {
    const result = scan(join(fixtures, name));
    expect(result.findings).toEqual([]);
    expect(result.apps).toEqual([]);
  });
});

describe('golden plans', () => {
  const inputs = (extra: object) => PlanInputs.parse({ tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', ...extra });
  it.each([
    ['sample-app', { scopeStyle: 'default' }],
    ['sample-app', { scopeStyle: 'explicit', msaUsers: false }],
    ['ruby-toml-tool', { scopeStyle: 'default', refresh: false }],
  ])('%s %j', (name, extra) => {
    const plan = buildPlan(scanWithEvidence(join(fixtures, name)), inputs(extra));
    Plan.parse(plan);
    expectGolden(`plan/${name}-${Object.values(extra).join('-')}.json`, { ...plan, root: '<root>' });
  });

  it('default style requests .default + offline_access and registers the minimal scopes with permission ids', () => {
    const plan = buildPlan(scanWithEvidence(join(fixtures, 'sample-app')), inputs({}));
    const entra = plan.apps[0]!.entra;
    expect(entra.scopes).toEqual(['499b84ac-1321-427f-aa17-267ca6975798/.default', 'offline_access']);
    // vso.profile is implied by vso.build/vso.code (through vso.hooks_write), vso.code by nothing else here
    expect(entra.registeredPermissions.map((p) => p.value)).toEqual(['vso.build', 'vso.code', 'vso.work_write']);
    expect(entra.registeredPermissions.find((p) => p.value === 'vso.code')?.id).toBe('b325850d-aa53-41ed-b77a-c5036b2f39fa');
    expect(entra.authorizeEndpoint).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
    expect(plan.edits.map((e) => e.file)).toEqual(['OAuth.config']);
  });

  it('retired scopes become an error risk with the replacement, not a crash', () => {
    const plan = buildPlan(scanWithEvidence(join(fixtures, 'ruby-toml-tool')), inputs({}));
    expect(plan.risks.find((r) => r.ruleId === 'A2E304')?.message).toContain('vso.workitemsearch');
    expect(plan.risks.find((r) => r.ruleId === 'A2E304')?.message).toContain('vso.work');
  });

  it('names unknown app ids', () => {
    expect(() => buildPlan(scanWithEvidence(join(fixtures, 'sample-app')), inputs({ apps: ['nope'] }))).toThrow(/unknown app id\(s\): nope/);
  });
});

describe('projects side by side in one tree stay separate apps', () => {
  it('scanning every fixture at once finds the same apps, with the same files, as scanning each alone', () => {
    const together = scan(fixtures).apps.map((a) => a.files.join(',')).sort();
    const alone = [...legacy, ...migrated].flatMap((name) => scan(join(fixtures, name)).apps.map((a) => a.files.map((f) => `${name}/${f}`).join(','))).sort();
    expect(together).toEqual(alone);
  });
});
