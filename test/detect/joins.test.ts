// Evidence joins along the scope tree (file → entry → key), one rule at a time (issue 12, classes 1 and 5).
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/detect/read.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { fileFacts, fileSignals } from '../../src/detect/signals.js';
import { joinWithinFile } from '../../src/detect/joins/index.js';
import { isProjectManifest } from '../../src/detect/name-joins.js';
import { applyTextChanges } from '../../src/mapper/edits/text.js';
import { buildPlan } from '../../src/plan/build.js';
import { parserFor } from '../../src/parsers/registry.js';
import { fixturesDir, inputs } from '../support/plan-helpers.js';

/** The signals of one file after the join rules, as `kind@line`. */
function signals(file: string, text: string): string[] {
  const parser = parserFor(file)!;
  const { settings } = parser.parse(text, file);
  const origin = parser.name === 'source' ? 'code' : 'config';
  return joinWithinFile(file, origin, settings, text, fileSignals(file, origin, settings, fileFacts(settings, text))).map((s) => `${s.kind}@${s.setting.line}`);
}

describe('a provider catalog (64 providers, Graph and Entra v1 among them) is edited only inside its Azure DevOps entry', () => {
  const root = join(fixturesDir, 'provider-catalog');
  const text = readFileSync(join(root, 'oauth.json'), 'utf8');
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith('  "visualstudio"')) + 1;
  const last = lines.findIndex((l, i) => i >= first && l === '  }' ) + 1;

  it('has at least 50 providers with /oauth2/authorize paths, and Entra ones', () => {
    expect(Object.keys(JSON.parse(text)).length).toBeGreaterThanOrEqual(50);
    expect(text.match(/\/oauth2\/authorize"/g)!.length).toBeGreaterThanOrEqual(50);
    expect(text).toContain('login.microsoftonline.com/common/oauth2/v2.0/authorize');
  });

  it('finds one app whose findings all sit in the visualstudio entry', () => {
    const { result } = scanWithEvidence(root);
    expect(result.apps).toHaveLength(1);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) {
      expect(f.line).toBeGreaterThanOrEqual(first);
      expect(f.line).toBeLessThanOrEqual(last);
    }
  });

  it('apply leaves every other line byte-identical', () => {
    const plan = buildPlan(scanWithEvidence(root), inputs());
    expect(plan.edits.map((e) => e.file)).toEqual(['oauth.json']);
    const after = applyTextChanges(decodeText(readFileSync(join(root, 'oauth.json')))!.text, plan.edits[0]!.changes).split('\n');
    expect(after.length).toBe(lines.length);
    lines.forEach((line, i) => {
      if (i + 1 < first || i + 1 > last) expect(after[i], `line ${i + 1}`).toBe(line);
    });
    expect(after.slice(first - 1, last).join('\n')).toContain('login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000/oauth2/v2.0/authorize');
  });
});

describe('host-path: a bare /oauth2 path joins the vssps host of its own entry only', () => {
  it('JSON: another provider beside the Azure DevOps one', () => {
    const text = '{\n "vsts": { "host": "https://app.vssps.visualstudio.com", "authorizePath": "/oauth2/authorize" },\n "custom": { "authorizePath": "/oauth2/authorize", "tokenPath": "/oauth2/token" }\n}\n';
    expect(signals('providers.json', text)).toEqual(['oauth-host@2', 'authorize-endpoint@2']);
  });

  it('YAML: sibling mappings', () => {
    const text = 'vsts:\n  base: https://app.vssps.visualstudio.com\n  token_path: /oauth2/token\ngitea:\n  token_path: /oauth2/token\n';
    expect(signals('auth.yaml', text)).toEqual(['oauth-host@2', 'token-endpoint@3']);
  });

  it('INI: sections', () => {
    const text = '[gitlab]\nauth_path = /oauth2/authorize\n[vsts]\nhost = https://app.vssps.visualstudio.com\nauth_path = /oauth2/authorize\n';
    expect(signals('auth.ini', text)).toEqual(['oauth-host@4', 'authorize-endpoint@5']);
  });

  it('code: one object literal per provider; a module-level host reaches the whole module', () => {
    const catalog = "export const providers = {\n  vsts: { base: 'https://app.vssps.visualstudio.com', token: '/oauth2/token' },\n  forge: { token: '/oauth2/token' },\n};\n";
    expect(signals('providers.ts', catalog)).toEqual(['oauth-host@2', 'token-endpoint@2']);
    const go = 'const (\n\tBaseOauthURL = "https://app.vssps.visualstudio.com"\n\tPathToken = "/oauth2/token"\n)\n';
    expect(signals('oauth.go', go)).toEqual(['oauth-host@2', 'token-endpoint@3']);
  });

  it('a URL with a host of its own is never a legacy path', () => {
    const text = 'VSTS_HOST=https://app.vssps.visualstudio.com\nGITEA_TOKEN_URL=https://git.example.org/login/oauth2/token\n';
    expect(signals('.env', text)).toEqual(['oauth-host@1']);
  });
});

