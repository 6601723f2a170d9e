import { tempDir } from './temp.js';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { PlanInputs } from '../../src/model/plan.js';
import { buildPlan } from '../../src/plan/build.js';
import { repoRoot } from './golden.js';

export const fixturesDir = join(repoRoot, 'fixtures');
export const tenant = '72f988bf-0000-4000-8000-000000000000';
export const clientId = '11111111-2222-3333-4444-555555555555';

export function inputs(extra: Partial<PlanInputs> = {}): PlanInputs {
  return PlanInputs.parse({ tenant, clientId, msaUsers: false, ...extra });
}

/** A private copy of a fixture (or of all of them), alone in a temp folder: files a test puts beside it are cleaned too. */
export function copyFixture(name?: string): string {
  const dir = join(tempDir('fixture'), name ?? 'fixtures');
  cpSync(name ? join(fixturesDir, name) : fixturesDir, dir, { recursive: true });
  return dir;
}

export function planFor(dir: string, extra: Partial<PlanInputs> = {}) {
  return buildPlan(scanWithEvidence(dir), inputs(extra));
}

/** sha256 of every file under `dir` (our own .ado2entra/ left out), by relative path. */
export function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === '.ado2entra') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** treeHashes without the report the wizard writes: what a wizard run that applied nothing must leave unchanged. */
export function configHashes(dir: string): Record<string, string> {
  const hashes = treeHashes(dir);
  delete hashes['ado2entra-migration.md'];
  return hashes;
}
