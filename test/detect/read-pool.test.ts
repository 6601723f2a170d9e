import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { repoRoot } from '../support/golden.js';

// Worker threads run compiled JS, so this drives the built module (npm test builds first).
describe('reading source files on worker threads finds exactly what the single-threaded scan finds', () => {
  it('on a tree with code that reads a config setting and code that does not', async () => {
    const dir = tempDir('pool');
    writeFileSync(join(dir, '.env'), 'VSTS_CLIENT_ID=0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a\nVSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n');
    mkdirSync(join(dir, 'src'));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, 'src', `m${i}.js`), i === 7 ? 'const id = process.env.VSTS_CLIENT_ID;\n' : `export const n${i} = ${i};\n`);
    writeFileSync(join(dir, 'src', 'legacy.js'), "const u = 'https://app.vssps.visualstudio.com/oauth2/token';\n");
    const built = (await import(join(repoRoot, 'dist', 'detect', 'scan.js'))) as typeof import('../../src/detect/scan.js');
    const pooled = built.scanWithEvidence(dir, { parallelMin: 1, ripgrep: false }).result;
    const single = scanWithEvidence(dir, { parallelMin: Number.POSITIVE_INFINITY }).result;
    const stable = (r: typeof single) => ({ ...r, stats: { ...r.stats, ms: 0 } });
    expect(stable(pooled)).toEqual(stable(single));
    expect(pooled.findings.map((f) => f.file)).toContain('src/m7.js');
  });
});

describe('a read worker that cannot start fails the scan with a clear error, at once', () => {
  it('a missing worker module (a broken install) is reported, not waited for', async () => {
    const pool = (await import(join(repoRoot, 'dist', 'detect', 'read-pool.js'))) as typeof import('../../src/detect/read-pool.js');
    const dir = tempDir('pool');
    writeFileSync(join(dir, 'a.js'), 'export const a = 1;\n');
    const job = { roots: [{ dir, names: [], links: [] }], files: [{ root: 0, file: 'a.js' }], maxFileSize: 1 << 20 };
    expect(() => pool.readSourcesInParallel(job, new URL('./no-such-worker.js', import.meta.url))).toThrow(/worker thread failed to start: .*no-such-worker/);
    expect(pool.readSourcesInParallel(job)).toEqual({ outcomes: [], cleanBytes: [20] });
  });

  it('a worker whose module throws while loading is reported too', async () => {
    const pool = (await import(join(repoRoot, 'dist', 'detect', 'read-pool.js'))) as typeof import('../../src/detect/read-pool.js');
    const dir = tempDir('pool');
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load the prefilter');\n");
    const job = { roots: [{ dir, names: [], links: [] }], files: [{ root: 0, file: 'broken-worker.mjs' }], maxFileSize: 1 << 20 };
    expect(() => pool.readSourcesInParallel(job, new URL(`file://${broken}`))).toThrow(/failed to start: cannot load the prefilter/);
  });
});