describe('allow-list: the host listed among others, or as a REST base, is not OAuth', () => {
  it('a Teams manifest validDomains', () => {
    const text = '{ "manifestVersion": "1.16", "validDomains": ["token.botframework.com", "app.vssps.visualstudio.com", "dev.azure.com"] }\n';
    expect(signals('manifest.json', text)).toEqual([]);
  });

  it('a CSP header value', () => {
    const text = "csp:\n  connect_src: \"default-src 'self'; connect-src 'self' https://app.vssps.visualstudio.com https://dev.azure.com\"\n";
    expect(signals('helmet.yaml', text)).toEqual([]);
  });

  it('a VssConnection base', () => {
    const text = 'var connection = new VssConnection(new Uri("https://app.vssps.visualstudio.com"), new VssOAuthAccessTokenCredential(token));\n';
    expect(signals('Profile.cs', text)).toEqual([]);
  });
});

describe('provider-entry: key names join only the legacy evidence of their entry', () => {
  it('GitHub and Graph blocks beside the Azure DevOps one keep their client ids and secrets', () => {
    const text = [
      '{',
      '  "GitHub": { "ClientId": "Iv1.8a61f9b3a7aba766", "ClientSecret": "gh-secret-value", "Scope": "read:user" },',
      '  "Graph": { "ClientId": "6b3a1f2e-7c4d-4e5f-8a9b-0c1d2e3f4a5b", "Scopes": "User.Read" },',
      '  "DevOps": { "AuthorizeUrl": "https://app.vssps.visualstudio.com/oauth2/authorize", "ClientId": "3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0", "ClientSecret": "not-a-jwt", "Scope": "vso.code" }',
      '}',
    ].join('\n');
    expect(signals('appsettings.json', text)).toEqual(['authorize-endpoint@4', 'client-id@4', 'client-secret@4', 'scopes@4']);
  });

  it('keys named for another provider never join, even in a flat file', () => {
    const text = 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\nGITHUB_CLIENT_ID=Iv1.8a61f9b3a7aba766\nGITLAB_CLIENT_SECRET=glsecret\n';
    expect(signals('.env', text)).toEqual(['authorize-endpoint@1', 'client-id@2']);
  });

  it('AZURE_AD_* (the Entra login of a next-auth app) beside AZURE_DEVOPS_* is another provider', () => {
    const text = 'AZURE_AD_CLIENT_ID=7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d\nAZURE_AD_CLIENT_SECRET=aad-local\nAZURE_DEVOPS_APP_ID=8b7c6d5e-4f3a-4b2c-9d0e-1f2a3b4c5d6e\nAZURE_DEVOPS_CLIENT_SECRET=ado-local\n';
    expect(signals('.env.local', text)).toEqual(['client-id@3', 'client-secret@4']);
  });

  it('a Kubernetes object annotated for Azure DevOps joins its data', () => {
    const text = 'kind: Secret\nmetadata:\n  annotations:\n    che.eclipse.org/oauth-scm-server: azure-devops\nstringData:\n  id: 3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\n  secret: plain\n';
    expect(signals('secret.yaml', text)).toEqual(['other@4', 'client-id@6', 'client-secret@7']);
  });
});

