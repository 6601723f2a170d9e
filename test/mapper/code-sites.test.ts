// Issue 12 class 8: the advice at each code site fits the site (refresh, browser, provider library).
import { describe, expect, it } from 'vitest';
import { planFor } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const sitesOf = (files: Record<string, string>) => planFor(tree(files)).apps.flatMap((a) => a.codeSites);

describe('code-site advice', () => {
  it('a refresh site gets refresh advice even in an app without a sign-in page', () => {
    const sites = sitesOf({ 'refresh.py': "import requests\nTOKEN = 'https://app.vssps.visualstudio.com/oauth2/token'\ndef refresh(rt, secret):\n    return requests.post(TOKEN, data={'client_assertion': secret, 'grant_type': 'refresh_token', 'assertion': rt})\n" });
    const refresh = sites.find((s) => s.kind === 'refresh-assertion')!;
    expect(refresh.replacement).toContain('acquire_token_silent');
    expect(sites.find((s) => s.kind === 'token-endpoint')!.replacement).toContain('ClientSecretCredential');
  });

  it('browser code gets @azure/msal-browser with PKCE and no secret; a secret there is a blocker', () => {
    const plan = planFor(tree({
      'src/Login.jsx': "import React from 'react';\nconst VSTS_CLIENT_SECRET = 'c2VjcmV0LXZhbHVlLWluLXRoZS1wYWdl';\nexport const go = () => { window.location.href = 'https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion&client_id=x'; };\nexport const redeem = (code) => fetch('https://app.vssps.visualstudio.com/oauth2/token', { body: new URLSearchParams({ client_assertion: VSTS_CLIENT_SECRET, assertion: code }) });\n",
    }));
    const sites = plan.apps[0]!.codeSites;
    expect(sites.find((s) => s.kind === 'authorize-endpoint')!.replacement).toContain('@azure/msal-browser');
    expect(sites.find((s) => s.kind === 'authorize-endpoint')!.replacement).toContain('Single-page application');
    expect(sites.find((s) => s.kind === 'token-endpoint')!.replacement).toContain('no secret');
    expect(sites.every((s) => !s.replacement.includes('msal-node'))).toBe(true);
    expect(plan.risks.find((r) => r.ruleId === 'A2E316')).toMatchObject({ severity: 'error', file: 'src/Login.jsx', line: 2 });
  });

  it.each([
    ['next-auth', 'auth.ts', "import AzureDevOpsProvider from 'next-auth/providers/azure-devops';\nexport const p = AzureDevOpsProvider({ authorization: 'https://app.vssps.visualstudio.com/oauth2/authorize' });\n", 'microsoft-entra-id'],
    ['passport', 'auth.js', "const OAuth2Strategy = require('passport-oauth2');\npassport.use(new OAuth2Strategy({ authorizationURL: 'https://app.vssps.visualstudio.com/oauth2/authorize' }));\n", '@azure/msal-node'],
    ['omniauth', 'config/initializers/omniauth.rb', "Rails.application.config.middleware.use OmniAuth::Builder do\n  provider :oauth2, authorize_url: 'https://app.vssps.visualstudio.com/oauth2/authorize'\nend\n", 'omniauth-entra-id'],
    ['social auth', 'backend.py', "from social_core.backends.oauth import BaseOAuth2\nclass Vsts(BaseOAuth2):\n    AUTHORIZATION_URL = 'https://app.vssps.visualstudio.com/oauth2/authorize'\n", 'AzureADV2TenantOAuth2'],
    ['ASP.NET OAuthHandler', 'Handler.cs', 'class H : OAuthHandler<O> {\n  const string Auth = "https://app.vssps.visualstudio.com/oauth2/authorize";\n}\n', 'AddMicrosoftIdentityWebApp'],
  ])('%s apps are told which provider speaks Entra', (_name, file, text, expected) => {
    const site = sitesOf({ [file]: text }).find((s) => s.kind === 'authorize-endpoint')!;
    expect(site.replacement).toContain(expected);
  });
});
