// Every mock response passes through here: the request is recorded (method, URL without secrets, status, code).
import type { DefaultBodyType, HttpResponseResolver, PathParams } from 'msw';
import { HttpResponse } from './response.js';
import type { MockWorld } from '../world.js';

const noise = /^(x-client-|x-ms-|client-request-id$|clidata$|claims$|client_info$|x-anchormailbox$)/i;
const secretParams = /^(code|state|session_state|code_verifier|client_secret|client_assertion|assertion|refresh_token|access_token|id_token|nonce)$/i;

/** A URL fit for a transcript: secret-bearing parameters reduced to their names, library noise dropped. */
export function shownUrl(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams.keys()].filter((k) => !noise.test(k)).map((k) => (secretParams.test(k) ? `${k}=***` : `${k}=${u.searchParams.get(k)}`));
  return `${u.origin}${u.pathname}${params.length ? `?${params.join('&')}` : ''}`;
}

/** Internal header carrying the error code a mock answered with, for the transcript. */
export const codeHeader = 'x-ado2entra-mock-code';
/** Internal header naming why the mock refused when the body does not (Azure DevOps only says "not authorized"). */
export const causeHeader = 'x-ado2entra-mock-cause';

/** A refusal's cause as people read it: "missing scope vso.code", "token for another resource (aud …)". */
export function causeText(cause: string | null): string | null {
  if (!cause) return null;
  const [kind, detail] = [cause.slice(0, cause.indexOf(':')), cause.slice(cause.indexOf(':') + 1)];
  if (kind === 'missing-scope') return `missing scope ${detail}`;
  if (kind === 'wrong-audience') return `token for another resource (aud ${detail})`;
  return cause;
}

export function recorded<P extends PathParams>(world: MockWorld, resolve: HttpResponseResolver<P, DefaultBodyType>): HttpResponseResolver<P, DefaultBodyType> {
  return async (info) => {
    const response = (await resolve(info)) as Response;
    const location = response.headers.get('location');
    const back = location ? new URL(location).searchParams : null;
    const redirectError = back?.get('error') ? (/AADSTS\d+/.exec(back.get('error_description') ?? '')?.[0] ?? back.get('error')) : null;
    world.steps.push({
      method: info.request.method,
      url: shownUrl(info.request.url),
      status: response.status,
      code: response.headers.get(codeHeader) ?? redirectError,
      note: causeText(response.headers.get(causeHeader)),
    });
    return response;
  };
}

/** A JSON response whose error code also goes to the transcript. */
export function jsonWithCode(body: unknown, status: number, code: string | null): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers: code ? { [codeHeader]: code } : {} });
}

/** The form body of a token request, whatever the client library. */
export async function formOf(request: Request): Promise<Record<string, string>> {
  return Object.fromEntries(new URLSearchParams(await request.text()));
}
