// #13.9: a baseline accepts the findings that exist today. A secret replaced on the same line is a new finding:
// the fingerprint holds a keyed hash of the value, never the value.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import type { Baseline } from '../../src/model/validate.js';
import { fingerprint, validate } from '../../src/rules/run.js';
import { tree } from '../support/tree.js';

const env = (secret: string) => `VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93\nVSTS_APP_SECRET=${secret}\n`;
const first = 'Qm9yaW5nU2VjcmV0VmFsdWUtMTIzNDU2Nzg5';
const second = 'QW5vdGhlclNlY3JldFZhbHVlLTk4NzY1NDMy';

function run(dir: string, baseline: Baseline | null) {
  return validate(scanWithEvidence(dir), { failOn: 'note', ignore: [], ignoreFile: null, baseline });
}

describe('baseline fingerprints', () => {
  it('a changed secret on the same line is a new finding; unchanged findings stay suppressed', () => {
    const dir = tree({ '.env': env(first) });
    const before = run(dir, null);
    const secretFinding = before.findings.find((f) => f.line === 3);
    expect(secretFinding).toBeDefined();
    const baseline: Baseline = { schemaVersion: 1, fingerprints: before.findings.map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint })) };
    expect(JSON.stringify(baseline)).not.toContain(first);

    const same = run(dir, baseline);
    expect(same.findings).toEqual([]);
    expect(same.suppressed.baseline).toBe(before.findings.length);

    writeFileSync(join(dir, '.env'), env(second));
    const after = run(dir, baseline);
    expect(after.findings.map((f) => [f.ruleId, f.line])).toEqual(before.findings.filter((f) => f.line === 3).map((f) => [f.ruleId, 3]));
    expect(after.suppressed.baseline).toBe(before.findings.filter((f) => f.line !== 3).length);
  });

  it('lines without secrets keep the fingerprint they had; the secret hash depends on rule and path', () => {
    expect(fingerprint('A2E001', 'a.env', 'X=1')).toBe(fingerprint('A2E001', 'a.env', 'X=1', []));
    const a = fingerprint('A2E006', 'a.env', 'S=***', [first]);
    expect(a).not.toBe(fingerprint('A2E006', 'a.env', 'S=***'));
    expect(a).not.toBe(fingerprint('A2E006', 'a.env', 'S=***', [second]));
    expect(a).toBe(fingerprint('A2E006', 'a.env', 'S=***', [first]));
    expect(a).not.toBe(fingerprint('A2E006', 'b.env', 'S=***', [first]));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });
});
