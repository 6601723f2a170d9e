// One verify run: mock services per app, the legacy flow and the planned Entra flows, the parity table and the fixes.
import { createHash, X509Certificate } from 'node:crypto';
import { closure, lookupScope } from '../mapper/catalog.js';
import type { Finding } from '../model/finding.js';
import type { Flow, ParityRow, VerifyResult } from '../model/verify.js';
import { restCalls } from './endpoints.js';
import { fixFor, type FixContext } from './fixes.js';
import { callsFor, runFlow, type CallResult } from './flows/common.js';
import { httpAuthCode, httpRefresh } from './flows/http.js';
import { identityClientCredentials } from './flows/identity.js';
import { legacyAuthCode, legacyRefresh } from './flows/legacy.js';
import { msalAuthCode, msalClient, msalRefresh, type EntraClient } from './flows/msal.js';
import { spaAuthCode, spaRefresh } from './flows/spa.js';
import { devopsHandlers } from './handlers/devops.js';
import { entraHandlers } from './handlers/entra.js';
import { legacyHandlers } from './handlers/legacy.js';
import type { MockNetwork } from './network.js';
import { createWorld, opaque } from './world.js';
import type { FlowName } from './client.js';
import type { AppRegistration } from '../model/verify.js';

/**
 * What verify needs of one app: its legacy registration (if any), the client (what the files send) and the Entra
 * registration (what exists in Entra), kept apart so that a mismatch fails as it would against Entra.
 */
export interface VerifyApp {
  id: string;
  legacy: { clientId: string; callbackUrl: string; scopes: string[] } | null;
  client: {
    tenant: string;
    clientId: string;
    /** The scopes the app requests, as configured. */
    scopes: string[];
    redirectUri: string;
    scopeStyle: 'default' | 'explicit';
  };
  registration: AppRegistration;
  /** A browser app (single-page application): its user flow is msal-browser's, from the page, with no secret. */
  browser?: boolean;
  /** The flows the app's code runs; options.flows when not known. */
  flows?: FlowName[];
  /** Where in the repository a failure points (the client's scope list, else the app's first config finding). */
  anchor: { file: string; line: number; column: number } | null;
  /** Scopes whose REST calls to make when there is no legacy app to take them from. */
  calls?: string[];
}

