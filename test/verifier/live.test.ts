import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { causeCode, verifyLive } from '../../src/verifier/live.js';
import { server } from '../setup/network.js';

const target = { tenant: '72f988bf-0000-4000-8000-000000000000', clientId: '11111111-2222-3333-4444-555555555555', secret: 'live-secret-value', org: 'fabrikam' };
const dnsFailure = () => new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND login.microsoftonline.com'), { code: 'ENOTFOUND' }) });

afterEach(() => vi.restoreAllMocks());

describe('verify --live without a network', () => {
  it('reports the network failure, not an HTTP status nobody answered with', async () => {
    server.use(http.all(/^https:\/\/login\.microsoftonline\.com\//, () => HttpResponse.error()));
    const result = await verifyLive(target);
    const flow = result.flows[0]!;
    expect(result.ok).toBe(false);
    expect(flow.steps).toEqual([expect.objectContaining({ method: 'POST', status: 0, note: 'no response' })]);
    expect(flow.error).toMatch(/^network failure: no response from login\.microsoftonline\.com/);
    expect(JSON.stringify(result)).not.toMatch(/"status":400|HTTP 400/);
    expect(JSON.stringify(result)).not.toContain(target.secret);
  });

  it('names the cause code of the failed connection (ENOTFOUND)', async () => {
    server.use(http.all(/^https:\/\/login\.microsoftonline\.com\//, () => HttpResponse.error()));
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(dnsFailure());
    const flow = (await verifyLive(target)).flows[0]!;
    expect(flow.steps[0]).toMatchObject({ status: 0, code: 'ENOTFOUND' });
    expect(flow.error).toContain('(ENOTFOUND)');
  });

  it('a token, then no route to dev.azure.com: the REST step failed on the network', async () => {
    server.use(
      http.get(/\/\.well-known\/openid-configuration$|\/discovery\/instance/, () => HttpResponse.error()),
      http.all(/^https:\/\/login\.microsoftonline\.com\//, () => HttpResponse.json({ token_type: 'Bearer', expires_in: 3600, access_token: 'eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' })),
    );
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    const flow = (await verifyLive(target)).flows[0]!;
    expect(flow.steps.at(-1)).toMatchObject({ method: 'GET', status: 0, code: 'ECONNREFUSED' });
    expect(flow.error).toContain('dev.azure.com (ECONNREFUSED)');
  });

  it('causeCode walks cause chains and aggregate errors', () => {
    expect(causeCode(dnsFailure())).toBe('ENOTFOUND');
    expect(causeCode(new AggregateError([new Error('x'), Object.assign(new Error('y'), { code: 'ETIMEDOUT' })]))).toBe('ETIMEDOUT');
    expect(causeCode(new Error('HTTP 400'))).toBeNull();
  });
});
