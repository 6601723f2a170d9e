// A browser app redeems its code from the page (cross-origin): Entra allows that only for redirect URIs on the
// Single-page application platform (AADSTS9002326 on Web). The plan registers it there, with no secret.
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/model/plan.js';
import { clientId, planFor } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const callback = 'https://tasks.northwind.example/signin/done';
const page = `import { useState } from 'react';
export function Connect() {
  const [busy, setBusy] = useState(false);
  const go = () => { setBusy(true); window.location.assign('https://app.vssps.visualstudio.com/oauth2/authorize?client_id=' + process.env.VITE_VSTS_APP_ID + '&response_type=Assertion&scope=vso.work&redirect_uri=' + encodeURIComponent(process.env.VITE_VSTS_CALLBACK_URL)); };
  return busy ? null : go;
}
`;
const env = `VITE_VSTS_APP_ID=5d2c7e10-4b8a-4f3e-9c61-7a0e2b9d4c58\nVITE_VSTS_CALLBACK_URL=${callback}\n`;
const server = `const express = require('express');
const app = express();
app.get('/signin/done', async (req, res) => {
  const r = await fetch('https://app.vssps.visualstudio.com/oauth2/token', { method: 'POST', body: new URLSearchParams({ client_assertion: process.env.ADO_SECRET, grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: req.query.code, redirect_uri: process.env.VITE_VSTS_CALLBACK_URL }) });
  res.json(await r.json());
});
`;

describe('registration of a browser app (SPA)', () => {
  const plan = planFor(tree({ '.env': env, 'src/Connect.jsx': page }));
  const app = plan.apps[0]!;
  const reg = app.registration;

  it('puts the redirect URI on the spa platform of the manifest, none on web', () => {
    expect(app.entra.redirectUri).toBe(callback);
    expect(reg.manifest.spa).toEqual({ redirectUris: [callback] });
    expect(reg.manifest.web).toEqual({ redirectUris: [] });
  });

  it('az: creates the app without Web URIs, patches spa through Microsoft Graph, creates no secret', () => {
    expect(reg.azCli[0]).not.toContain('--web-redirect-uris');
    const patch = reg.azCli.find((c) => c.startsWith('az rest '))!;
    expect(patch).toContain(`--method PATCH --url "https://graph.microsoft.com/v1.0/applications(appId='${clientId}')"`);
    expect(patch).toContain(`--body '${JSON.stringify({ spa: { redirectUris: [callback] } })}'`);
    expect(reg.azCli.indexOf(patch)).toBe(1);
    expect(reg.azCli.some((c) => c.includes('credential reset'))).toBe(false);
    expect(reg.azCli.some((c) => c.startsWith('az ad app permission add '))).toBe(true);
    expect(reg.azCli.at(-1)).toContain('admin-consent');
  });

  it('Terraform: a single_page_application block, no web block', () => {
    expect(reg.terraform).toContain(`  single_page_application {\n    redirect_uris = ["${callback}"]\n  }`);
    expect(reg.terraform).not.toMatch(/^\s*web \{/m);
  });

  it('keeps the admin-consent URL and says in the checklist: SPA platform, no secret, msal-browser', () => {
    expect(reg.adminConsentUrl).toBe(`https://login.microsoftonline.com/${plan.inputs.tenant}/v2.0/adminconsent?client_id=${clientId}&scope=499b84ac-1321-427f-aa17-267ca6975798/.default&redirect_uri=${encodeURIComponent(callback)}`);
    const steps = plan.manualSteps.join('\n');
    expect(steps).toContain(`add ${callback} as a Single-page application redirect URI, not Web`);
    expect(steps).not.toContain('create a client secret');
    expect(steps).toContain('a single-page application is a public client');
    expect(steps).toContain('@azure/msal-browser');
  });

  it('the plan still parses (the spa field is additive)', () => {
    expect(Plan.parse(JSON.parse(JSON.stringify(plan))).apps[0]!.registration.manifest.spa).toEqual({ redirectUris: [callback] });
    const older = JSON.parse(JSON.stringify(plan)) as { apps: { registration: { manifest: Record<string, unknown> } }[] };
    delete older.apps[0]!.registration.manifest.spa;
    expect(Plan.parse(older).apps[0]!.registration.manifest.spa).toBeUndefined();
  });
});

describe('registration of an app whose server redeems the code', () => {
  it('browser sign-in page plus server code: Web platform and a client secret, as before', () => {
    const plan = planFor(tree({ '.env': env, 'web/src/Connect.jsx': page, 'api/server.js': server }));
    const reg = plan.apps[0]!.registration;
    expect(reg.manifest.spa).toBeUndefined();
    expect(reg.manifest.web.redirectUris).toEqual([callback]);
    expect(reg.azCli[0]).toContain(`--web-redirect-uris ${callback}`);
    expect(reg.azCli.some((c) => c.includes('credential reset'))).toBe(true);
    expect(reg.azCli.some((c) => c.startsWith('az rest '))).toBe(false);
    expect(reg.terraform).toContain('  web {');
    expect(reg.terraform).not.toContain('single_page_application');
  });
});
