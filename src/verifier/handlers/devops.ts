// Mock Azure DevOps REST: a valid bearer with the right audience and a scope covering the call, or the real refusals.
import { http } from 'msw/core/http';
import { HttpResponse } from './response.js';
import { closure } from '../../mapper/catalog.js';
import { restCalls, urlOf, type RestCall } from '../endpoints.js';
import { adoResource, type MockWorld } from '../world.js';
import { causeHeader, jsonWithCode, recorded } from './record.js';

function unauthorized(world: MockWorld, message: string | null, code: string, cause: string | null = null): Response {
  const headers: Record<string, string> = {
    'www-authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${world.entra.registration.tenantId}, Basic realm="https://dev.azure.com/"`,
    'x-ado2entra-mock-code': code,
    ...(cause ? { [causeHeader]: cause } : {}),
  };
  if (!message) return new HttpResponse(null, { status: 401, headers });
  return HttpResponse.json({
    $id: '1', innerException: null, message, typeName: 'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
    typeKey: 'UnauthorizedRequestException', errorCode: 0, eventId: 3000,
  }, { status: 401, headers });
}

const notAuthorized = (who: unknown) => `TF400813: The user '${String(who ?? '')}' is not authorized to access this resource.`;

/**
 * Why a request may not call `call`, or null when it may. A token that lacks the scope gets the same 401
 * TF400813 as a token for another resource (public reports: docs/verify.md); only the cause header tells them apart.
 */
async function refusal(world: MockWorld, request: Request, call: RestCall): Promise<Response | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!bearer) return unauthorized(world, null, 'no_bearer');
  const claims = await world.signer.verify(bearer);
  if (!claims) return unauthorized(world, null, 'invalid_token');
  const legacy = claims.iss === 'app.vssps.visualstudio.com';
  if (!legacy && claims.aud !== adoResource && claims.aud !== 'https://app.vssps.visualstudio.com') {
    return unauthorized(world, notAuthorized(claims.oid), 'TF400813', `wrong-audience:${String(claims.aud)}`);
  }
  if (claims.idtyp === 'app') {
    if (!world.entra.registration.servicePrincipalInOrg) {
      return unauthorized(world, `TF401444: Sign-in at least once as ${claims.tid}\\${claims.tid}\\${claims.oid} in a web browser to enable access to the service.`, 'TF401444');
    }
    return null;
  }
  const scopes = String(claims.scp ?? '').split(/\s+/).filter(Boolean);
  if (scopes.includes('user_impersonation') || closure(scopes).has(call.requiredScope)) return null;
  return unauthorized(world, notAuthorized(legacy ? claims.nameid : claims.oid), 'TF400813', `missing-scope:${call.requiredScope}`);
}

export function devopsHandlers(world: MockWorld) {
  return restCalls.map((call) => {
    const url = urlOf(call, world.org).split('?')[0]!;
    const route = call.method === 'GET' ? http.get : http.post;
    return route(url, recorded(world, async ({ request }) => {
      const refused = await refusal(world, request, call);
      if (refused) return refused;
      if (call.url.includes('api-version') && !new URL(request.url).searchParams.get('api-version')) {
        return jsonWithCode({ message: 'No api-version was supplied for the request.', typeKey: 'VssVersionNotSpecifiedException' }, 400, 'api-version');
      }
      return HttpResponse.json(call.name === 'profile'
        ? { id: world.user.profileId, displayName: world.user.name, emailAddress: world.user.upn, publicAlias: world.user.profileId }
        : { count: 0, value: [] }, { status: call.method === 'POST' ? 201 : 200 });
    }));
  });
}
