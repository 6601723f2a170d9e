// Mock legacy Azure DevOps OAuth (app.vssps.visualstudio.com/oauth2/*), as documented: Assertion codes, the
// jwt-bearer grant, refresh by `assertion`, `token_type: jwt-bearer`, `expires_in` as a string, PascalCase errors.
import { http } from 'msw/core/http';
import { HttpResponse } from './response.js';
import { opaque, type IssuedCode, type MockWorld } from '../world.js';
import { formOf, jsonWithCode, recorded } from './record.js';

const base = 'https://app.vssps.visualstudio.com/oauth2';
const clientAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const jwtBearer = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function legacyError(status: number, error: string, description: string): Response {
  return jsonWithCode({ Error: error, ErrorDescription: description }, status, error);
}

function plainError(message: string): Response {
  return new HttpResponse(message, { status: 400, headers: { 'content-type': 'text/plain', 'x-ado2entra-mock-code': 'bad_request' } });
}

export function legacyHandlers(world: MockWorld) {
  return [
    http.get(`${base}/authorize`, recorded(world, ({ request }) => {
      const reg = world.legacy;
      const q = new URL(request.url).searchParams;
      if (!reg || q.get('client_id') !== reg.appId) return plainError('The client id is not registered.');
      if (q.get('response_type') !== 'Assertion') return plainError('response_type must be Assertion.');
      if (q.get('redirect_uri') !== reg.callbackUrl) return plainError('The redirect_uri does not match the callback URL registered with the app.');
      const requested = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
      const extra = requested.filter((s) => !reg.scopes.includes(s));
      if (requested.length === 0 || extra.length) return plainError(`Scopes not authorized for this app: ${extra.join(' ') || '(none requested)'}.`);
      const code = opaque('legacy-code');
      world.legacyCodes.set(code, { clientId: reg.appId, redirectUri: reg.callbackUrl, scopes: requested, challenge: null, used: false });
      const target = new URL(reg.callbackUrl);
      target.searchParams.set('code', code);
      if (q.get('state')) target.searchParams.set('state', q.get('state')!);
      return new HttpResponse(null, { status: 302, headers: { location: target.toString() } });
    })),

    http.post(`${base}/token`, recorded(world, async ({ request }) => {
      const reg = world.legacy;
      if (!/application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')) return legacyError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
      const form = await formOf(request);
      if (!reg || form.client_assertion_type !== clientAssertionType || form.client_assertion !== reg.clientSecret) return legacyError(400, 'invalid_client', 'invalid client auth token.');
      if (form.redirect_uri !== reg.callbackUrl) return legacyError(400, 'invalid_request', 'redirect_uri does not match the registered callback URL.');
      let issued: IssuedCode | { scopes: string[] } | undefined;
      if (form.grant_type === jwtBearer) {
        const code = world.legacyCodes.get(form.assertion ?? '');
        if (!code || code.used) return legacyError(400, 'invalid_grant', 'The authorization code is not valid.');
        code.used = true;
        issued = code;
      } else if (form.grant_type === 'refresh_token') {
        issued = world.legacyRefresh.get(form.assertion ?? '');
        if (!issued) return legacyError(400, 'invalid_request', 'The access token is not valid');
        world.legacyRefresh.delete(form.assertion!);
      } else {
        return legacyError(400, 'unsupported_grant_type', `grant_type ${form.grant_type} is not supported.`);
      }
      const refresh = opaque('legacy-refresh');
      world.legacyRefresh.set(refresh, { clientId: reg.appId, scopes: issued.scopes });
      const accessToken = await world.signer.sign({
        iss: 'app.vssps.visualstudio.com', aud: `app.vssps.visualstudio.com|vso:${world.org}`, nameid: world.user.profileId,
        scp: issued.scopes.join(' '), appid: reg.appId,
      }, 3599);
      return HttpResponse.json({ access_token: accessToken, token_type: 'jwt-bearer', expires_in: '3599', refresh_token: refresh, scope: issued.scopes.join(' ') });
    })),
  ];
}
