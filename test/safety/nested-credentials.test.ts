// A URL shown by scan (an endpoint, a callback) masks its user info and secret-bearing parameters. An authorize URL
// carries another URL in its query (redirect_uri), often %-encoded: that one's user info was shown in full. So was a
// token in a fragment (#access_token=…, as the implicit flow returns it) or a JWT anywhere else in the URL.
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { redactUrl } from '../../src/detect/values.js';
import { tree } from '../support/tree.js';

describe('credentials in a URL inside a URL are masked too', () => {
  it('redactUrl: user info anywhere, plain or %-encoded', () => {
    expect(redactUrl('https://u:p@a.example/x?redirect_uri=https://u2:p2@b.example/cb')).toBe('https://***@a.example/x?redirect_uri=https://***@b.example/cb');
    expect(redactUrl('https://a.example/x?redirect_uri=https%3A%2F%2Fu2%3Ap2%40b.example%2Fcb')).toBe('https://a.example/x?redirect_uri=https%3A%2F%2F***%40b.example%2Fcb');
    expect(redactUrl('https://a.example/p?mail=me@b.example')).toBe('https://a.example/p?mail=me@b.example');
  });

  it('scan: the authorize endpoint with an encoded redirect_uri that holds a password', () => {
    const url = 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=11111111-2222-3333-4444-555555555555&response_type=Assertion&redirect_uri=https%3A%2F%2Fu2%3AJSPASS5ECRET%40b.example%2Fcb&scope=vso.code';
    const { result } = scanWithEvidence(tree({ 'cli.js': `const u = "${url}";\n`, 'plain.js': `const v = "${decodeURIComponent(url)}";\n` }));
    expect(result.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).toContain('b.example');
    expect(JSON.stringify(result)).not.toContain('JSPASS5ECRET');
  });

  it('redactUrl: a secret-bearing parameter in the fragment, after ;, and a JWT anywhere', () => {
    expect(redactUrl('https://a.example/cb#access_token=abc&state=1')).toBe('https://a.example/cb#access_token=***&state=1');
    expect(redactUrl('https://a.example/cb;code=abc')).toBe('https://a.example/cb;code=***');
    expect(redactUrl('https://a.example/t/eyJhbGciOiJSUzI1NiJ9.eyJzY3AiOiJ2c28uY29kZSJ9.c2lnbmF0dXJl/x')).toBe('https://a.example/t/***/x');
  });

  it('scan: a legacy token in the fragment of an authorize URL', () => {
    const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b({ typ: 'JWT', alg: 'RS256' })}.${b({ scp: 'vso.code', iss: 'app.vstoken.visualstudio.com', aud: 'app.vstoken.visualstudio.com', exp: 1900000000 })}.SIGfragPART123`;
    const url = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=11111111-2222-3333-4444-555555555555&response_type=Assertion#access_token=${token}&code=FRAGCODE5ECRET`;
    const { result } = scanWithEvidence(tree({ 'a.js': `const u = "${url}";\nconst redirect_uri = "https%3A%2F%2Fy.example%2Fcb%23access_token%3DENCFRAG5ECRET";\n` }));
    const shown = JSON.stringify(result);
    expect(shown).toContain('oauth2/authorize');
    for (const secret of [token.split('.')[1]!, 'SIGfragPART123', 'FRAGCODE5ECRET', 'ENCFRAG5ECRET']) expect(shown).not.toContain(secret);
  });
});
