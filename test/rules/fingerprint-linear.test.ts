// Issue 13 item 12: every hostile file gets a diagnostic in bounded work. A minified file is one long line holding
// thousands of legacy values; each finding's fingerprint hashed that whole line again (25,000 findings on a 1.8 MB
// line: validate ran past 60 s). No timing here: the test counts the bytes hashed, and pins the fingerprints.
import { describe, expect, it, vi } from 'vitest';

const hashed = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const count = <T extends { update: (...args: never[]) => unknown; copy?: () => unknown }>(hash: T): T => {
    const update = hash.update.bind(hash) as (data: string | Buffer, enc?: never) => unknown;
    hash.update = ((data: string | Buffer, enc?: never) => {
      hashed.bytes += typeof data === 'string' ? data.length : data.byteLength;
      update(data, enc);
      return hash;
    }) as T['update'];
    return hash;
  };
  return { ...crypto, createHash: (...args: Parameters<typeof crypto.createHash>) => count(crypto.createHash(...args)) };
});

const { scanWithEvidence } = await import('../../src/detect/scan.js');
const { fingerprint, validate } = await import('../../src/rules/run.js');
const { tree } = await import('../support/tree.js');

describe('validate on one long line with many findings', () => {
  it('hashes the line once per rule, not once per finding; fingerprints are what fingerprint() gives', () => {
    const url = 'https://app.vssps.visualstudio.com/oauth2/authorize';
    const line = `{${Array.from({ length: 2_000 }, (_, i) => `"VstsAuthUrl${i}": "${url}"`).join(', ')}}`;
    const dir = tree({ 'appsettings.json': `${line}\n` });
    const evidence = scanWithEvidence(dir);
    hashed.bytes = 0;
    const result = validate(evidence, { failOn: 'note', ignore: [], ignoreFile: null, baseline: null });
    const onLine = result.findings.filter((f) => f.file === 'appsettings.json' && f.line === 1);
    expect(onLine.length).toBeGreaterThanOrEqual(2_000);
    const rules = new Set(onLine.map((f) => f.ruleId)).size;
    expect(hashed.bytes).toBeLessThan((rules + 2) * line.length + 1_000_000);
    for (const f of onLine.slice(0, 50)) expect(f.fingerprint).toBe(fingerprint(f.ruleId, f.file, line));
    expect(new Set(onLine.map((f) => f.fingerprint)).size).toBe(rules);
  });
});