export interface VerifyOptions {
  credential: 'secret' | 'certificate';
  flows: ReadonlySet<FlowName>;
  org: string;
  network: MockNetwork;
  /** The tenant's consent policy (default `user`: users may consent to what the app asks). */
  consent?: 'user' | 'admin-granted' | 'none';
  /** Overrides the registration: whether the app's service principal is in the organization (app-only access). */
  servicePrincipalInOrg?: boolean;
  /** Also send the configured scopes verbatim by plain HTTP (default true); pointless where MSAL makes every request. */
  plainHttp?: boolean;
}

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
  const c = app.client;
  const reg = { ...app.registration, servicePrincipalInOrg: options.servicePrincipalInOrg ?? app.registration.servicePrincipalInOrg };
  const legacyScopes = app.legacy?.scopes.length ? app.legacy.scopes : ['vso.profile'];
  const world = await createWorld({
    org: options.org,
    legacy: app.legacy ? { appId: app.legacy.clientId, clientSecret: opaque('legacy-client-secret'), callbackUrl: app.legacy.callbackUrl, scopes: legacyScopes } : null,
    entra: {
      registration: reg,
      // a federated credential is verified as a secret: the token requests differ only in the assertion
      secret: reg.credentials.secret || reg.credentials.federated ? opaque('entra-secret') : null,
      certificatePem: reg.credentials.certificate ? certificate?.certificatePem ?? null : null,
      consent: options.consent ?? 'user',
    },
  });
  // the client holds the secret it was given: the registered one, or one Entra does not know
  const secret = world.entra.secret ?? opaque('unregistered-secret');
  options.network.use(...entraHandlers(world), ...legacyHandlers(world), ...devopsHandlers(world));
  const calls = callsFor(app.legacy ? legacyScopes : (app.calls ?? legacyScopes), closure);
  const flowsToRun = new Set(app.flows ?? options.flows);
  const flows: Flow[] = [];
  const codes = new Map<string, { code: string | null; error: string | null }>();
  const record = (run: { flow: Flow; code: string | null }) => {
    flows.push(run.flow);
    if (!run.flow.ok) codes.set(run.flow.name, { code: run.code, error: run.flow.error });
  };
  let legacyResults: CallResult[] | null = null;
  let entraResults: CallResult[] | null = null;
  try {
    if (app.legacy && flowsToRun.has('auth-code')) {
      const legacy = await runFlow(world, 'legacy-auth-code', app.id, () => legacyAuthCode(world, calls));
      record(legacy);
      legacyResults = legacy.value?.results ?? resultsFrom(legacy.flow, calls);
      if (legacy.value) record(await runFlow(world, 'legacy-refresh', app.id, () => legacyRefresh(world, legacy.value!.refreshToken, calls)));
    }
    if (flowsToRun.has('auth-code') && app.browser) {
      const page = { tenant: c.tenant, clientId: c.clientId, redirectUri: c.redirectUri, scopes: c.scopes.filter((s) => !/^(openid|profile|offline_access|email)$/i.test(s)) };
      const spa = await runFlow(world, 'entra-auth-code-spa', app.id, () => spaAuthCode(world, page, calls));
      record(spa);
      entraResults = spa.value?.results ?? resultsFrom(spa.flow, calls);
      if (spa.value) record(await runFlow(world, 'entra-refresh-spa', app.id, () => spaRefresh(world, page, spa.value!.refreshToken, calls)));
    } else if (flowsToRun.has('auth-code')) {
      const client: EntraClient = {
        tenant: c.tenant, clientId: c.clientId, redirectUri: c.redirectUri,
        scopes: c.scopes.filter((s) => !/^(openid|profile|offline_access|email)$/i.test(s)),
        credential: certificate ? { ...certificate } : { secret },
      };
      const cca = await msalClient(client);
      const entra = await runFlow(world, 'entra-auth-code-msal', app.id, () => msalAuthCode(world, cca, client, calls));
      record(entra);
      entraResults = entra.value?.results ?? resultsFrom(entra.flow, calls);
      if (entra.value) record(await runFlow(world, 'entra-refresh-msal', app.id, () => msalRefresh(world, cca, entra.value!.result, client, calls)));
      if (options.plainHttp !== false) {
        const http = { tenant: c.tenant, clientId: c.clientId, credential: certificate ? { ...certificate } : { secret }, scope: c.scopes.join(' '), redirectUri: c.redirectUri };
        const plain = await runFlow(world, 'entra-auth-code-http', app.id, () => httpAuthCode(world, http, calls));
        record(plain);
        if (plain.value) record(await runFlow(world, 'entra-refresh-http', app.id, () => httpRefresh(world, http, plain.value!, calls)));
      }
    }
    if (flowsToRun.has('client-credentials')) {
      const credential = certificate ? { certificatePem: certificate.certificatePem, privateKeyPem: certificate.privateKeyPem } : { secret };
      const daemon = await runFlow(world, 'entra-client-credentials', app.id, () => identityClientCredentials(world, { tenant: c.tenant, clientId: c.clientId, credential }, calls));
      record(daemon);
      if (!app.legacy && !flowsToRun.has('auth-code')) entraResults = daemon.value ?? resultsFrom(daemon.flow, calls);
    }
  } finally {
    options.network.reset();
  }
  const ctx: FixContext = {
    client: c, registration: reg, legacyClientId: app.legacy?.clientId ?? null, file: app.anchor?.file ?? null,
    permissionIdOf: (s: string) => lookupScope(s)?.permissionId ?? null,
  };
  const fixes = [...codes.entries()].filter(([name]) => name.startsWith('entra-')).map(([, f]) => fixFor(f.code, f.error, ctx)).filter((f): f is string => !!f);
  for (const r of entraResults ?? []) {
    const fix = !r.ok ? fixFor(r.cause ? `${r.code}/${r.cause}` : r.code, null, ctx) : null;
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
