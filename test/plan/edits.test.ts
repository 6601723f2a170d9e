import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { applyTextChanges } from '../../src/mapper/edits/text.js';
import { Plan } from '../../src/model/plan.js';
import { buildPlan } from '../../src/plan/build.js';
import { decodeText, encodeText } from '../../src/detect/read.js';
import { readFileSync } from 'node:fs';
import { expectGoldenBytes } from '../support/golden.js';
import { fixturesDir, inputs } from '../support/plan-helpers.js';

const legacy = readdirSync(fixturesDir).filter((d) => !/^(migrated|decoy)-/.test(d)).sort();

/** The file a plan's edit would write, computed the way apply does. */
function after(fixture: string, edit: Plan['edits'][number]): Buffer {
  const decoded = decodeText(readFileSync(join(fixturesDir, fixture, edit.file)))!;
  return encodeText(applyTextChanges(decoded.text, edit.changes), edit.encoding)!;
}

function plan(fixture: string, extra = {}) {
  return Plan.parse(buildPlan(scanWithEvidence(join(fixturesDir, fixture)), inputs(extra)));
}

describe('golden rewrites: every config file after the edit, byte for byte, and its diff', () => {
  it.each(legacy)('%s', (fixture) => {
    for (const edit of plan(fixture).edits) {
      expectGoldenBytes(`edits/${fixture}/${edit.file}`, after(fixture, edit));
      expectGoldenBytes(`edits/${fixture}/${edit.file}.diff`, edit.diff);
    }
  });

  it.each([['sample-app'], ['node-express'], ['helm-values'], ['k8s-workspaces']])('%s with --keep-legacy and --secret-ref', (fixture) => {
    for (const edit of plan(fixture, { keepLegacy: true, secretRef: 'env:ENTRA_CLIENT_SECRET' }).edits) {
      expectGoldenBytes(`edits-keep-legacy/${fixture}/${edit.file}`, after(fixture, edit));
    }
  });
});

