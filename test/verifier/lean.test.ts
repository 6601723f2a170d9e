// verify's own start-up cost (#16 A): no GraphQL code for an HTTP-only mock, no RSA key generation per app.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigner } from '../../src/verifier/jwt.js';
import { repoRoot } from '../support/golden.js';

describe('verify loads and makes only what it needs', () => {
  it('never loads msw GraphQL support or the graphql package', () => {
    const r = spawnSync(process.execPath, ['--import', join(repoRoot, 'test', 'support', 'trace-imports.mjs'), join(repoRoot, 'dist', 'cli', 'index.js'), 'verify', join(repoRoot, 'fixtures', 'sample-app'), '--json', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('[import] '));
    expect(loaded.some((l) => l.includes('/msw/'))).toBe(true);
    expect(loaded.filter((l) => /graphql/i.test(l))).toEqual([]);
  }, 60_000);

  it('the mock services sign with ES256 (a P-256 key per run) and check their own tokens', async () => {
    const signer = await createSigner();
    const token = await signer.sign({ aud: '499b84ac-1321-427f-aa17-267ca6975798', scp: 'vso.code' }, 60);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(await signer.verify(token)).toMatchObject({ scp: 'vso.code' });
    const other = await createSigner();
    expect(await other.verify(token)).toBeNull();
  });
});
