// Issue 12 class 11: after `plan --keep-legacy` + `apply`, scan sees one app in a dual run and no Entra value as legacy.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scan, scanWithEvidence } from '../../src/detect/scan.js';
import { ScanResult } from '../../src/model/scan.js';
import { applyPlan } from '../../src/plan/apply.js';
import { buildPlan } from '../../src/plan/build.js';
import { clientId, copyFixture, fixturesDir, inputs } from '../support/plan-helpers.js';

const legacy = readdirSync(fixturesDir).filter((d) => !d.startsWith('migrated-') && !d.startsWith('decoy-')).sort();

describe('a dual run is one app, and never reports an Entra value as legacy', () => {
  it.each(legacy)('%s', (fixture) => {
    const dir = copyFixture(fixture);
    const before = scan(dir);
    expect(before.apps.every((a) => a.status === 'legacy')).toBe(true);
    const plan = buildPlan(scanWithEvidence(dir), inputs({ keepLegacy: true, secretRef: 'env:ENTRA_CLIENT_SECRET' }));
    applyPlan(plan, dir, { allowDirty: true, planSha256: 'test' });
    const after = ScanResult.parse(scan(dir));
    expect(after.apps.map((a) => a.files)).toEqual(before.apps.map((a) => a.files));
    if (plan.edits.length > 0) expect(after.apps.some((a) => a.status === 'dual-run')).toBe(true);
    for (const f of after.findings) {
      expect(f.keyPath ?? '', `${f.file}:${f.line}`).not.toMatch(/entra/i);
      expect(f.message).not.toContain(clientId);
    }
    expect(after.apps.map((a) => a.clientId)).not.toContain(clientId);
  });
});