describe('declared-provider: a type setting naming another provider keeps that entry out', () => {
  it('indexed external-auth keys: only the azure-devops index joins', () => {
    const text = 'AUTH_0_TYPE=azure-devops\nAUTH_0_CLIENT_ID=3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\nAUTH_0_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nAUTH_1_TYPE=bitbucket\nAUTH_1_CLIENT_ID=bb-client\nAUTH_1_CLIENT_SECRET=bb-secret\n';
    expect(signals('.env', text)).toEqual(['client-id@2', 'authorize-endpoint@3']);
  });
});

describe('signed-assertion: RFC 7523 with an assertion signed in code is not legacy', () => {
  it('a service-account jwt-bearer grant', () => {
    const text = "const assertion = jwt.sign(claims, privateKey, { algorithm: 'RS256' });\nconst body = { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion };\n";
    expect(signals('sa.js', text)).toEqual([]);
  });

  it('private_key_jwt client authentication', () => {
    const text = "data = {'grant_type': 'authorization_code', 'code': code, 'client_assertion_type': 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'client_assertion': jwt.encode(claims, private_key, algorithm='RS256'), 'assertion': None}\n";
    expect(signals('client.py', text)).toEqual([]);
  });

  it('the legacy exchange (code as assertion, stored secret) stays legacy', () => {
    const text = "body = {'client_assertion_type': 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'client_assertion': settings.VSTS_SECRET, 'grant_type': 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'assertion': code}\n";
    expect(signals('exchange.py', text)).toContain('jwt-bearer-grant@1');
  });
});

describe('pat-scope: vso.* in a personal-access-token request is not an OAuth scope', () => {
  it('a PAT API body', () => {
    const text = "const legacy = 'https://app.vssps.visualstudio.com/oauth2/token';\nawait fetch(`https://vssps.dev.azure.com/${org}/_apis/tokens/pats?api-version=7.1-preview.1`, { body: JSON.stringify({ displayName: 'ci', scope: 'vso.code vso.build' }) });\n";
    expect(signals('pat.ts', text)).toEqual(['token-endpoint@1']);
  });
});

describe('entra-twin: the Entra keys of a dual run are never legacy', () => {
  it('ENTRA_CLIENT_ID beside VSTS_CLIENT_ID', () => {
    const text = 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\nENTRA_CLIENT_ID=11111111-2222-3333-4444-555555555555\nEntraClientSecret=x\n';
    expect(signals('.env', text)).toEqual(['authorize-endpoint@1', 'client-id@2']);
  });
});

describe('project manifests', () => {
  // the pattern it replaced (a regex over each listed path), kept here as the specification
  const spec = /(^|\/)(package\.json|composer\.json|Gemfile|mix\.exs|go\.mod|pom\.xml|build\.gradle(\.kts)?|Cargo\.toml|pyproject\.toml|setup\.py|requirements\.txt|[^/]+\.(csproj|fsproj|sln)|rockspec|[^/]+\.rockspec)$/;
  it('are named as the path pattern names them, for any path', () => {
    const part = fc.constantFrom('package.json', 'Gemfile', 'go.mod', 'build.gradle', 'build.gradle.kts', '.kts', 'Cargo.toml', 'rockspec', '.rockspec', 'a.rockspec', 'App.csproj', '.csproj', 'x.sln', 'setup.py', 'requirements.txt', 'mix.exs', 'pom.xml', 'src', 'a', '.', 'json');
    const path = fc.array(part, { minLength: 1, maxLength: 4 }).chain((parts) => fc.boolean().map((glue) => (glue ? parts.join('') : parts.join('/'))));
    fc.assert(fc.property(path, (p) => {
      expect(isProjectManifest(p)).toBe(spec.test(p));
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) });
  });
});
