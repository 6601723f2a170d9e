// Issue 12 class 2: a base URL code extends with /oauth2/… is never rewritten; the plan blocks on it, naming each site.
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { authorityKeyFor } from '../../src/mapper/base-urls.js';
import { validate } from '../../src/rules/run.js';
import { buildPlan } from '../../src/plan/build.js';
import { applyPlan } from '../../src/plan/apply.js';
import { inputs, tenant } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const options = { failOn: 'error' as const, ignore: [], ignoreFile: null, baseline: null };

const project = {
  'appsettings.json': '{\n  "Ado": {\n    "BaseUrl": "https://app.vssps.visualstudio.com",\n    "ClientId": "3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0"\n  }\n}\n',
  'AdoClient.cs': [
    'var authorize = $"{_config["Ado:BaseUrl"]}/oauth2/authorize?client_id={id}&response_type=Assertion";',
    'var token = await _http.PostAsync($"{_config["Ado:BaseUrl"]}/oauth2/token", body);',
    'var me = await _http.GetAsync($"{_config["Ado:BaseUrl"]}/_apis/profile/profiles/me?api-version=7.1");',
    '',
  ].join('\n'),
};

describe('a shared base URL', () => {
  it('stays as it is; the Entra authority goes beside it', () => {
    const plan = buildPlan(scanWithEvidence(tree(project)), inputs());
    const edit = plan.edits.find((e) => e.file === 'appsettings.json')!;
    expect(edit.diff).not.toMatch(/^-.*BaseUrl/m);
    expect(edit.diff).toContain(`+    "EntraAuthority": "https://login.microsoftonline.com/${tenant}",`);
  });

  it('is a blocking risk and a manual step naming each code site with its new code, keeping the REST base', () => {
    const plan = buildPlan(scanWithEvidence(tree(project)), inputs());
    expect(plan.risks.find((r) => r.ruleId === 'A2E315')).toMatchObject({ severity: 'error', file: 'appsettings.json', line: 3 });
    const step = plan.manualSteps.find((s) => s.includes('BLOCKING'))!;
    expect(step).toContain('AdoClient.cs:1: _config["Ado:BaseUrl"]}/oauth2/authorize → _config["Ado:EntraAuthority"]}/oauth2/v2.0/authorize');
    expect(step).toContain('AdoClient.cs:2: _config["Ado:BaseUrl"]}/oauth2/token → _config["Ado:EntraAuthority"]}/oauth2/v2.0/token');
    expect(step).not.toContain('AdoClient.cs:3');
    expect(step).toContain('Keep BaseUrl for /_apis/… calls');
  });

  it('a base and its bare paths in one constant group: neither is rewritten, each path is named', () => {
    const files = { 'oauth.properties': 'ado.base=https://app.vssps.visualstudio.com\nado.path.authorize=/oauth2/authorize\nado.path.token=/oauth2/token\nado.client-id=3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\n' };
    const plan = buildPlan(scanWithEvidence(tree(files)), inputs());
    const diff = plan.edits.map((e) => e.diff).join('\n');
    expect(diff).not.toMatch(/^-ado\.(base|path)/m);
    expect(plan.manualSteps.find((s) => s.includes('BLOCKING'))).toContain('oauth.properties:2: /oauth2/authorize → /oauth2/v2.0/authorize, joined to ado.entraAuthority instead of ado.base');
  });

  it('names the authority setting in the style of the base', () => {
    expect(authorityKeyFor('Issuer')).toBe('EntraAuthority');
    expect(authorityKeyFor('Janitor:Issuer')).toBe('Janitor:EntraAuthority');
    expect(authorityKeyFor('VSTS_BASE_URL')).toBe('ENTRA_AUTHORITY');
    expect(authorityKeyFor('ActiveDirectory.EndpointUrl')).toBe('ActiveDirectory.EntraAuthority');
    expect(authorityKeyFor('base_url')).toBe('entra_authority');
  });

  it('after apply, a half-done switch (authority + "/oauth2/authorize") fails validate with the v1 rule', () => {
    const dir = tree(project);
    applyPlan(buildPlan(scanWithEvidence(dir), inputs()), dir, { allowDirty: true, planSha256: 'test' });
    const halfDone = tree({ ...project, 'AdoClient.cs': project['AdoClient.cs'].replace(/Ado:BaseUrl"\]\}\/oauth2\/(authorize|token)/g, 'Ado:EntraAuthority"]}/oauth2/$1').replace('Assertion', 'code') });
    applyPlan(buildPlan(scanWithEvidence(halfDone), inputs()), halfDone, { allowDirty: true, planSha256: 'test' });
    const result = validate(scanWithEvidence(halfDone), options);
    expect(result.findings.filter((f) => f.ruleId === 'A2E021').map((f) => `${f.file}:${f.line}`)).toEqual(['AdoClient.cs:1', 'AdoClient.cs:2']);
  });
});
