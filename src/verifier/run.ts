// One verify run: mock services per app, the legacy flow and the planned Entra flows, the parity table and the fixes.
import { createHash, X509Certificate } from 'node:crypto';
import { closure, lookupScope } from '../mapper/catalog.js';
import type { Finding } from '../model/finding.js';
import type { Flow, ParityRow, VerifyResult } from '../model/verify.js';
import { restCalls } from './endpoints.js';
import { fixFor } from './fixes.js';
import { callsFor, runFlow, type CallResult } from './flows/common.js';
import { httpAuthCode, httpRefresh } from './flows/http.js';
import { identityClientCredentials } from './flows/identity.js';
import { legacyAuthCode, legacyRefresh } from './flows/legacy.js';
import { msalAuthCode, msalClient, msalRefresh, type EntraClient } from './flows/msal.js';
import { devopsHandlers } from './handlers/devops.js';
import { entraHandlers } from './handlers/entra.js';
import { legacyHandlers } from './handlers/legacy.js';
import type { MockNetwork } from './network.js';
import { createWorld, mockTenantId, opaque } from './world.js';

/** What verify needs of one app: its legacy registration (if any) and the Entra settings and registration to test. */
export interface VerifyApp {
  id: string;
  legacy: { clientId: string; callbackUrl: string; scopes: string[] } | null;
  entra: {
    tenant: string;
    clientId: string;
    /** The scopes the app requests, as configured. */
    scopes: string[];
    redirectUri: string;
    registeredPermissions: string[];
    registeredRedirectUris: string[];
    scopeStyle: 'default' | 'explicit';
  };
  /** Where in the repository a failure points (the app's first config finding). */
  anchor: { file: string; line: number; column: number } | null;
  /** Scopes whose REST calls to make when there is no legacy app to take them from. */
  calls?: string[];
}

export interface VerifyOptions {
  credential: 'secret' | 'certificate';
  flows: ReadonlySet<'auth-code' | 'client-credentials'>;
  org: string;
  network: MockNetwork;
  /** Whether the app's service principal is in the organization (app-only access); default true. */
  servicePrincipalInOrg?: boolean;
  /** Also send the configured scopes verbatim by plain HTTP (default true); pointless where MSAL makes every request. */
  plainHttp?: boolean;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function verifyApps(apps: readonly VerifyApp[], options: VerifyOptions): Promise<VerifyResult> {
  const flows: Flow[] = [];
  const parity: ParityRow[] = [];
  const fixes = new Set<string>();
  const findings: Finding[] = [];
  const certificate = options.credential === 'certificate' ? await makeCertificate() : null;
  for (const app of apps) {
    const outcome = await verifyApp(app, options, certificate);
    flows.push(...outcome.flows);
    parity.push(...outcome.parity);
    for (const f of outcome.fixes) fixes.add(f);
    for (const flow of outcome.flows.filter((fl) => !fl.ok && fl.name.startsWith('entra-'))) {
      findings.push({
        ruleId: 'A2E401', kind: 'other', severity: 'error', appId: app.id, message: `${app.id}: ${flow.name} failed: ${flow.error}`,
        file: app.anchor?.file ?? '.', line: app.anchor?.line ?? 1, column: app.anchor?.column ?? 1,
      });
    }
  }
  const ok = flows.every((f) => f.ok) && parity.every((p) => p.entra !== false || p.legacy === false);
  return { schemaVersion: 1, ok, findings, flows, parity, fixes: [...fixes], assumptions: [] };
}

interface Certificate {
  certificatePem: string;
  privateKeyPem: string;
  thumbprintSha256: string;
}

async function makeCertificate(): Promise<Certificate> {
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'ado2entra-verify' }], { keySize: 2048, notAfterDate: new Date(Date.now() + 86_400_000) });
  const thumbprintSha256 = createHash('sha256').update(new X509Certificate(pems.cert).raw).digest('hex');
  return { certificatePem: pems.cert, privateKeyPem: pems.private, thumbprintSha256 };
}

