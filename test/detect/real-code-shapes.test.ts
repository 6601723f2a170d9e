// Shapes from a second sweep of real public code (scripts, bots, CI plugins, bundled CLIs), written anew with our own
// names and values: each case failed on the code before its fix.
import { describe, expect, it } from 'vitest';
import { scan, scanWithEvidence } from '../../src/detect/scan.js';
import { isPlaceholder, legacySecretJwt } from '../../src/detect/values.js';
import { PlanInputs } from '../../src/model/plan.js';
import { buildPlan } from '../../src/plan/build.js';
import { validate } from '../../src/rules/run.js';
import { tree } from '../support/tree.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const iss = 'app.vstoken.visualstudio.com';
const header = b64({ typ: 'JWT', alg: 'RS256', x5t: 'ZmFrZQ' });
/** Fake legacy JWTs (never real ones): the client secret carries cid and csi, a code or token carries scp. */
const fakeLegacySecret = () => `${header}.${b64({ cid: '0b7e4c1d-2f3a-4b5c-8d6e-7f8091a2b3c4', csi: '4c3b2a19-0817-4f6e-9d5c-4b3a29180706', nameid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', iss, aud: iss, nbf: 1600000000, exp: 1900000000 })}.ZmFrZXNpZ25hdHVyZQ`;
const fakeLegacyCode = () => `${header}.${b64({ aui: '6d1c8b2a-0f3e-4a59-b7c4-2e8d9f0a1b3c', nameid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', scp: 'vso.work_write vso.authorization_grant', iss, aud: iss, nbf: 1600000000, exp: 1600000900 })}.ZmFrZXNpZ25hdHVyZQ`;


