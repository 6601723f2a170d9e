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

export async function verifyLive(target: LiveTarget): Promise<VerifyResult> {
  const { ClientSecretCredential } = await import('@azure/identity');
  const steps: FlowStep[] = [];
  const tokenUrl = `https://login.microsoftonline.com/${target.tenant}/oauth2/v2.0/token`;
  let error: string | null = null;
  let fix: string | null = null;
  try {
    const token = await new ClientSecretCredential(target.tenant, target.clientId, target.secret).getToken(`${adoResource}/.default`);
    steps.push({ method: 'POST', url: tokenUrl, status: 200, code: null, note: 'client credentials, scope /.default' });
    const url = `https://dev.azure.com/${encodeURIComponent(target.org)}/_apis/projects?api-version=7.1`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token.token}`, accept: 'application/json' } });
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
    const message = String((err as Error).message).split('\n')[0]!.split(' Trace ID')[0]!;
    const code = /AADSTS\d+/.exec(message)?.[0] ?? null;
    steps.push({ method: 'POST', url: tokenUrl, status: 400, code, note: null });
    error = message.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***').slice(0, 300);
  }
  return {
    schemaVersion: 1,
    ok: error === null,
    findings: [],
    flows: [{ name: 'entra-client-credentials-live', app: target.clientId, ok: error === null, steps, error }],
    parity: [],
    fixes: fix ? [fix] : [],
    assumptions: ['--live: real login.microsoftonline.com and dev.azure.com; the secret came from ENTRA_CLIENT_SECRET'],
  };
}