async function verifyApp(app: VerifyApp, options: VerifyOptions, certificate: Certificate | null) {
  const e = app.entra;
  const tenantId = guid.test(e.tenant) ? e.tenant : mockTenantId;
  const legacyScopes = app.legacy?.scopes.length ? app.legacy.scopes : ['vso.profile'];
  const world = await createWorld({
    org: options.org,
    legacy: app.legacy ? { appId: app.legacy.clientId, clientSecret: opaque('legacy-client-secret'), callbackUrl: app.legacy.callbackUrl, scopes: legacyScopes } : null,
    entra: {
      clientId: e.clientId, tenantId, tenantNames: [e.tenant, 'organizations'], secret: opaque('entra-secret'), certificatePem: certificate?.certificatePem ?? null,
      redirectUris: e.registeredRedirectUris, permissions: e.registeredPermissions, servicePrincipalInOrg: options.servicePrincipalInOrg ?? true,
    },
  });
  options.network.use(...entraHandlers(world), ...legacyHandlers(world), ...devopsHandlers(world));
  const calls = callsFor(app.legacy ? legacyScopes : (app.calls ?? legacyScopes), closure);
  const flows: Flow[] = [];
  const codes = new Map<string, { code: string | null; error: string | null }>();
  const record = (run: { flow: Flow; code: string | null }) => {
    flows.push(run.flow);
    if (!run.flow.ok) codes.set(run.flow.name, { code: run.code, error: run.flow.error });
  };
  let legacyResults: CallResult[] | null = null;
  let entraResults: CallResult[] | null = null;
  try {
    if (app.legacy && options.flows.has('auth-code')) {
      const legacy = await runFlow(world, 'legacy-auth-code', app.id, () => legacyAuthCode(world, calls));
      record(legacy);
      legacyResults = legacy.value?.results ?? resultsFrom(legacy.flow, calls);
      if (legacy.value) record(await runFlow(world, 'legacy-refresh', app.id, () => legacyRefresh(world, legacy.value!.refreshToken, calls)));
    }
    if (options.flows.has('auth-code')) {
      const client: EntraClient = {
        tenant: e.tenant, clientId: e.clientId, redirectUri: e.redirectUri,
        scopes: e.scopes.filter((s) => !/^(openid|profile|offline_access|email)$/i.test(s)),
        credential: certificate ? { ...certificate } : { secret: world.entra.secret },
      };
      const cca = await msalClient(client);
      const entra = await runFlow(world, 'entra-auth-code-msal', app.id, () => msalAuthCode(world, cca, client, calls));
      record(entra);
      entraResults = entra.value?.results ?? resultsFrom(entra.flow, calls);
      if (entra.value) record(await runFlow(world, 'entra-refresh-msal', app.id, () => msalRefresh(world, cca, entra.value!.result, client, calls)));
      if (options.plainHttp !== false) {
        const http = { tenant: e.tenant, clientId: e.clientId, secret: world.entra.secret, scope: e.scopes.join(' '), redirectUri: e.redirectUri };
        const plain = await runFlow(world, 'entra-auth-code-http', app.id, () => httpAuthCode(world, http, calls));
        record(plain);
        if (plain.value) record(await runFlow(world, 'entra-refresh-http', app.id, () => httpRefresh(world, http, plain.value!, calls)));
      }
    }
    if (options.flows.has('client-credentials')) {
      const credential = certificate ? { certificatePem: certificate.certificatePem, privateKeyPem: certificate.privateKeyPem } : { secret: world.entra.secret };
      record(await runFlow(world, 'entra-client-credentials', app.id, () => identityClientCredentials(world, { tenant: e.tenant, clientId: e.clientId, credential }, calls)));
    }
  } finally {
    options.network.reset();
  }
  const ctx = { clientId: e.clientId, redirectUri: e.redirectUri, scopeStyle: e.scopeStyle, permissionIdOf: (s: string) => lookupScope(s)?.permissionId ?? null };
  const fixes = [...codes.entries()].filter(([name]) => name.startsWith('entra-')).map(([, c]) => fixFor(c.code, c.error, ctx)).filter((f): f is string => !!f);
  for (const r of entraResults ?? []) {
    const fix = !r.ok ? fixFor(r.code, null, ctx) : null;
    if (fix) fixes.push(fix);
  }
  return { flows, parity: parityRows(app.id, calls, legacyResults, entraResults), fixes };
}

/** A flow that failed before or during its REST calls: what its steps say about each call. */
function resultsFrom(flow: Flow, calls: ReturnType<typeof callsFor>): CallResult[] | null {
  const made = calls.map((call) => {
    const path = new URL(call.url.replace('{org}', 'org')).pathname.split('/').slice(2).join('/');
    const step = flow.steps.find((s) => s.method === call.method && s.url.includes(path) && !s.url.includes('login.microsoftonline.com') && !s.url.includes('/oauth2/'));
    return step ? { call, ok: step.status < 300, status: step.status, code: step.code } : null;
  });
  return made.some((m) => m) ? made.map((m, i) => m ?? { call: calls[i]!, ok: false, status: 0, code: null }) : null;
}

function parityRows(app: string, calls: ReturnType<typeof callsFor>, legacy: CallResult[] | null, entra: CallResult[] | null): ParityRow[] {
  return calls.map((call, i) => {
    const l = legacy ? legacy[i]?.ok ?? null : null;
    const en = entra ? entra[i]?.ok ?? null : null;
    const refusal = entra?.[i] && !entra[i]!.ok ? entra[i]!.code : null;
    const why = en === null ? 'the Entra flow got no token'
      : en ? (l === false ? 'Entra only (the legacy token was refused)' : l === null ? 'Entra works (no legacy flow to compare)' : 'same access')
        : `Entra token refused${refusal ? ` (${refusal})` : ''}`;
    return { app, call: `${call.method} ${call.name}`, requiredScope: call.requiredScope, legacy: l, entra: en, why };
  });
}

export { restCalls };