const kinds = (dir: string) => scan(dir).findings.map((f) => `${f.file}:${f.line} ${f.kind}`);
const inputs = PlanInputs.parse({ tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', msaUsers: false });

describe('a committed legacy code or token is not the client secret', () => {
  it('tells a client secret (cid, csi) from a code or token (scp)', () => {
    expect(legacySecretJwt(fakeLegacySecret())?.what).toBe('client-secret');
    expect(legacySecretJwt(fakeLegacyCode())?.what).toBe('token');
  });

  it('a script holding the secret and a pasted code reports one secret and one token', () => {
    const dir = tree({
      'fetch_token.py': `secret = "${fakeLegacySecret()}"\ncode = "${fakeLegacyCode()}"\nTOKEN_URL = "https://app.vssps.visualstudio.com/oauth2/token"\n`,
    });
    const result = scan(dir);
    const at = (line: number) => result.findings.filter((f) => f.line === line).map((f) => [f.kind, f.severity]);
    expect(at(1)).toEqual([['legacy-secret-value', 'error']]);
    expect(at(2)).toEqual([['other', 'error']]);
    expect(result.findings.find((f) => f.line === 2)!.message).toMatch(/^legacy authorization code or token committed/);
    expect(JSON.stringify(result)).not.toContain(fakeLegacyCode().split('.')[1]);
  });

  it('a pasted code alone gives the app no secret', () => {
    const dir = tree({ 'try_code.py': `code = "${fakeLegacyCode()}"\nTOKEN_URL = "https://app.vssps.visualstudio.com/oauth2/token"\n` });
    const result = scan(dir);
    expect(result.apps.map((a) => a.hasSecret)).toEqual([false]);
    expect(result.findings.map((f) => f.kind)).not.toContain('legacy-secret-value');
  });

  it('validate calls a code in a comment no client secret (A2E005 stays for secrets)', () => {
    const dir = tree({ 'notes.py': `# pasted while testing: ${fakeLegacyCode()}\n# old one: ${fakeLegacySecret()}\nTOKEN_URL = "https://app.vssps.visualstudio.com/oauth2/token"\n` });
    const found = validate(scanWithEvidence(dir), { failOn: 'error', ignore: [], ignoreFile: null, baseline: null }).findings.filter((f) => f.ruleId === 'A2E005');
    expect(found.map((f) => f.line)).toEqual([2]);
  });
});

describe('the callback URL written percent-encoded', () => {
  it('is the callback, shown decoded, and the plan registers it', () => {
    const dir = tree({
      'board_sync.py': 'redirect_uri = "https%3A%2F%2Fboards.example.test%2Foauth%2Fdone"\nAUTHORIZE = "https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion"\n',
    });
    const evidence = scanWithEvidence(dir);
    expect(evidence.result.apps[0]!.callbackUrl).toBe('https://boards.example.test/oauth/done');
    expect(kinds(dir)).toContain('board_sync.py:1 callback-url');
    expect(buildPlan(evidence, inputs).manualSteps.join('\n')).not.toContain('none was found');
  });
});

describe('scopes written into a query string', () => {
  it('a query piece of its own, in a file that names the legacy host, with the scopes spaced out', () => {
    const dir = tree({
      'Boards.fsx': 'let authUri = "https://app.vssps.visualstudio.com/oauth2/authorize?mkt=de-DE"\nlet codeQuery =\n    authUri + "&response_type=Assertion" +\n    "&scope=vso.build_execute vso.code_write vso.work_write"\n',
    });
    expect(scan(dir).apps.map((a) => a.scopes)).toEqual([['vso.build_execute', 'vso.code_write', 'vso.work_write']]);
    expect(kinds(dir)).toContain('Boards.fsx:4 scopes');
    const more = tree({ 'Later.fsx': 'let url = "https://app.vssps.visualstudio.com/oauth2/authorize"\nlet q = url + "?client_id=" + id + "&response_type=Assertion&scope=vso.release"\n' });
    expect(scan(more).apps.map((a) => a.scopes)).toEqual([['vso.release']]);
  });

  it('literal spaces inside the whole URL keep every scope', () => {
    const dir = tree({ 'auth.js': 'const u = "https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion&scope=vso.code vso.project&redirect_uri=" + cb;\n' });
    expect(scan(dir).apps.map((a) => a.scopes)).toEqual([['vso.code', 'vso.project']]);
  });

  it('another provider\'s query in the same file adds nothing', () => {
    const dir = tree({ 'auth.js': 'const a = "https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion";\nconst gh = "&scope=repo read:org";\n' });
    expect(scan(dir).findings.map((f) => f.kind)).not.toContain('scopes');
  });
});

describe('the App ID and callback a hard-coded authorize URL states', () => {
  const bundled = 'var url = `https://app.vssps.visualstudio.com/oauth2/authorize\n?client_id=8C2E4A61-3F5B-4D7E-9A1C-2B3D4E5F6071\n&response_type=Assertion\n&scope=vso.packaging\n&redirect_uri=https://feed-login.example.test/api/done`.trim();\nopen(url);\n';

  it('are the app\'s client id and callback, and the plan registers that callback', () => {
    const evidence = scanWithEvidence(tree({ 'dist/cli.js': bundled }));
    const [app] = evidence.result.apps;
    expect([app!.clientId, app!.callbackUrl]).toEqual(['8C2E4A61-3F5B-4D7E-9A1C-2B3D4E5F6071', 'https://feed-login.example.test/api/done']);
    expect(app!.endpoints.authorize).toBe('https://app.vssps.visualstudio.com/oauth2/authorize');
    expect(evidence.result.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['client-id', 'callback-url']));
    expect(buildPlan(evidence, inputs).manualSteps.join('\n')).not.toContain('none was found');
  });

  it('placeholders and variables in the URL state nothing', () => {
    const dir = tree({ 'LogOn.cs': 'const string Url = "https://app.vssps.visualstudio.com/oauth2/authorize?client_id={0}&response_type=Assertion&state={1}&scope={2}&redirect_uri={3}";\n' });
    expect(scan(dir).findings.map((f) => f.kind)).toEqual(['authorize-endpoint', 'response-type']);
  });
});

describe('settings JavaScript and CoffeeScript read as process.env.NAME', () => {
  it('a chat bot reading its App ID and callback from the environment names where they come from', () => {
    const dir = tree({
      'scripts/boards.coffee': 'module.exports = (robot) ->\n  appId = process.env.HUBOT_BOARDS_APP_ID\n  callbackUrl = process.env.HUBOT_BOARDS_OAUTH_CALLBACK\n  base = process.env.HUBOT_BOARDS_SPS or "https://app.vssps.visualstudio.com"\n  tokenUrl = "#{base}/oauth2/token"\n',
    });
    const result = scan(dir);
    expect(result.apps.map((a) => a.clientIdSource)).toEqual(['env:HUBOT_BOARDS_APP_ID']);
    expect(kinds(dir)).toEqual(expect.arrayContaining(['scripts/boards.coffee:2 client-id', 'scripts/boards.coffee:3 callback-url']));
  });

  it('a passport strategy: its own reads count, another provider\'s, comments and comparisons do not', () => {
    const dir = tree({
      'src/auth.js': [
        'passport.use(new OAuth2Strategy({',
        '  authorizationURL: "https://app.vssps.visualstudio.com/oauth2/authorize",',
        '  clientID: process.env.BOARDS_OAUTH_APP_ID,',
        '}));',
        'passport.use(new GitHubStrategy({ clientID: process.env.GITHUB_CLIENT_ID }));',
        '// clientID: process.env.OLD_BOARDS_APP_ID',
        'const same = appId == process.env.OTHER_APP_ID;',
        '',
      ].join('\n'),
    });
    const ids = scan(dir).findings.filter((f) => f.kind === 'client-id');
    expect(ids.map((f) => f.line)).toEqual([3]);
    expect(scan(dir).apps.map((a) => a.clientIdSource)).toEqual(['env:BOARDS_OAUTH_APP_ID']);
  });
});

describe('placeholders written in upper case with underscores', () => {
  it('YOUR_CLIENT_ID and YOUR_CLIENT_SECRET are stand-ins, not an App ID and a committed secret', () => {
    const dir = tree({
      'appsettings.json': JSON.stringify({ Auth: { OAuth: { AuthorizationUri: 'https://app.vssps.visualstudio.com/oauth2/authorize', ClientId: 'YOUR_CLIENT_ID', ClientSecret: 'YOUR_CLIENT_SECRET', RedirectUri: 'https://localhost:5001/auth/done' } } }, null, 2) + '\n',
    });
    const result = scan(dir);
    expect(result.apps.map((a) => [a.clientId, a.hasSecret])).toEqual([[null, false]]);
    expect(result.findings.filter((f) => f.kind === 'client-secret').map((f) => f.severity)).toEqual(['warning']);
  });

  it('a value that merely starts with such a word stays a value', () => {
    expect(isPlaceholder('yourself-hosted-7Q~abc')).toBe(false);
    expect(isPlaceholder('ENTER_CLIENT_SECRET_HERE')).toBe(true);
    expect(isPlaceholder('<your secret>')).toBe(true);
    expect(['?', 'xxxxxxx', '********'].map(isPlaceholder)).toEqual([true, true, true]);
    expect(['x', 'x9Q~a', 'xx'].map(isPlaceholder)).toEqual([false, false, false]);
  });
});

describe('apps whose legacy flow lives inside a provider package', () => {
  it('a Next.js app on the Auth.js azure-devops provider is a legacy app, with its env reads and scope', () => {
    const evidence = scanWithEvidence(tree({
      'pages/api/auth/[...nextauth].ts': 'import NextAuth from "next-auth"\nimport AzureDevOpsProvider from "next-auth/providers/azure-devops"\nimport GitHubProvider from "next-auth/providers/github"\n\nexport default NextAuth({\n  providers: [\n    AzureDevOpsProvider({\n      clientId: process.env.BOARDS_APP_ID,\n      clientSecret: process.env.BOARDS_CLIENT_SECRET,\n      scope: "vso.code vso.work",\n    }),\n    GitHubProvider({ clientId: process.env.GITHUB_ID }),\n  ],\n})\n',
    }));
    const { apps, findings } = evidence.result;
    expect(apps.map((a) => [a.clientIdSource, a.scopes])).toEqual([['env:BOARDS_APP_ID', ['vso.code', 'vso.work']]]);
    expect(findings.find((f) => f.line === 2)).toMatchObject({ kind: 'other', severity: 'warning' });
    const sites = buildPlan(evidence, inputs).apps[0]!.codeSites;
    expect(sites.find((s) => s.line === 2)!.replacement).toContain('microsoft-entra-id');
  });

  it('an ASP.NET Core app calling AddVisualStudio, with its settings section', () => {
    const dir = tree({
      'Startup.cs': 'public class Startup {\n  public void ConfigureServices(IServiceCollection services) {\n    services.AddAuthentication().AddVisualStudio(o => {\n      o.ClientId = Configuration["VisualStudio:ClientId"];\n      o.ClientSecret = Configuration["VisualStudio:ClientSecret"];\n      o.Scope.Add("vso.project");\n    });\n  }\n}\n',
      'appsettings.json': '{\n  "VisualStudio": {\n    "ClientId": "3e1f5a7c-9b2d-4c6e-8a0f-1b3d5f7a9c2e",\n    "ClientSecret": ""\n  }\n}\n',
    });
    const { apps } = scan(dir);
    expect(apps.map((a) => [a.files, a.clientId, a.scopes])).toEqual([[['appsettings.json', 'Startup.cs'], '3e1f5a7c-9b2d-4c6e-8a0f-1b3d5f7a9c2e', ['vso.project']]]);
  });

  it('the Entra provider of the same libraries is no legacy app', () => {
    const dir = tree({
      'auth.ts': 'import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id"\nexport const p = MicrosoftEntraID({ clientId: process.env.AUTH_MICROSOFT_ENTRA_ID_ID })\n',
      'Program.cs': 'builder.Services.AddAuthentication().AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"));\n',
    });
    expect(scan(dir).apps).toEqual([]);
  });
});

describe('a callback written as a path', () => {
  it('the plan asks to register that path on the app\'s host, not for a callback it did not find', () => {
    const evidence = scanWithEvidence(tree({
      'Startup.cs': 'services.AddAuthentication().AddVisualStudio(o => {\n  o.CallbackPath = "/signin-boards";\n});\n',
    }));
    const steps = buildPlan(evidence, inputs).manualSteps.join('\n');
    expect(steps).not.toContain('none was found');
    expect(steps).toContain('https://<your host>/signin-boards');
  });
});

describe('a list of external providers told apart by a type setting', () => {
  const env = [
    'EXT_AUTH_0_ID="primary-azure-devops"', 'EXT_AUTH_0_TYPE=azure-devops', 'EXT_AUTH_0_CLIENT_ID=2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f70',
    'EXT_AUTH_0_CLIENT_SECRET=not-in-git-1', 'EXT_AUTH_0_AUTH_URL="https://app.vssps.visualstudio.com/oauth2/authorize"',
    'EXT_AUTH_0_TOKEN_URL="https://app.vssps.visualstudio.com/oauth2/token"', '',
    'EXT_AUTH_1_ID=primary-github', 'EXT_AUTH_1_TYPE=github', 'EXT_AUTH_1_CLIENT_ID=Iv1.5a6b7c8d9e0f1a2b', 'EXT_AUTH_1_CLIENT_SECRET=not-in-git-2', '',
    'EXT_AUTH_2_TYPE=azure-devops-entra', 'EXT_AUTH_2_CLIENT_ID=8f7e6d5c-4b3a-4291-8f7e-6d5c4b3a2918', 'EXT_AUTH_2_CLIENT_SECRET=not-in-git-3',
    'EXT_AUTH_2_AUTH_URL="https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"', '',
  ].join('\n');

  it('only the Azure DevOps one is a legacy app, and the plan edits only its lines', () => {
    const evidence = scanWithEvidence(tree({ 'deploy.env': env }));
    expect(evidence.result.apps.map((a) => a.clientId)).toEqual(['2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f70']);
    const diff = buildPlan(evidence, inputs).edits.map((e) => e.diff).join('\n');
    expect(diff).not.toMatch(/^[-+]EXT_AUTH_[12]_/m);
    expect(diff).toMatch(/^\+EXT_AUTH_0_CLIENT_ID=11111111-2222-3333-4444-555555555555$/m);
  });

  it('a JSON entry with "type": "gitlab" beside a legacy entry keeps its keys', () => {
    const json = JSON.stringify({ providers: [
      { type: 'vsts', clientId: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f70', authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize' },
      { type: 'gitlab', clientId: 'a1b2c3d4e5f6', clientSecret: 'not-in-git-4' },
    ] }, null, 2);
    const { apps, findings } = scan(tree({ 'providers.json': json + '\n' }));
    expect(apps).toHaveLength(1);
    expect(findings.filter((f) => f.kind === 'client-secret')).toEqual([]);
  });
});

describe('a default written after an environment read', () => {
  it.each([
    ['auth.ts', 'const BOARDS_CALLBACK_URL = process.env.OTHER_CALLBACK_URL || "https://boards.example.test/auth/done";\nconst AUTH = "https://app.vssps.visualstudio.com/oauth2/authorize";\n'],
    ['auth.py', 'redirect_uri = os.environ.get("BOARDS_CALLBACK") or "https://boards.example.test/auth/done"\nAUTH = "https://app.vssps.visualstudio.com/oauth2/authorize"\n'],
    ['auth.rb', 'CALLBACK_URL = ENV["BOARDS_CALLBACK"] || "https://boards.example.test/auth/done"\nAUTH = "https://app.vssps.visualstudio.com/oauth2/authorize"\n'],
  ])('is the setting\'s value (%s)', (file, text) => {
    expect(scan(tree({ [file]: text })).apps.map((a) => a.callbackUrl)).toEqual(['https://boards.example.test/auth/done']);
  });
});

describe('a setting named in a message or a comment is not read there', () => {
  it('only the reads are sites; the error message and the comment naming the variables are not', () => {
    const dir = tree({
      '.env.example': 'AZURE_DEVOPS_CLIENT_ID=\nAZURE_DEVOPS_CLIENT_SECRET=\n',
      'src/oauth.js': [
        '// AZURE_DEVOPS_CLIENT_ID comes from the app registration page',
        'const id = process.env.AZURE_DEVOPS_CLIENT_ID;',
        'const secret = process.env.AZURE_DEVOPS_CLIENT_SECRET;',
        'if (!id) throw new Error("AZURE_DEVOPS_CLIENT_ID and AZURE_DEVOPS_CLIENT_SECRET must be set");',
        'const url = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${id}`;',
        '',
      ].join('\n'),
    });
    const lines = scan(dir).findings.filter((f) => f.file === 'src/oauth.js' && /^client-/.test(f.kind)).map((f) => f.line);
    expect(lines).toEqual([2, 3]);
  });
});
