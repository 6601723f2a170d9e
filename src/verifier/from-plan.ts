import type { Plan } from '../model/plan.js';
import type { ScanResult } from '../model/scan.js';
import { directoryOf, registrationFromPlan } from './registration.js';
import type { VerifyApp } from './run.js';

/** Stand-in callback when the scan found none: the same on both sides, so only real mismatches fail. */
export const defaultCallback = 'https://localhost:5001/oauth/callback';
export const mockLegacyAppId = '00000000-0000-4000-8000-00000000a99d';

/**
 * The apps of a plan, as verify tests them before `apply`: the legacy registration from the scan, the client as
 * the plan will write it, and the registration the plan tells the user to create.
 */
export function verifyAppsFromPlan(plan: Plan, scan: ScanResult): { apps: VerifyApp[]; assumptions: string[] } {
  const assumptions: string[] = [];
  const directory = directoryOf(plan.inputs.tenant);
  const apps = plan.apps.map((planApp): VerifyApp => {
    const app = scan.apps.find((a) => a.id === planApp.id)!;
    const callback = app.callbackUrl ?? defaultCallback;
    if (!app.callbackUrl) assumptions.push(`${app.id}: no callback URL found; both flows use ${defaultCallback}`);
    if (!app.clientId) assumptions.push(`${app.id}: the legacy App ID is not in the files; the mock uses ${mockLegacyAppId}`);
    const registration = registrationFromPlan(plan, app.id, directory);
    const browser = !!planApp.registration.manifest.spa;
    const platform = browser ? registration.redirectUris.spa : registration.redirectUris.web;
    if (platform.length === 0) platform.push(callback);
    const anchor = scan.findings.find((f) => f.appId === app.id && f.origin === 'config') ?? scan.findings.find((f) => f.appId === app.id);
    return {
      id: app.id,
      legacy: { clientId: app.clientId ?? mockLegacyAppId, callbackUrl: callback, scopes: app.scopes },
      client: {
        tenant: plan.inputs.tenant,
        clientId: plan.inputs.clientId,
        scopes: planApp.entra.scopes,
        redirectUri: planApp.entra.redirectUri ?? callback,
        scopeStyle: plan.inputs.scopeStyle,
      },
      registration,
      ...(browser ? { browser } : {}),
      anchor: anchor ? { file: anchor.file, line: anchor.line, column: anchor.column } : null,
    };
  });
  return { apps, assumptions };
}
