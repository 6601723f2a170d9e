// `verify --live`: the one check that leaves the machine. Client credentials against the real Entra authority and one
// real Azure DevOps call. Opt-in only; the secret comes from the environment, never from a flag or a file.
import type { FlowStep, VerifyResult } from '../model/verify.js';
import { adoResource } from './world.js';

export interface LiveTarget {
  tenant: string;
  clientId: string;
  secret: string;
  org: string;
}

/** Status of a step no server answered (as browsers report it): the request never got a response. */
const noResponse = 0;

export async function verifyLive(target: LiveTarget): Promise<VerifyResult> {
  const { ClientSecretCredential } = await import('@azure/identity');
  const steps: FlowStep[] = [];
  const tokenUrl = `https://login.microsoftonline.com/${target.tenant}/oauth2/v2.0/token`;
  const url = `https://dev.azure.com/${encodeURIComponent(target.org)}/_apis/projects?api-version=7.1`;
  let error: string | null = null;
  let fix: string | null = null;
  let token: string | null = null;
  try {
    token = (await new ClientSecretCredential(target.tenant, target.clientId, target.secret).getToken(`${adoResource}/.default`)).token;
    steps.push({ method: 'POST', url: tokenUrl, status: 200, code: null, note: 'client credentials, scope /.default' });
  } catch (err) {
    const message = String((err as Error).message).split('\n')[0]!.split(' Trace ID')[0]!;
    const code = /AADSTS\d+/.exec(message)?.[0] ?? null;
    // identity reports a failed connection as msal's `network_error` and drops the cause: ask the network once more
    const network = code ? null : await networkFailure(tokenUrl, err);
    if (network) {
      steps.push({ method: 'POST', url: tokenUrl, status: noResponse, code: network, note: 'no response' });
      error = unreachable('login.microsoftonline.com', network);
    } else {
      steps.push({ method: 'POST', url: tokenUrl, status: 400, code, note: null });
      error = message.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***').slice(0, 300);
    }
  }
  if (token !== null) {
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      const body = await response.text();
      const code = /TF\d{6}/.exec(body)?.[0] ?? null;
      steps.push({ method: 'GET', url, status: response.status, code, note: null });
      if (!response.ok) {
        error = `GET projects: HTTP ${response.status}${code ? ` (${code})` : ''}`;
        fix = code === 'TF401444' || response.status === 401
          ? 'add the app\'s service principal to the Azure DevOps organization (Organization settings → Users)'
          : null;
      }
    } catch (err) {
      const network = causeCode(err) ?? 'network error';
      steps.push({ method: 'GET', url, status: noResponse, code: network, note: 'no response' });
      error = unreachable('dev.azure.com', network);
    }
  }
  return {
    schemaVersion: 1,
    ok: error === null,
    findings: [],
    flows: [{ name: 'entra-client-credentials-live', app: target.clientId, ok: error === null, steps, error }],
    parity: [],
    fixes: fix ? [fix] : error?.startsWith('network failure') ? ['check the connection, DNS and proxy (HTTPS_PROXY), then run verify --live again'] : [],
    assumptions: ['--live: real login.microsoftonline.com and dev.azure.com; the secret came from ENTRA_CLIENT_SECRET'],
  };
}

function unreachable(host: string, code: string): string {
  return `network failure: no response from ${host} (${code}); nothing was checked`;
}

/** The system error code of a failed connection (ENOTFOUND, ECONNREFUSED, …), or null when the server answered. */
async function networkFailure(url: string, err: unknown): Promise<string | null> {
  const known = causeCode(err);
  if (known) return known;
  if (!/network_error|fetch failed|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN/i.test(String((err as Error).message))) return null;
  try {
    await fetch(new URL(url).origin, { method: 'HEAD' });
    return 'network error';
  } catch (probe) {
    return causeCode(probe) ?? 'network error';
  }
}

/** The first `code` like ENOTFOUND along an error's cause chain (fetch wraps the socket error in `cause`). */
export function causeCode(err: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift() as { code?: unknown; cause?: unknown; errors?: unknown[] } | null;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.code === 'string' && /^E[A-Z_]{3,}$/.test(e.code)) return e.code;
    queue.push(e.cause, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return null;
}
