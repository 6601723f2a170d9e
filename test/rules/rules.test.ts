import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence, type ParsedFile } from '../../src/detect/scan.js';
import type { ScanResult } from '../../src/model/scan.js';
import { rules } from '../../src/rules/index.js';
import { validate } from '../../src/rules/run.js';
import type { Rule } from '../../src/rules/types.js';
import { fixturesDir } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const options = { failOn: 'error' as const, ignore: [], ignoreFile: null, baseline: null };
const run = (files: Record<string, string>) => validate(scanWithEvidence(tree(files)), options);
const msal = { 'src/auth.ts': "import { ConfidentialClientApplication } from '@azure/msal-node';\n" };

/** For each rule: the smallest config that breaks it, and its twin that does not. */
const cases: Record<string, { bad: Record<string, string>; good: Record<string, string> }> = {
  A2E001: {
    bad: { '.env': 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n' },
    good: { '.env': 'ENTRA_AUTH_URL=https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize\n' },
  },
  A2E002: {
    bad: { 'oauth.js': "const url = `https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion&client_id=${id}`;\n" },
    good: { 'oauth.js': "const url = `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize?response_type=code&client_id=${id}`;\n" },
  },
  A2E003: {
    bad: { 'token.py': "TOKEN_URL = 'https://app.vssps.visualstudio.com/oauth2/token'\nbody = {'grant_type': 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'assertion': code}\n" },
    good: { 'token.py': "TOKEN_URL = 'https://login.microsoftonline.com/tid/oauth2/v2.0/token'\nbody = {'grant_type': 'authorization_code', 'code': code}\n" },
  },
  A2E004: {
    bad: { 'refresh.rb': "URL = 'https://app.vssps.visualstudio.com/oauth2/token'\nBODY = \"grant_type=refresh_token&assertion=#{rt}&client_assertion=#{secret}\"\n" },
    good: { 'refresh.rb': "URL = 'https://login.microsoftonline.com/tid/oauth2/v2.0/token'\nBODY = \"grant_type=refresh_token&refresh_token=#{rt}\"\n" },
  },
  A2E005: {
    bad: { '.env': `VSTS_CLIENT_SECRET=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${Buffer.from('{"iss":"app.vssps.visualstudio.com","aud":"app.vssps.visualstudio.com"}').toString('base64url')}.c2ln\nVSTS_SCOPES=vso.code\n` },
    good: { '.env': 'VSTS_CLIENT_SECRET=${VSTS_CLIENT_SECRET}\nVSTS_SCOPES=vso.code\n' },
  },
  A2E006: {
    bad: { 'appsettings.json': `{ "Entra": { "ClientId": "11111111-2222-3333-4444-555555555555", "ClientSecret": "s3cr3t-value", "Scopes": "${ado}/.default offline_access" } }\n` },
    good: { 'appsettings.json': `{ "Entra": { "ClientId": "11111111-2222-3333-4444-555555555555", "ClientSecret": "", "Scopes": "${ado}/.default offline_access" } }\n` },
  },
  A2E010: {
    bad: { 'config.yaml': 'authority: https://login.microsoftonline.com/contoso.onmicrosoft.com\nscopes: vso.code offline_access\n' },
    good: { 'config.yaml': `authority: https://login.microsoftonline.com/contoso.onmicrosoft.com\nscopes: ${ado}/vso.code offline_access\n` },
  },
  A2E011: {
    bad: { 'config.yaml': `authority: https://login.microsoftonline.com/contoso.onmicrosoft.com\nscopes: ${ado}/vso.code_read offline_access\n` },
    good: { 'config.yaml': `authority: https://login.microsoftonline.com/contoso.onmicrosoft.com\nscopes: ${ado}/vso.code offline_access\n` },
  },
  A2E012: {
    bad: { 'appsettings.json': `{ "Scopes": ["${ado}/.default", "${ado}/vso.code", "offline_access"] }\n` },
    good: { 'appsettings.json': `{ "Scopes": ["${ado}/.default", "offline_access"] }\n` },
  },
  A2E013: {
    bad: { 'appsettings.json': `{ "Scopes": ["${ado}/vso.code"] }\n` },
    good: { 'appsettings.json': `{ "Scopes": ["${ado}/vso.code"] }\n`, ...msal },
  },
  A2E014: {
    bad: { '.env': 'ADO_ORG=https://dev.azure.com/fabrikam\nADO_SCOPE=https://graph.microsoft.com/.default\n' },
    good: { '.env': `ADO_ORG=https://dev.azure.com/fabrikam\nADO_SCOPE=${ado}/.default\n` },
  },
  A2E015: {
    bad: { '.env': `AUTHORITY=https://login.microsoftonline.com/common\nSCOPE=${ado}/.default offline_access\n` },
    good: { '.env': `AUTHORITY=https://login.microsoftonline.com/organizations\nSCOPE=${ado}/.default offline_access\n` },
  },
  A2E016: {
    bad: { '.env': `AUTHORITY=https://login.microsoftonline.com/tid\nSCOPES=${ado}/vso.code_write ${ado}/vso.code offline_access\n` },
    good: { '.env': `AUTHORITY=https://login.microsoftonline.com/tid\nSCOPES=${ado}/vso.code_write offline_access\n` },
  },
  A2E017: {
    bad: { '.env': `AUTHORITY=https://login.microsoftonline.com/tid\nSCOPES=${ado}/vso.code_full offline_access\n` },
    good: { '.env': `AUTHORITY=https://login.microsoftonline.com/tid\nSCOPES=${ado}/vso.code offline_access\n` },
  },
  A2E018: {
    bad: { 'daemon.yaml': `grant_type: client_credentials\nscope: ${ado}/vso.build\n` },
    good: { 'daemon.yaml': `grant_type: client_credentials\nscope: ${ado}/.default\n` },
  },
  A2E009: {
    bad: { 'plugin.json': '{ "settings_schema": { "settings": [{ "key": "azureDevopsOAuthAppID", "type": "text" }] } }\n' },
    good: { 'plugin.json': '{ "settings_schema": { "settings": [{ "key": "EntraClientID", "type": "text" }] } }\n' },
  },
  A2E019: {
    bad: { '.env': `AUTHORITY=https://login.microsoftonline.com/tid\nSCOPE=${ado}/.default\nCALLBACK_URL=http://builds.fabrikam.example/auth/callback\n` },
    good: { '.env': `AUTHORITY=https://login.microsoftonline.com/tid\nSCOPE=${ado}/.default\nCALLBACK_URL=http://localhost:3000/auth/callback\n` },
  },
  A2E021: {
    bad: { 'appsettings.json': `{ "Ado": { "Authority": "https://login.microsoftonline.com/tid", "Scopes": "${ado}/.default" } }\n`, 'Auth.cs': 'var url = $"{_config["Ado:Authority"]}/oauth2/authorize?client_id={id}&response_type=code";\n' },
    good: { 'appsettings.json': `{ "Ado": { "Authority": "https://login.microsoftonline.com/tid", "Scopes": "${ado}/.default" } }\n`, 'Auth.cs': 'var url = $"{_config["Ado:Authority"]}/oauth2/v2.0/authorize?client_id={id}&response_type=code";\n' },
  },
  A2E020: {
    bad: { 'appsettings.json': `{ "Authority": "https://login.microsoftonline.com/{tenant}/v2.0", "Scopes": "${ado}/.default offline_access" }\n` },
    good: { 'appsettings.json': `{ "Authority": "https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000/v2.0", "Scopes": "${ado}/.default offline_access" }\n` },
  },
  A2E090: {
    bad: { 'appsettings.json': '{ "AuthUrl": "https://app.vssps.visualstudio.com/oauth2/authorize",, }\n' },
    good: { 'appsettings.json': '{ "AuthUrl": "https://app.vssps.visualstudio.com/oauth2/authorize" }\n' },
  },
};

describe('every rule fires on its bad fixture and stays silent on the good twin', () => {
  it('covers every rule', () => expect(Object.keys(cases).sort()).toEqual(rules.map((r) => r.id).sort()));
  it.each(Object.entries(cases))('%s', (id, { bad, good }) => {
    expect(run(bad).findings.filter((f) => f.ruleId === id).length, `${id} fires`).toBeGreaterThan(0);
    expect(run(good).findings.filter((f) => f.ruleId === id), `${id} silent`).toEqual([]);
  });
});

describe('the already-migrated samples and decoys pass; every legacy sample fails', () => {
  it.each(readdirSync(fixturesDir).filter((d) => /^(migrated|decoy)-/.test(d)))('%s passes', (name) => {
    const result = validate(scanWithEvidence(join(fixturesDir, name)), options);
    expect(result.ok).toBe(true);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
  it.each(readdirSync(fixturesDir).filter((d) => !/^(migrated|decoy)-/.test(d)))('%s fails', (name) => {
    expect(validate(scanWithEvidence(join(fixturesDir, name)), options).ok).toBe(false);
  });
});

describe('A2E013 asks for offline_access only where a refresh token can exist', () => {
  const daemonCode = "import { ClientSecretCredential } from '@azure/identity';\nconst credential = new ClientSecretCredential(tenant, clientId, secret);\nexport const token = () => credential.getToken(process.env.AZURE_DEVOPS_SCOPE!);\n";
  const scope = `AZURE_DEVOPS_SCOPE=${ado}/.default\nAZURE_CLIENT_ID=44444444-5555-6666-7777-888888888888\n`;
  it('a daemon (app-only credential, /.default) has no refresh token to ask for', () => {
    expect(run({ '.env': scope, 'src/sync.ts': daemonCode }).findings.filter((f) => f.ruleId === 'A2E013')).toEqual([]);
  });
  it('the same scope with code that also signs a user in still needs offline_access', () => {
    const signIn = `${daemonCode}export const url = \`\${authority}/oauth2/v2.0/authorize?grant_type=authorization_code\`;\n`;
    expect(run({ '.env': scope, 'src/sync.ts': signIn }).findings.filter((f) => f.ruleId === 'A2E013')).toHaveLength(1);
  });
  it('the migrated daemon fixture has no warning at all', () => {
    expect(validate(scanWithEvidence(join(fixturesDir, 'migrated-daemon')), options).findings).toEqual([]);
  });
});

// scan's Entra status gives a rule that is not marked acrossFiles only the Entra apps' files
describe('a rule not marked acrossFiles judges each file alone', () => {
  const reportsAt = (rule: Rule, files: readonly ParsedFile[], scan: ScanResult, file: string) => {
    const out: string[] = [];
    rule.check({ files, scan, report: (loc, message) => (loc.file === file ? out.push(`${loc.line}:${loc.column}:${message}`) : 0) });
    return out;
  };

  it('every rule case and fixture: each file gets the same reports alone as among all the files', () => {
    const dirs = [...Object.values(cases).flatMap((c) => [tree(c.bad), tree(c.good)]), ...readdirSync(fixturesDir).map((d) => join(fixturesDir, d))];
    let compared = 0;
    for (const dir of dirs) {
      const { files, result } = scanWithEvidence(dir);
      for (const rule of rules.filter((r) => !r.acrossFiles)) {
        for (const f of files) {
          const all = reportsAt(rule, files, result, f.file);
          expect(reportsAt(rule, [f], result, f.file), `${rule.id} on ${dir}/${f.file}`).toEqual(all);
          compared += all.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('v1-endpoint is not: the authority is defined in config and read in code', () => {
    const { files, result } = scanWithEvidence(tree(cases.A2E021!.bad));
    const rule = rules.find((r) => r.id === 'A2E021')!;
    expect(rule.acrossFiles).toBe(true);
    expect(reportsAt(rule, files, result, 'Auth.cs')).toHaveLength(1);
    expect(reportsAt(rule, files.filter((f) => f.file === 'Auth.cs'), result, 'Auth.cs')).toEqual([]);
  });
});
