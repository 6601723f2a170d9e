// Issue 12's bar: across every fixture, apply changes no byte outside an Azure DevOps setting, and every edited file still parses.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/detect/read.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { applyTextChanges } from '../../src/mapper/edits/text.js';
import { buildPlan } from '../../src/plan/build.js';
import { parserFor } from '../../src/parsers/registry.js';
import { fixturesDir, inputs } from '../support/plan-helpers.js';

const fixtures = readdirSync(fixturesDir).sort();

describe.each([
  ['default', {}],
  ['keep-legacy', { keepLegacy: true, secretRef: 'env:ENTRA_CLIENT_SECRET' }],
])('apply (%s) touches Azure DevOps settings only', (_name, extra) => {
  it.each(fixtures)('%s', (fixture) => {
    const root = join(fixturesDir, fixture);
    const evidence = scanWithEvidence(root);
    const plan = buildPlan(evidence, inputs(extra));
    for (const edit of plan.edits) {
      const text = decodeText(readFileSync(join(root, edit.file)))!.text;
      const legacyRanges = [...evidence.signalsByApp.values()].flat().filter((s) => s.file === edit.file && !s.reference).map((s) => s.setting.range);
      for (const change of edit.changes) {
        if (change.start === change.end) continue; // an insertion (a tenant id beside the client id) replaces nothing
        const inside = legacyRanges.filter(([a, b]) => a < change.end && b > change.start);
        expect(inside.length, `${fixture}/${edit.file}: change at ${change.start} is in no legacy setting`).toBeGreaterThan(0);
        // around and between the elements of one list only separators and its brackets may change
        const outside = [...text.slice(change.start, change.end)].filter((_, i) => !inside.some(([a, b]) => change.start + i >= a && change.start + i < b)).join('');
        expect(outside, `${fixture}/${edit.file}: bytes outside legacy settings`).toMatch(/^[\s,[\]]*$/);
      }
      const after = applyTextChanges(text, edit.changes);
      const parser = parserFor(edit.file)!;
      expect(parser.parse(after, edit.file).diagnostics, `${fixture}/${edit.file} still parses`).toEqual(parser.parse(text, edit.file).diagnostics);
    }
  });
});
