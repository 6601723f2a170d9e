// Issue 12: the real-code-style fixture set (shapes seen in public repositories, written anew) has golden plans too.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { Plan, PlanInputs } from '../../src/model/plan.js';
import { buildPlan } from '../../src/plan/build.js';
import { expectGolden, repoRoot } from '../support/golden.js';

export const realCodeFixtures = [
  'csharp-teams-bot', 'elixir-phoenix-standup', 'go-webhook-consts', 'java-boards-alerts', 'kotlin-ktor-dashboard',
  'lua-openresty-gateway', 'php-laravel-deployer', 'python-boards-sync', 'react-spa-boards', 'ruby-rails-ci', 'rust-boards-cli',
  'web-and-api',
];

describe('golden plans of the real-code-style fixtures', () => {
  const inputs = PlanInputs.parse({ tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', msaUsers: false });
  it('covers at least ten apps in at least six languages', () => {
    expect(realCodeFixtures.length).toBeGreaterThanOrEqual(10);
    expect(new Set(realCodeFixtures.map((n) => n.split('-')[0])).size).toBeGreaterThanOrEqual(6);
  });
  it.each(realCodeFixtures)('%s', (name) => {
    const plan = buildPlan(scanWithEvidence(join(repoRoot, 'fixtures', name)), inputs);
    Plan.parse(plan);
    expect(plan.apps.length).toBeGreaterThan(0);
    expectGolden(`plan/${name}.json`, { ...plan, root: '<root>' });
  });
});
