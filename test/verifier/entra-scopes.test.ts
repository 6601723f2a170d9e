// Properties of how the mock Entra reads a scope parameter (src/verifier/handlers/entra-scopes.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/model/scope-catalog.js';
import { parseScopes } from '../../src/verifier/handlers/entra-scopes.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const app = '11111111-2222-3333-4444-555555555555';
const known = catalog().map((e) => e.value);
const oidc = fc.subarray(['openid', 'profile', 'offline_access', 'email']);
const prefix = fc.constantFrom(`${ado}/`, 'https://app.vssps.visualstudio.com/');

describe('parseScopes', () => {
  it('any set of catalog scopes with a resource prefix is read back as those scopes, in either identifier form', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...known), { minLength: 1, maxLength: 6 }), prefix, oidc, fc.constantFrom('authorize', 'token'), (scopes, p, extra, leg) => {
      const r = parseScopes([...scopes.map((s) => `${p}${s}`), ...extra].join(' '), 'delegated', leg as 'authorize' | 'token', app);
      expect(r).toMatchObject({ ok: true, ado: scopes, isDefault: false, offline: extra.includes('offline_access') });
      expect(r.ok && r.audience).toBe(p === `${ado}/` ? ado : 'https://app.vssps.visualstudio.com');
    }));
  });

  it('a bare vso.* scope anywhere in the list is looked up on Microsoft Graph: AADSTS650053', () => {
    fc.assert(fc.property(fc.constantFrom(...known.filter((s) => s.startsWith('vso.'))), fc.uniqueArray(fc.constantFrom(...known), { maxLength: 3 }), fc.nat(3), (bare, others, at) => {
      const tokens = others.map((s) => `${ado}/${s}`);
      tokens.splice(Math.min(at, tokens.length), 0, bare);
      const r = parseScopes(tokens.join(' '), 'delegated', 'authorize', app);
      expect(r).toMatchObject({ ok: false, code: 650053 });
    }));
  });

  it('.default with any other Azure DevOps scope is AADSTS70011; alone it is .default; client credentials accept nothing else', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...known), { minLength: 1, maxLength: 4 }), oidc, (scopes, extra) => {
      const mixed = [`${ado}/.default`, ...scopes.map((s) => `${ado}/${s}`), ...extra].join(' ');
      expect(parseScopes(mixed, 'delegated', 'token', app)).toMatchObject({ ok: false, code: 70011 });
      expect(parseScopes([`${ado}/.default`, ...extra].join(' '), 'delegated', 'token', app)).toMatchObject({ ok: true, isDefault: true, ado: [] });
      expect(parseScopes(scopes.map((s) => `${ado}/${s}`).join(' '), 'client_credentials', 'token', app)).toMatchObject({ ok: false, code: 1002012 });
    }));
  });
});
