// Issue 12 classes 5, 10 and 12: rules judge Azure DevOps settings only; scan and validate agree; steps fit the app.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { buildPlan } from '../../src/plan/build.js';
import { validate } from '../../src/rules/run.js';
import { fixturesDir, inputs } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const options = { failOn: 'error' as const, ignore: [], ignoreFile: null, baseline: null };
const ruleIds = (files: Record<string, string>) => validate(scanWithEvidence(tree(files)), options).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);

describe('rules judge Azure DevOps settings, not the other providers in the file', () => {
  const providers = [
    '{',
    `  "azureDevOps": { "authority": "https://login.microsoftonline.com/contoso.onmicrosoft.com", "clientSecret": "ado-plain-secret", "scopes": ["${ado}/.default", "offline_access"] },`,
    '  "gitlab": { "clientId": "gl-app", "clientSecret": "gitlab-plain-secret", "redirectUri": "http://gitlab.fabrikam.example/callback" },',
    '  "graph": { "authority": "https://login.microsoftonline.com/common", "clientSecret": "graph-plain-secret", "scopes": ["https://graph.microsoft.com/.default"] },',
    '  "github": { "authorizeUrl": "https://github.com/login/oauth/authorize", "clientSecret": "gh-plain-secret" }',
    '}',
  ].join('\n');

  it('flags the Azure DevOps entry only', () => {
    expect(ruleIds({ 'auth.json': providers })).toEqual(['A2E006 auth.json:2']);
  });

  it('a secret setting whose value is a reference is not plain text', () => {
    const files = {
      'teamsapp.yml': `provision:\n  - uses: aadApp/create\n    with:\n      generateClientSecret: true\n      clientSecret: \${{ secrets.ADO_CLIENT_SECRET }}\n      scope: ${ado}/.default\n`,
      'env/.env.dev': `ADO_SCOPE=${ado}/.default\nADO_CLIENT_SECRET=SECRET_BOT_PASSWORD\n`,
    };
    expect(ruleIds(files).filter((r) => r.startsWith('A2E006'))).toEqual([]);
  });

  it('vso.* in a PAT request is not told to take the resource prefix', () => {
    const files = { 'pats.ts': `const token = await msal.acquireTokenSilent({ scopes: ['${ado}/.default'] });\nawait fetch(\`https://vssps.dev.azure.com/\${org}/_apis/tokens/pats?api-version=7.1-preview.1\`, { body: JSON.stringify({ displayName: 'ci', scope: 'vso.code vso.build', allOrgs: false }) });\n` };
    expect(ruleIds(files)).toEqual([]);
  });

  it('private_key_jwt and a service account grant are not legacy', () => {
    const files = {
      'client.py': "import jwt\nassertion = jwt.encode(claims, private_key, algorithm='RS256')\ndata = {'grant_type': 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'assertion': assertion}\nform = {'client_assertion_type': 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'client_assertion': assertion}\n",
    };
    expect(scanWithEvidence(tree(files)).result.apps).toEqual([]);
    expect(ruleIds(files)).toEqual([]);
  });

  it('a Teams manifest listing the host in validDomains is no app', () => {
    const files = { 'appPackage/manifest.json': '{ "id": "x", "validDomains": ["app.vssps.visualstudio.com", "dev.azure.com"], "webApplicationInfo": { "id": "3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0", "resource": "api://bot" } }\n' };
    expect(scanWithEvidence(tree(files)).result.apps).toEqual([]);
    expect(ruleIds(files)).toEqual([]);
  });
});

describe('scan and validate agree: every app scan lists fails validate with a finding that names it', () => {
  const legacy = readdirSync(fixturesDir).filter((d) => !/^(migrated|decoy)-/.test(d)).sort();
  it.each(legacy)('%s', (name) => {
    const evidence = scanWithEvidence(join(fixturesDir, name));
    const result = validate(evidence, options);
    expect(result.ok).toBe(false);
    for (const app of evidence.result.apps) {
      expect(result.findings.some((f) => f.severity === 'error' && f.message.includes(app.id)), app.id).toBe(true);
    }
  });

  it('a Kubernetes Secret for Azure DevOps without tenant-id fails validate', () => {
    const files = { 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  annotations:\n    che.eclipse.org/oauth-scm-server: azure-devops\nstringData:\n  id: 3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\n  secret: x\n' };
    expect(ruleIds(files)).toContain('A2E009 secret.yaml:5');
  });
});

describe('manual steps fit the app', () => {
  it('no secret step for an app without a secret, no code step without code sites, shared steps once', () => {
    const files = {
      'a/.env': 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\n',
      'b/.env': 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=4f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\nVSTS_CLIENT_SECRET=${VSTS_CLIENT_SECRET}\n',
    };
    const plan = buildPlan(scanWithEvidence(tree(files)), inputs({ msaUsers: null }));
    expect(plan.apps).toHaveLength(2);
    const [a, b] = plan.apps.map((x) => x.id);
    expect(plan.manualSteps.filter((s) => s.startsWith(`${a}: `) && s.includes('legacy client secret'))).toEqual([]);
    expect(plan.manualSteps.filter((s) => s.startsWith(`${b}: `) && s.includes('remove the legacy client secret where it is configured'))).toHaveLength(1);
    expect(plan.manualSteps.filter((s) => /code site|code paths/.test(s))).toEqual([]);
    expect(plan.manualSteps.filter((s) => s.includes('service principal'))).toHaveLength(1);
    expect(plan.risks.filter((r) => r.ruleId === 'A2E301')).toHaveLength(1);
    expect(plan.risks.find((r) => r.ruleId === 'A2E301')!.message).toContain(`${a}, ${b}:`);
  });
});
