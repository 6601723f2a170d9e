// The client side of verify: which flows the code runs, and the Entra settings read back from any config format.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { clientInFiles, flowsInCode } from '../../src/verifier/client.js';
import { tempDir } from '../support/temp.js';

/** A tree of the given files, scanned the way verify scans it. */
function tree(files: Record<string, string>) {
  const dir = tempDir('verify-client');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, evidence: scanWithEvidence(dir) };
}

describe('flowsInCode', () => {
  it.each([
    ['daemon.ts', "const c = new ClientSecretCredential(t, id, s); // dev.azure.com", ['client-credentials']],
    ['daemon2.ts', 'const c = new DefaultAzureCredential(); await c.getToken(scope);', ['client-credentials']],
    ['msal.js', 'await cca.acquireTokenByClientCredential({ scopes });', ['client-credentials']],
    ['job.py', 'requests.post(url, data={"grant_type": "client_credentials", "scope": s})', ['client-credentials']],
    ['Job.cs', 'var r = await app.AcquireTokenForClient(scopes).ExecuteAsync();', ['client-credentials']],
    ['web.ts', 'const url = await cca.getAuthCodeUrl(req); const t = await cca.acquireTokenByCode(req2);', ['auth-code']],
    ['web.py', 'flow = app.initiate_auth_code_flow(scopes); app.acquire_token_by_auth_code_flow(flow, args)', ['auth-code']],
    ['both.ts', 'getAuthCodeUrl(a); new ClientCertificateCredential(t, id, p);', ['auth-code', 'client-credentials']],
    ['none.ts', 'export const x = 1;', []],
  ])('%s', (file, code, flows) => {
    const { dir, evidence } = tree({ [file]: code });
    expect(flowsInCode(evidence.files, dir).flows).toEqual(flows);
  });

  it('reads code the scan prefilter skipped (a daemon whose code names no Azure DevOps literal)', () => {
    const { dir, evidence } = tree({ '.env': 'AZURE_DEVOPS_SCOPE=499b84ac-1321-427f-aa17-267ca6975798/.default\n', 'sync.ts': 'new ClientSecretCredential(a, b, c); fetch(`${org}/_apis/projects?api-version=7.1`)' });
    expect(evidence.files.map((f) => f.file)).not.toContain('sync.ts');
    expect(flowsInCode(evidence.files, dir)).toMatchObject({ flows: ['client-credentials'], calledScopes: ['vso.project'] });
  });
});

describe('clientInFiles', () => {
  it.each([
    ['config.ini', '[entra]\nclient_id = 11111111-2222-3333-4444-555555555555\nauthority = https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000\nredirect_uri = https://a.example/cb\nscope = 499b84ac-1321-427f-aa17-267ca6975798/.default offline_access\n'],
    ['.env', 'ENTRA_CLIENT_ID=11111111-2222-3333-4444-555555555555\nENTRA_TENANT_ID=72f988bf-0000-4000-8000-000000000000\nREDIRECT_URI=https://a.example/cb\nADO_SCOPES=499b84ac-1321-427f-aa17-267ca6975798/.default offline_access\nlogin=https://login.microsoftonline.com/x\n'],
    ['App.config', '<configuration><appSettings><add key="ClientId" value="11111111-2222-3333-4444-555555555555" /><add key="Authority" value="https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000" /><add key="RedirectUri" value="https://a.example/cb" /><add key="Scopes" value="499b84ac-1321-427f-aa17-267ca6975798/.default offline_access" /></appSettings></configuration>'],
  ])('%s: client id, tenant, redirect URI and scopes', (file, text) => {
    const { evidence } = tree({ [file]: text });
    const client = clientInFiles(evidence.files);
    expect(client).toMatchObject({
      clientId: '11111111-2222-3333-4444-555555555555', redirectUri: 'https://a.example/cb',
      scopes: ['499b84ac-1321-427f-aa17-267ca6975798/.default', 'offline_access'], files: [file],
    });
    expect(client.tenant).toBe('72f988bf-0000-4000-8000-000000000000');
  });

  it('never takes the Azure DevOps resource id or the Bot Framework MicrosoftAppId for the client id', () => {
    const { evidence } = tree({ '.env': 'MicrosoftAppId=9d1b7c3a-0000-4000-8000-00000000b07a\nAZURE_DEVOPS_APP_ID=499b84ac-1321-427f-aa17-267ca6975798\nSCOPE=499b84ac-1321-427f-aa17-267ca6975798/.default\nAUTHORITY=https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000\n' });
    expect(clientInFiles(evidence.files).clientId).toBeNull();
  });
});