describe('format preservation', () => {
  const text = (fixture: string, file: string, extra = {}) => {
    const edit = plan(fixture, extra).edits.find((e) => e.file === file)!;
    expect(edit, `${fixture}/${file} is edited`).toBeDefined();
    return { edit, before: readFileSync(join(fixturesDir, fixture, file), 'utf8'), after: after(fixture, edit).toString('utf8') };
  };

  it('XML with BOM and CRLF keeps both, and the attribute order', () => {
    const { after: out } = text('sample-app', 'OAuth.config');
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(out).toContain('<add key="DashboardVsoAppId" value="11111111-2222-3333-4444-555555555555" />\r\n  <add key="DashboardVsoTenantId" value="72f988bf-0000-4000-8000-000000000000" />\r\n');
    expect(out).toContain('<add key="MicrosoftAppPassword" value="bot-framework-password-not-oauth" />');
  });

  it('JSONC keeps comments and its trailing comma', () => {
    const { before, after: out } = text('dotnet-core', 'appsettings.json');
    expect(out).toContain('// Logging');
    // the shared base stays (code appends /oauth2/… and may call /_apis/… with it); the authority goes beside it
    expect(out).toContain('"Issuer": "https://app.vssps.visualstudio.com", // legacy OAuth host');
    expect(out).toContain('"EntraAuthority": "https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000",\n');
    expect(out).toContain('"Scopes": [ "499b84ac-1321-427f-aa17-267ca6975798/.default", "offline_access" ],\n  }');
    expect(out.split('\n').length).toBe(before.split('\n').length + 1);
  });

  it('YAML keeps comments, anchors, quoting and the block sequence style', () => {
    const { after: out } = text('helm-values', 'values.yaml');
    expect(out).toContain('defaults: &defaults\n  logLevel: info      # not OAuth');
    expect(out).toContain('<<: *defaults');
    expect(out).toContain('authUrl: "https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000/oauth2/v2.0/authorize"   # quoted on purpose');
    expect(out).toContain('  scopes:\n    - 499b84ac-1321-427f-aa17-267ca6975798/.default\n    - offline_access   # read work items\n');
    expect(out).toContain('  appId: 11111111-2222-3333-4444-555555555555\n  tenantId: 72f988bf-0000-4000-8000-000000000000\n');
  });

  it('dotenv keeps `export`, quotes and trailing comments; the secret is cleared, never written', () => {
    const { after: out, edit } = text('node-express', '.env.example');
    expect(out).toContain('export VSTS_CLIENT_ID="11111111-2222-3333-4444-555555555555"\nexport VSTS_TENANT_ID="72f988bf-0000-4000-8000-000000000000"\n');
    expect(out).toContain("VSTS_CLIENT_SECRET=''\n");
    expect(out).toContain('VSTS_SCOPES=499b84ac-1321-427f-aa17-267ca6975798/.default offline_access   # space separated, no quotes');
    expect(out).not.toContain('not-the-real-one-ask-ops');
    expect(edit.diff).not.toContain('not-the-real-one-ask-ops');
  });

  it('a Kubernetes ConfigMap with embedded JSON is edited inside the block scalar; Secret data stays base64', () => {
    const { after: out } = text('k8s-workspaces', 'oauth.yaml');
    expect(out).toContain(`  id: ${Buffer.from('11111111-2222-3333-4444-555555555555').toString('base64')}\n  tenant-id: ${Buffer.from('72f988bf-0000-4000-8000-000000000000').toString('base64')}\n`);
    expect(out).toContain('  secret: ""\n');
    expect(out).toContain('          "ClientId": "11111111-2222-3333-4444-555555555555",\n          "TenantId": "72f988bf-0000-4000-8000-000000000000",\n');
  });

  it('INI with CRLF and two apps edits both sections in place', () => {
    const { after: out } = text('ruby-toml-tool', 'legacy.ini');
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(out.match(/tenant-id = 72f988bf/g)).toHaveLength(2);
    expect(out).toContain('client-secret =\r\n');
  });

  it('TOML keeps each string\'s quote style and the query tails code appends to', () => {
    const { after: out } = text('ruby-toml-tool', 'config.toml');
    expect(out).toContain('authorize_url = "https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000/oauth2/v2.0/authorize?"');
    expect(out).toContain("token_url = 'https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000/oauth2/v2.0/token?mkt=en-US'");
  });

  it('.properties keeps the comma-separated scope spelling', () => {
    const { after: out } = text('java-spring', 'src/main/resources/application.properties');
    expect(out).toContain('release.oauth.azure-devops.scopes=499b84ac-1321-427f-aa17-267ca6975798/.default,offline_access\n');
    expect(out).toContain('release.oauth.azure-devops.clientsecret_filepath=/var/run/secrets/azure-devops/client-secret\n');
  });

  it('explicit scope style writes each permission', () => {
    const { after: out } = text('helm-values', 'values.yaml', { scopeStyle: 'explicit' });
    expect(out).toContain('    - 499b84ac-1321-427f-aa17-267ca6975798/vso.code\n    - 499b84ac-1321-427f-aa17-267ca6975798/vso.work   # read work items\n    - offline_access\n');
  });

  it('source code is never edited: code sites are listed with a replacement for their language', () => {
    const p = plan('sample-app');
    expect(p.edits.every((e) => !/\.(cs|js|py|java|go|rb|php|sh)$/.test(e.file))).toBe(true);
    const site = p.apps[0]!.codeSites.find((s) => s.file.endsWith('OAuthController.cs'));
    expect(site?.language).toBe('csharp');
    expect(site?.replacement).toMatch(/MSAL\.NET|AcquireToken/);
  });

  it('the plan carries no secret: not in diffs, changes or anywhere in its JSON', () => {
    const json = JSON.stringify(plan('sample-app'));
    const secret = /value="(eyJ[^"]+)"/.exec(readFileSync(join(fixturesDir, 'sample-app', 'OAuth.config'), 'utf8'))![1]!;
    expect(json).not.toContain(secret);
    expect(json).not.toContain(secret.split('.')[1]!);
    expect(json).not.toContain('bot-framework-password-not-oauth');
  });
});
