// The state of one verify run's mock services: two registrations, one user, the codes and tokens issued.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppRegistration, FlowStep } from '../model/verify.js';
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

/** The Entra side of the mock: the app registration as Entra holds it, its credentials, the tenant's consent. */
export interface EntraRegistration {
  registration: AppRegistration;
  /** The secret the registration holds (null: none registered, every secret is wrong). */
  secret: string | null;
  /** PEM certificate whose key signs client assertions (null: none registered). */
  certificatePem: string | null;
  /** The tenant's consent policy: users may consent, an admin granted the registered permissions, or neither. */
  consent: 'user' | 'admin-granted' | 'none';
  /** Delegated Azure DevOps permissions the user or an admin consented to so far. */
  consented: Set<string>;
  servicePrincipalId: string;
}

export interface IssuedCode {
  clientId: string;
  redirectUri: string;
  /** The Azure DevOps scopes the authorize request was granted: later legs may not widen them. */
  scopes: string[];
  challenge: string | null;
  challengeMethod?: 'plain' | 'S256';
  nonce?: string | null;
  offline?: boolean;
  /** The resource identifier as requested (GUID or URI): the access token's `aud`. */
  audience?: string;
  used: boolean;
}

export interface IssuedRefresh {
  clientId: string;
  scopes: string[];
  audience?: string;
  /** Issued to a single-page application (redeemed cross-origin, no secret): its refreshes come from the browser too. */
  spa?: boolean;
}

export interface MockWorld {
  org: string;
  user: { oid: string; profileId: string; upn: string; personalUpn: string; name: string };
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

export async function createWorld(init: { org: string; legacy: LegacyRegistration | null; entra: Omit<EntraRegistration, 'servicePrincipalId' | 'consented'> }): Promise<MockWorld> {
  return {
    org: init.org,
    user: { oid: randomUUID(), profileId: randomUUID(), upn: 'adele@contoso.example', personalUpn: 'adele@outlook.example', name: 'Adele Vance' },
    legacy: init.legacy,
    entra: {
      ...init.entra,
      consented: new Set(init.entra.consent === 'admin-granted' ? init.entra.registration.permissions : []),
      servicePrincipalId: randomUUID(),
    },
    signer: await createSigner(),
    entraCodes: new Map(),
    entraRefresh: new Map(),
    legacyCodes: new Map(),
    legacyRefresh: new Map(),
    steps: [],
  };
}
