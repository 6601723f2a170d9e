// verify's own start-up cost (#16 A): no GraphQL code for an HTTP-only mock, no RSA key generation per app.
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigner } from '../../src/verifier/jwt.js';
import { runTraced } from '../support/bundle.js';
import { repoRoot } from '../support/golden.js';

describe('verify loads and makes only what it needs', () => {
  it('never loads msw GraphQL support or the graphql package', () => {
    // The bin bundles msw: what counts is the code inside the chunks verify imports, and any file loaded beside them.
    const run = runTraced(['verify', join(repoRoot, 'fixtures', 'sample-app'), '--json', '--quiet']);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.modules.some((m) => m.startsWith('node_modules/msw/'))).toBe(true);
    expect(run.modules.filter((m) => /graphql/i.test(m))).toEqual([]);
    expect(run.chunkText).not.toMatch(/graphql/i);
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
