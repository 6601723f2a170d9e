// The state of one verify run's mock services: two registrations, one user, the codes and tokens issued.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FlowStep } from '../model/verify.js';
import { createSigner, type Signer } from './jwt.js';

export const adoResource = '499b84ac-1321-427f-aa17-267ca6975798';
export const graphResource = '00000003-0000-0000-c000-000000000000';

/** The tenant and Entra app the mocks stand up when the real ones are not known (no --tenant/--client-id, a domain, an id from the environment). */
export const mockTenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const mockClientId = '00000000-0000-4000-8000-0000000e9a1d';

/** What the legacy app page says: App ID, Client Secret, callback URL, authorized scopes. */
export interface LegacyRegistration {
  appId: string;
  clientSecret: string;
  callbackUrl: string;
  scopes: string[];
}

/** The Entra app registration the plan asks for, as Entra would hold it. */
export interface EntraRegistration {
  clientId: string;
  tenantId: string;
  /** How the tenant may be named in the authority (GUID, verified domain, organizations). */
  tenantNames: string[];
  secret: string;
  /** PEM certificate whose key signs client assertions (certificate credential only). */
  certificatePem: string | null;
  redirectUris: string[];
  /** Registered delegated Azure DevOps permissions (what `.default` grants). */
  permissions: string[];
  /** Whether the app's service principal was added to the Azure DevOps organization (app-only access). */
  servicePrincipalInOrg: boolean;
  servicePrincipalId: string;
}

export interface IssuedCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  used: boolean;
}

export interface IssuedRefresh {
  clientId: string;
  scopes: string[];
}

export interface MockWorld {
  org: string;
  user: { oid: string; profileId: string; upn: string; name: string };
  legacy: LegacyRegistration | null;
  entra: EntraRegistration;
  signer: Signer;
  entraCodes: Map<string, IssuedCode>;
  entraRefresh: Map<string, IssuedRefresh>;
  legacyCodes: Map<string, IssuedCode>;
  legacyRefresh: Map<string, IssuedRefresh>;
  /** Where handlers record the current flow's requests. */
  steps: FlowStep[];
}

export function opaque(prefix: string): string {
  return `${prefix}.${randomBytes(24).toString('base64url')}`;
}

export async function createWorld(init: { org: string; legacy: LegacyRegistration | null; entra: Omit<EntraRegistration, 'servicePrincipalId'> }): Promise<MockWorld> {
  return {
    org: init.org,
    user: { oid: randomUUID(), profileId: randomUUID(), upn: 'adele@contoso.example', name: 'Adele Vance' },
    legacy: init.legacy,
    entra: { ...init.entra, servicePrincipalId: randomUUID() },
    signer: await createSigner(),
    entraCodes: new Map(),
    entraRefresh: new Map(),
    legacyCodes: new Map(),
    legacyRefresh: new Map(),
    steps: [],
  };
}
