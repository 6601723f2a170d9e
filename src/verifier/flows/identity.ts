// App-only access through the real @azure/identity: client credentials with a secret or a certificate, /.default.
import type { RestCall } from '../endpoints.js';
import { adoResource, type MockWorld } from '../world.js';
import { callApis, FlowError, requireAll, type CallResult } from './common.js';

export interface AppCredential {
  tenant: string;
  clientId: string;
  credential: { secret: string } | { certificatePem: string; privateKeyPem: string };
}

export async function identityClientCredentials(world: MockWorld, app: AppCredential, calls: readonly RestCall[]): Promise<CallResult[]> {
  const { ClientSecretCredential, ClientCertificateCredential } = await import('@azure/identity');
  const credential = 'secret' in app.credential
    ? new ClientSecretCredential(app.tenant, app.clientId, app.credential.secret)
    : new ClientCertificateCredential(app.tenant, app.clientId, { certificate: `${app.credential.privateKeyPem}\n${app.credential.certificatePem}` });
  let token;
  try {
    token = await credential.getToken(`${adoResource}/.default`);
  } catch (err) {
    const message = String((err as Error).message).split('\n')[0]!;
    throw new FlowError(message.split(' Trace ID')[0]!, /AADSTS\d+/.exec(message)?.[0] ?? null);
  }
  const results = await callApis(world, token.token, calls);
  requireAll(results);
  return results;
}
